"""Answers on their way to Slack: rendered when a request is handled, stored in the inbox's
outbox in the same commit, and delivered after it.

An outbound answer is plain JSON: where it goes (`to`), its text and blocks, any file to
attach (with the inline version to show if the upload is refused) and the pressed message
whose buttons it retires. Delivery tells the inbox what happened: delivered, try again later
(a 429's capped Retry-After, a 5xx, Slack unreachable), or undeliverable.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from adapters.slack.blocks import escape, fallback_text, reply_blocks
from adapters.slack.retry import DEFAULT_RETRY_AFTER, answering_retries, retry_after
from adapters.slack.workspaces import REQUEST_TIMEOUT, DirectMessages, Workspaces, error_code
from bot.inbox import DeliveryResult
from bot.replies import Code, Notice, Reply, Tone
from bot.syntax import Surface

log = logging.getLogger(__name__)

JSON = dict[str, Any]
TRANSIENT_ERRORS = frozenset({"ratelimited", "internal_error", "fatal_error", "request_timeout",
                              "service_unavailable"})


@dataclass(frozen=True)
class Destination:
    """Where an answer goes: a DM channel (a real message), or a response URL (ephemeral);
    with neither, the user's DM with the bot."""

    team_id: str
    user_id: str
    channel: str | None = None
    response_url: str | None = None

    @property
    def surface(self) -> Surface:
        """An ephemeral answer is in a channel, where only `/coach` reaches the bot; anything
        else ends up in the bot's DM, where plain messages do."""
        ephemeral = self.channel is None and self.response_url is not None
        return Surface.SLACK_CHANNEL if ephemeral else Surface.DIRECT

    @classmethod
    def from_json(cls, data: Any) -> Destination:
        data = data if isinstance(data, dict) else {}
        return cls(team_id=str(data.get("team_id") or ""), user_id=str(data.get("user_id") or ""),
                   channel=data.get("channel") or None,
                   response_url=data.get("response_url") or None)


def outbound(to: Destination, reply: Reply, *, retire: JSON | None = None) -> JSON:
    """An answer rendered for the outbox. A file part (the JSON export) is uploaded to the
    user's DM, since Slack can't attach files to ephemeral messages; the message says where
    it went, and the inline version is kept in case Slack refuses the upload."""
    files = [part for part in reply.parts if isinstance(part, Code) and part.filename]
    shown = reply
    answer: JSON = {"to": asdict(to)}
    if files:
        rest = tuple(part for part in reply.parts if part not in files)
        where = "here" if to.channel else "in our direct messages"
        names = ", ".join(str(part.filename) for part in files)
        shown = Reply(parts=(*rest, Notice(f"I've attached {names} {where}.", Tone.SUCCESS)),
                      buttons=reply.buttons)
        answer["files"] = [{"filename": part.filename, "content": part.text} for part in files]
        answer["inline"] = {"text": fallback_text(reply), "blocks": reply_blocks(reply)}
    answer.update(text=fallback_text(shown), blocks=reply_blocks(shown))
    if retire is not None:
        answer["retire"] = retire
    return answer


def ephemeral_note(to: Destination, text: str) -> JSON:
    """A one-line private answer (through the response URL)."""
    return {"to": asdict(to), "text": escape(text), "blocks": reply_blocks(Reply.text(text))}


