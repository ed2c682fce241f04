"""The Slack adapter is built on slack-bolt: every request goes through the app's bolt
`AsyncApp`, once as it arrives (a DM, a command or a press is stored and acknowledged there)
and once more when the inbox replays it, where bolt's listener does the work and answers.
Bolt's matchers and middleware decide what is stored at all."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from slack_bolt.app.async_app import AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext
from slack_harness import ALEX, BLAIR, GENERAL, T1, SlackRig
from test_slack_app import LOG_ACME, form_values, open_log_modal

from adapters.slack.dispatch import BOLT_LOGGER, build_bolt, is_replay
from adapters.slack.workspaces import Workspaces
from bot.models import UserKey

Seen = list[tuple[str, str, bool]]


@pytest.fixture
async def rig(tmp_path: Path) -> AsyncIterator[SlackRig]:
    async with SlackRig(tmp_path) as started:
        yield started


def spy_on(bolt: AsyncApp, *, drop_replays_of: str | None = None) -> Seen:
    """A global bolt middleware noting each request bolt dispatches: its payload type, the
    user bolt read from it, and whether the inbox replays it. It can keep one user's replays
    from reaching the listeners."""
    seen: Seen = []

    async def spy(context: AsyncBoltContext, body: dict[str, Any],
                  next: Callable[[], Awaitable[None]]) -> None:
        replay = is_replay(context)
        seen.append((str(body.get("type") or body.get("command")), context.user_id or "",
                     replay))
        if not (replay and context.user_id == drop_replays_of):
            await next()

    bolt.use(spy)
    return seen


async def inbox_rows(rig: SlackRig) -> list[dict[str, object]]:
    return [dict(row) for row in await rig.store.database.read("SELECT * FROM inbox")]


async def test_a_dm_goes_through_bolt_as_it_arrives_and_again_from_the_inbox(
        rig: SlackRig) -> None:
    seen = spy_on(rig.app.bolt)
    await rig.dm(T1, ALEX, LOG_ACME)
    await rig.inbox_idle()
    assert seen == [("event_callback", ALEX, False), ("event_callback", ALEX, True)]
    assert "Logged: Acme" in rig.last_dm(T1, ALEX)


async def test_commands_and_presses_too_and_a_modal_only_as_it_arrives(rig: SlackRig) -> None:
    seen = spy_on(rig.app.bolt)
    view = await open_log_modal(rig)
    await rig.inbox_idle()
    assert seen == [("/coach", ALEX, False), ("/coach", ALEX, True)]
    seen.clear()
    payload = rig.fake.view_submission_body(
        T1, ALEX, "rebound_log", form_values(view, company="Acme", role="Designer",
                                             interviewer="Jane Smith", memory="the demo"),
        private_metadata=str(view["private_metadata"]))
    assert await rig.interact(payload) == (200, "")
    await rig.fake.wait_until(lambda: bool(rig.ephemeral_texts()), what="the confirmation")
    assert seen == [("view_submission", ALEX, False)]


async def test_without_the_bolt_listener_a_stored_dm_gets_no_answer(rig: SlackRig) -> None:
    spy_on(rig.app.bolt, drop_replays_of=BLAIR)
    assert await rig.dm(T1, BLAIR, LOG_ACME, wait=False) == 200  # stored and acknowledged
    await rig.dm(T1, ALEX, "help")  # the worker got round to Blair's as well
    await rig.inbox_idle()
    assert [r["status"] for r in await inbox_rows(rig)] == ["handled", "handled"]
    assert rig.dm_texts(T1, BLAIR) == []
    assert await rig.store.get_user(UserKey("slack", T1, BLAIR)) is None  # nothing was done


async def test_what_no_listener_wants_is_acknowledged_and_never_stored(rig: SlackRig) -> None:
    seen = spy_on(rig.app.bolt)
    bot = rig.fake.workspaces[T1].bot_id
    dm = rig.fake.dm_channel(T1, ALEX)
    echo = rig.fake.dm_message_event(T1, ALEX, None, "an answer of ours")
    echo["event"].update(bot_id=bot, user="UBOT")
    edited = rig.fake.dm_message_event(T1, ALEX, None, "edited")
    edited["event"]["subtype"] = "message_changed"
    in_channel = rig.fake.dm_message_event(T1, ALEX, GENERAL, "hello all")
    other_tab = rig.fake.app_home_opened_event(T1, ALEX, tab="messages")
    for body in (echo, edited, in_channel, other_tab):
        assert await rig.event(body) == 200
    link = rig.fake.block_action_body(T1, ALEX, dm, "rebound_mailto", None, message_ts="1.0")
    assert await rig.interact(link) == (200, "")
    # Bolt drops the bot's own message before any middleware of ours; no listener wants the
    # rest, or (the link) it only acknowledges them.
    assert seen == [("event_callback", ALEX, False)] * 3 + [("block_actions", ALEX, False)]
    assert await inbox_rows(rig) == []
    assert rig.fake.calls_to("chat.postMessage") == []


async def test_bolt_quiets_its_own_loggers_and_no_other() -> None:
    manager = logging.Logger.manager
    before = {name: logger.level for name, logger in manager.loggerDict.items()
              if isinstance(logger, logging.Logger)}
    build_bolt(Workspaces())
    changed = {name for name, logger in manager.loggerDict.items()
               if isinstance(logger, logging.Logger) and logger.level != before.get(name)}
    assert logging.getLogger(BOLT_LOGGER).level == logging.ERROR
    assert all(name == BOLT_LOGGER or name.startswith("slack_bolt.") for name in changed), \
        changed
