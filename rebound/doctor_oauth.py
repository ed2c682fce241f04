"""`rebound doctor` for a distributed Slack app: the OAuth settings read as `rebound run`
reads them, and the client ID and secret checked with Slack.

Slack has no call that only checks an app's credentials, so `oauth.v2.access` is asked to
exchange a code that can't exist: `invalid_code` means it accepted the ID and secret and
looked at the code; `invalid_client_id` or `bad_client_secret` means it didn't.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping

import aiohttp
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.workspaces import error_code
from bot.errors import UserError
from rebound.findings import Finding, Status
from rebound.slack_app import WHERE, slack_settings

NO_SUCH_CODE = "rebound-doctor-checks-the-client-credentials"
REFUSED = {"invalid_client_id": "SLACK_CLIENT_ID", "bad_client_secret": "SLACK_CLIENT_SECRET"}


def oauth_configured(environ: Mapping[str, str]) -> bool:
    return bool(environ.get("SLACK_CLIENT_ID", "").strip()
                or environ.get("SLACK_CLIENT_SECRET", "").strip())


async def check_slack_oauth(environ: Mapping[str, str], *, api_url: str,
                            answer_within: float) -> Finding:
    """The OAuth settings, and Slack's word on the client ID and secret."""
    try:
        settings = slack_settings(environ, http=True)
    except UserError as exc:
        return Finding(Status.FAIL, "slack", str(exc))
    oauth = settings.oauth
    assert oauth is not None
    if environ.get("SLACK_APP_TOKEN", "").strip():
        return Finding(Status.FAIL, "slack", "SLACK_CLIENT_ID is set, so workspaces install "
                       "the app over HTTP, but SLACK_APP_TOKEN asks for Socket Mode: unset "
                       "SLACK_APP_TOKEN (or run with --slack-http).")
    client = AsyncWebClient(base_url=api_url, timeout=int(answer_within) or 1)
    try:
        async with asyncio.timeout(answer_within):
            await client.oauth_v2_access(client_id=oauth.client_id,
                                         client_secret=oauth.client_secret, code=NO_SUCH_CODE)
    except SlackApiError as exc:
        code = error_code(exc)
        if code in REFUSED:
            name = REFUSED[code]
            return Finding(Status.FAIL, "slack", f"{name} refused by Slack ({code}): copy it "
                           f"again from {WHERE[name]}.")
        if code != "invalid_code":
            return Finding(Status.WARN, "slack", f"Slack answered {code or 'an error'} when "
                           "asked about SLACK_CLIENT_ID and SLACK_CLIENT_SECRET; try again "
                           "later.")
    except (OSError, aiohttp.ClientError, SlackClientError, TimeoutError):
        return Finding(Status.WARN, "slack", f"no answer from Slack at {api_url} within "
                       f"{answer_within:g} s, so SLACK_CLIENT_ID and SLACK_CLIENT_SECRET "
                       "weren't checked.")
    return Finding(Status.OK, "slack", "SLACK_CLIENT_ID and SLACK_CLIENT_SECRET work: "
                   f"workspaces install the app at /slack/install (removed ones keep their "
                   f"data {settings.uninstall_grace.days} days)")