class Courier:
    """Delivers outbound answers with the retrying clients."""

    def __init__(self, workspaces: Workspaces, dms: DirectMessages) -> None:
        self._workspaces = workspaces
        self._dms = dms

    async def deliver(self, answer: JSON) -> DeliveryResult:
        to = Destination.from_json(answer.get("to"))
        client = await self._workspaces.answering_client(to.team_id)
        if client is None:
            return DeliveryResult.undeliverable("the app has no token for the workspace")
        try:
            if isinstance(answer.get("retire"), dict):
                await self._retire(client, answer["retire"])
            text, blocks = str(answer.get("text") or " "), list(answer.get("blocks") or [])
            files = answer.get("files") or []
            if files and not await self._upload(client, to, files):
                inline = answer.get("inline") or {}
                text, blocks = str(inline.get("text") or text), list(inline.get("blocks") or [])
            await self._post(client, to, text, blocks)
        except SlackApiError as exc:
            return _classify(exc)
        except (aiohttp.ClientError, TimeoutError) as exc:
            return DeliveryResult.later(DEFAULT_RETRY_AFTER, f"Slack unreachable "
                                        f"({type(exc).__name__})")
        return DeliveryResult.delivered()

    async def _post(self, client: AsyncWebClient, to: Destination, text: str,
                    blocks: list[JSON]) -> None:
        if to.channel is None and to.response_url is not None and \
                await post_to_url(self._workspaces.http(), to.response_url, text=text,
                                  blocks=blocks):
            return
        channel = to.channel or await self._dms.channel(to.team_id, to.user_id)
        await client.chat_postMessage(channel=channel, text=text, blocks=blocks, mrkdwn=False,
                                      unfurl_links=False, unfurl_media=False)

    async def _upload(self, client: AsyncWebClient, to: Destination, files: list[JSON]) -> bool:
        """Upload file parts to the DM (or the channel answered in); False if Slack refused."""
        try:
            channel = to.channel or await self._dms.channel(to.team_id, to.user_id)
            for item in files:
                await client.files_upload_v2(channel=channel, filename=str(item["filename"]),
                                             content=str(item["content"]),
                                             title=str(item["filename"]))
        except SlackApiError as exc:
            if _classify(exc).retry_after is not None:
                raise
            log.warning("Slack refused a file upload: %s", error_code(exc) or "unknown")
            return False
        return True

    async def _retire(self, client: AsyncWebClient, retire: JSON) -> None:
        """Replace a pressed message's buttons with the choice made (the same edit again, if
        this answer is delivered a second time)."""
        text, blocks = str(retire.get("text") or " "), list(retire.get("blocks") or [])
        if retire.get("response_url"):
            await post_to_url(self._workspaces.http(), str(retire["response_url"]), text=text,
                              blocks=blocks, replace_original=True)
            return
        try:
            await client.chat_update(channel=str(retire.get("channel") or ""),
                                     ts=str(retire.get("ts") or ""), text=text, blocks=blocks)
        except SlackApiError as exc:
            if _classify(exc).retry_after is not None:
                raise
            log.warning("couldn't retire a message's buttons: %s", error_code(exc) or "unknown")


async def post_to_url(session: aiohttp.ClientSession, url: str, *, text: str,
                      blocks: list[JSON], replace_original: bool = False) -> bool:
    """A private answer through a response URL (valid 30 minutes, five uses); False if it
    is spent or Slack can't be reached, so the caller can answer another way."""
    client = AsyncWebhookClient(url, timeout=REQUEST_TIMEOUT, session=session,
                                retry_handlers=answering_retries())
    try:
        response = await client.send(text=text, blocks=blocks, response_type="ephemeral",
                                     replace_original=replace_original)
    except (aiohttp.ClientError, TimeoutError) as exc:
        log.info("response URL failed: %s", type(exc).__name__)
        return False
    return response.status_code == 200


def _classify(exc: SlackApiError) -> DeliveryResult:
    status = exc.response.status_code if exc.response is not None else 0
    error = error_code(exc)
    if status == 429 or error == "ratelimited":
        headers = exc.response.headers if exc.response is not None else None
        return DeliveryResult.later(retry_after(headers), "Slack rate limit")
    if status >= 500 or error in TRANSIENT_ERRORS:
        return DeliveryResult.later(DEFAULT_RETRY_AFTER, f"Slack error {error or status}")
    return DeliveryResult.undeliverable(f"Slack refused the answer ({error or status})")
