"""Nudges on Slack end to end: the real scheduler, SlackMessenger, Slack listeners, coach and
SQLite against the fake Slack. Nothing of ours is mocked; time is the rig's FakeClock and the
scheduler is driven with `run_due()`, so every send happens exactly when a test says so.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from fake_slack import Message
from slack_harness import ALEX, BLAIR, GENERAL, T1, T2, SlackRig, block_text, buttons

from adapters.slack.messenger import SLACK_PLATFORM
from bot.models import UserKey

ALREADY_CHOSEN = "You already chose an option on that message."
UNREACHABLE_NOTICE = "I couldn't send you a reminder as a direct message"


def log_line(company: str, interviewer: str = "Jane Smith") -> str:
    """A one-line `log` command for a rejection received today."""
    first = interviewer.split()[0].lower()
    return (f"log company: {company}; role: Designer; interviewer: {interviewer}; "
            f"email: {first}@{company.lower()}.com; rejected: today; memory: the demo")


@pytest.fixture
async def rig(tmp_path: Path) -> AsyncIterator[SlackRig]:
    async with SlackRig(tmp_path) as started:
        yield started


# -- reading the world -----------------------------------------------------------------------


async def user_id(rig: SlackRig, team: str, user: str) -> int:
    found = await rig.store.get_user(UserKey(SLACK_PLATFORM, team, user))
    assert found is not None, f"{user} in {team} has no user row"
    return found.id


async def nudges(rig: SlackRig, team: str, user: str) -> list[sqlite3.Row]:
    """The user's nudge rows, oldest first."""
    return await rig.store.database.read(
        "SELECT * FROM nudges WHERE user_id = ? ORDER BY id", (await user_id(rig, team, user),))


async def nudge(rig: SlackRig, key: str) -> sqlite3.Row:
    [row] = await rig.store.database.read("SELECT * FROM nudges WHERE idempotency_key = ?",
                                          (key,))
    return row


async def pending(rig: SlackRig, team: str, user: str, kind: str) -> sqlite3.Row:
    """The user's earliest pending nudge of `kind`."""
    rows = [r for r in await nudges(rig, team, user)
            if r["kind"] == kind and r["status"] == "pending"]
    assert rows, f"no pending {kind} nudge for {user} in {team}"
    return min(rows, key=lambda r: r["due_at"])


async def open_plan(rig: SlackRig, team: str, user: str) -> set[tuple[str, str]]:
    """The user's pending rejection nudges as (kind, local due date): what the playbook
    will remind them of next (monthly check-ins left out)."""
    return {(r["kind"], r["idempotency_key"].rsplit(":", 1)[1])
            for r in await nudges(rig, team, user)
            if r["status"] == "pending" and r["rejection_id"] is not None}


async def events(rig: SlackRig, rejection_id: int = 1) -> list[tuple[str, str | None]]:
    """A rejection's events as (kind, value or action), oldest first."""
    rows = await rig.store.database.read(
        "SELECT kind, data FROM events WHERE rejection_id = ? ORDER BY id", (rejection_id,))
    out = []
    for row in rows:
        data = json.loads(row["data"] or "{}")
        out.append((row["kind"], data.get("value") or data.get("action")))
    return out


async def snapshot(rig: SlackRig) -> list[tuple[Any, ...]]:
    """Every event and nudge row: equal snapshots mean no command changed anything."""
    events = await rig.store.database.read("SELECT * FROM events ORDER BY id")
    rows = await rig.store.database.read("SELECT * FROM nudges ORDER BY id")
    return [tuple(r) for r in [*events, *rows]]


def dm(rig: SlackRig, team: str, user: str) -> str:
    return rig.fake.dm_channel(team, user)


def bot_messages(rig: SlackRig, team: str, user: str) -> list[Message]:
    return rig.fake.bot_messages(dm(rig, team, user))


def text_of(message: Message) -> str:
    return block_text(message.blocks or []) or message.text


def commands(message: Message) -> dict[str, str]:
    """The message's command buttons as label -> command."""
    return {b["text"]["text"]: b["value"] for b in buttons(message.blocks or [])}


def ok_posts(rig: SlackRig) -> list[Any]:
    return [c for c in rig.fake.calls_to("chat.postMessage") if c.ok]


def due(row: sqlite3.Row) -> datetime:
    return datetime.fromisoformat(row["due_at"])


# -- what happens ----------------------------------------------------------------------------


async def deliver_on_time(rig: SlackRig, team: str, user: str, kind: str) -> Message:
    """Move the clock to the moment the user's next `kind` nudge is due, run the scheduler,
    and return the one DM it sent."""
    row = await pending(rig, team, user, kind)
    rig.clock.set(due(row))
    before = len(bot_messages(rig, team, user))
    assert await rig.service.scheduler.run_due() == 1
    sent = bot_messages(rig, team, user)[before:]
    assert len(sent) == 1, "exactly one DM per nudge"
    assert (await nudge(rig, row["idempotency_key"]))["status"] == "sent"
    return sent[0]


def button(message: Message, label: str) -> dict[str, Any]:
    """The message's button labelled `label` (a copy: the message may be edited later)."""
    found = [b for b in buttons(message.blocks or []) if b["text"]["text"] == label]
    assert len(found) == 1, f"no single {label!r} button in {text_of(message)!r}"
    return dict(found[0])


async def press(rig: SlackRig, team: str, user: str, message: Message,
                button: dict[str, Any]) -> None:
    """Press a button of a bot message, as Slack sends it (block_actions with the message).

    The fake labels an action with its value; real Slack sends the pressed button's own
    text, which our listener shows as the choice made, so the payload gets the real label.
    """
    body = rig.fake.block_action_body(team, user, message.channel, button["action_id"],
                                      button["value"], message_ts=message.ts)
    body["actions"][0]["text"] = dict(button["text"])
    status, _ = await rig.interact(body)
    assert status == 200


async def press_first_time(rig: SlackRig, team: str, user: str, message: Message,
                           label: str) -> Message:
    """Press a button and wait for the coach's answer in the DM; returns that answer."""
    before = len(bot_messages(rig, team, user))
    await press(rig, team, user, message, button(message, label))
    await rig.fake.wait_until(lambda: len(bot_messages(rig, team, user)) > before,
                              what="the coach's answer to a button")
    await rig.app.settle()
    [answer] = bot_messages(rig, team, user)[before:]
    return answer


async def press_again(rig: SlackRig, team: str, user: str, message: Message,
                      pressed: dict[str, Any]) -> None:
    """Press a button again (a stale client still shows it) on a message whose choice was
    made; waits for the ephemeral answer."""
    before = len(rig.fake.responses)
    await press(rig, team, user, message, pressed)
    await rig.fake.wait_for_responses(before + 1)
    await rig.app.settle()


async def reach_out_nudge(rig: SlackRig) -> Message:
    """Alex logs Acme (in #general) and gets the reach-out nudge two weeks later."""
    await rig.slash(T1, ALEX, log_line("Acme"))
    return await deliver_on_time(rig, T1, ALEX, "reach-out")


async def check_reply_nudge(rig: SlackRig) -> Message:
    """Alex marks the thank-you as sent from the reach-out nudge; a week on, the check."""
    reach_out = await reach_out_nudge(rig)
    await press_first_time(rig, T1, ALEX, reach_out, "Mark as sent")
    return await deliver_on_time(rig, T1, ALEX, "check-reply")


# -- 1. delivery -----------------------------------------------------------------------------


async def test_a_due_nudge_arrives_as_a_dm_with_command_buttons(rig: SlackRig) -> None:
    await rig.slash(T1, ALEX, log_line("Acme"))
    row = await pending(rig, T1, ALEX, "reach-out")
    # Rejected Mon 2 Mar; 14 days of cool-down; 09:30 in Alex's Slack zone (Berlin, UTC+1).
    assert due(row) == datetime.fromisoformat("2026-03-16T08:30:00+00:00")
    assert rig.fake.calls_to("conversations.open") == []  # nothing was said in the DM yet

    rig.clock.set(due(row) - timedelta(seconds=1))
    assert await rig.service.scheduler.run_due() == 0  # not a moment early
    assert ok_posts(rig) == []
    message = await deliver_on_time(rig, T1, ALEX, "reach-out")

    [opened] = rig.fake.calls_to("conversations.open")
    assert (opened.team_id, opened.params["users"]) == (T1, ALEX)
    [post] = ok_posts(rig)
    assert (post.team_id, post.params["channel"]) == (T1, dm(rig, T1, ALEX))
    assert message.channel == dm(rig, T1, ALEX)
    text = text_of(message)
    assert text.startswith("💡 ⏰ Reach out to Acme\n")  # on time: no "sent late"
    assert "short thank-you email to Jane:" in text
    assert "Reach out to Acme" in message.text  # the notification's fallback text
    assert commands(message) == {"Show the draft": "draft thank-you #1",
                                 "Mark as sent": "sent #1", "Snooze a week": "snooze #1 1w",
                                 "Stop reminders for this one": "stop #1"}
    assert {b["action_id"] for b in buttons(message.blocks or [])} == {
        f"rebound_cmd_{i}" for i in range(4)}
    assert (await nudge(rig, row["idempotency_key"]))["late"] == 0

    # The next nudge reuses the DM channel Slack gave the first time.
    await rig.slash(T1, ALEX, log_line("Globex", "Omar Ruiz"))
    second = await deliver_on_time(rig, T1, ALEX, "reach-out")
    assert "Reach out to Globex" in text_of(second)
    assert len(rig.fake.calls_to("conversations.open")) == 1
    assert [c.params["channel"] for c in ok_posts(rig)] == [dm(rig, T1, ALEX)] * 2


# -- 2. the nudge's buttons ------------------------------------------------------------------


@dataclass(frozen=True)
class ButtonCase:
    """A nudge button, what the coach answers, and how the user's data must change."""

    nudge: Callable[[SlackRig], Awaitable[Message]]
    label: str
    answer: str
    event: tuple[str, str | None]
    """The event the press records on the rejection: (kind, value or the action acted on)."""
    plan_line: str
    """A line of `plan #1` afterwards that shows the change."""
    open_after: set[tuple[str, str]]


BUTTONS = {
    "mark-as-sent": ButtonCase(
        reach_out_nudge, "Mark as sent",
        "Noted: “Send a short thank-you email” done for Acme (Designer).",
        ("sent", "reach-out"), "done  ·  Send a short thank-you email",
        {("check-reply", "2026-03-23"), ("no-reply", "2026-03-30"),
         ("stay-in-touch", "2026-09-02")}),
    "snooze": ButtonCase(
        reach_out_nudge, "Snooze a week",
        "Snoozed: “Send a short thank-you email” for Acme moves to Mon 23 Mar 2026",
        ("snoozed", "reach-out"), "snoozed from Mon 16 Mar 2026",
        {("reach-out", "2026-03-23")}),
    "stop": ButtonCase(
        reach_out_nudge, "Stop reminders for this one",
        "No more reminders about Acme (Designer).",
        ("stopped", None), "Current step: \n2 · Reach out", set()),
    "brief-reply": ButtonCase(
        check_reply_nudge, "Brief reply",
        "A short, polite answer still means you're on their radar.",
        ("replied", "brief"),
        "done  ·  They replied briefly: pause all contact (until Mon 13 Apr 2026)",
        {("pause-over", "2026-04-13"), ("stay-in-touch", "2026-09-02")}),
    "conversation": ButtonCase(
        check_reply_nudge, "A conversation",
        "They opened a conversation: that's the best outcome.",
        ("replied", "conversation"), "done  ·  They opened a conversation",
        {("answer-reply", "2026-03-23"), ("stay-in-touch", "2026-09-02")}),
    "no-reply": ButtonCase(
        check_reply_nudge, "No reply",
        "No answer is common: hiring managers are swamped.",
        ("replied", "none"), "done  ·  No reply: don't chase them",
        {("no-reply", "2026-03-30"), ("stay-in-touch", "2026-09-02")}),
}


@pytest.mark.parametrize("case", BUTTONS.values(), ids=BUTTONS.keys())
async def test_a_nudge_button_runs_its_command_once(rig: SlackRig, case: ButtonCase) -> None:
    message = await case.nudge(rig)
    nudge_text = text_of(message).split("\n")[1]  # the step's explanation, under the title
    pressed = button(message, case.label)
    events_before = await events(rig)
    updates = len(rig.fake.calls_to("chat.update"))

    answer = await press_first_time(rig, T1, ALEX, message, case.label)

    # The nudge was edited in place: same text, the buttons gave way to the choice made.
    [edited] = [m for m in rig.fake.messages(message.channel) if m.ts == message.ts]
    assert edited.edits == 1
    assert buttons(edited.blocks or []) == []
    assert nudge_text in text_of(edited)
    assert text_of(edited).endswith(f"✔️ {case.label}")
    [update] = rig.fake.calls_to("chat.update")[updates:]
    assert (update.team_id, update.params["ts"]) == (T1, message.ts)
    # The coach answered in the DM, after the nudge.
    assert answer.channel == message.channel and answer.ts > message.ts
    assert case.answer in text_of(answer)
    # The data changed: one event recorded, and the reminders to come follow it.
    assert await events(rig) == [*events_before, case.event]
    assert await open_plan(rig, T1, ALEX) == case.open_after
    changed = await snapshot(rig)

    await press_again(rig, T1, ALEX, message, pressed)
    assert rig.fake.responses[-1][1]["text"] == ALREADY_CHOSEN
    assert rig.fake.responses[-1][1]["replace_original"] is False
    assert await snapshot(rig) == changed  # the command didn't run again
    assert bot_messages(rig, T1, ALEX)[-1].ts == answer.ts  # and nothing new was posted
    assert len(rig.fake.calls_to("chat.update")) == updates + 1

    await rig.dm(T1, ALEX, "plan #1")
    assert case.plan_line in rig.last_dm(T1, ALEX)


# -- 3. rate limits --------------------------------------------------------------------------


async def test_a_429_leaves_the_nudge_pending_until_retry_after(rig: SlackRig) -> None:
    await rig.slash(T1, ALEX, log_line("Acme"))
    row = await pending(rig, T1, ALEX, "reach-out")
    rig.clock.set(due(row))
    rig.fake.fail_next("chat.postMessage", status=429, retry_after=7)

    assert await rig.service.scheduler.run_due() == 1
    [refused] = rig.fake.calls_to("chat.postMessage")
    assert (refused.ok, refused.status) == (False, 429)
    assert bot_messages(rig, T1, ALEX) == []
    after = await nudge(rig, row["idempotency_key"])
    assert (after["status"], after["last_error"]) == ("pending", "Slack rate limit")
    assert datetime.fromisoformat(after["run_at"]) == due(row) + timedelta(seconds=7)

    rig.clock.advance(timedelta(seconds=6))
    assert await rig.service.scheduler.run_due() == 0  # still inside Retry-After
    assert len(rig.fake.calls_to("chat.postMessage")) == 1
    rig.clock.advance(timedelta(seconds=1))
    assert await rig.service.scheduler.run_due() == 1
    rig.clock.advance(timedelta(minutes=5))
    assert await rig.service.scheduler.run_due() == 0
    assert len(ok_posts(rig)) == 1
    [message] = bot_messages(rig, T1, ALEX)
    assert "Reach out to Acme" in text_of(message)
    final = await nudge(rig, row["idempotency_key"])
    assert (final["status"], final["attempts"], final["late"]) == ("sent", 2, 0)


async def test_a_429_pauses_every_slack_nudge_for_retry_after(rig: SlackRig) -> None:
    """Slack's rate limit is per app and method, not per user: after Alex's 429, Blair's
    nudge in the same batch waits out the Retry-After too, on the scheduler's clock."""
    await rig.slash(T1, ALEX, log_line("Acme"))
    await rig.slash(T1, BLAIR, log_line("Beta", "Bo Chen"))
    alex, blair = (await pending(rig, T1, ALEX, "reach-out"),
                   await pending(rig, T1, BLAIR, "reach-out"))
    rig.clock.set(max(due(alex), due(blair)))
    rig.fake.fail_next("chat.postMessage", status=429, retry_after=7)

    run = asyncio.create_task(rig.service.scheduler.run_due())
    await rig.fake.wait_for_calls("chat.postMessage")
    while rig.clock.sleepers == 0:  # the scheduler waits out the pause on the clock
        assert not run.done()
        await asyncio.sleep(0.01)
    assert bot_messages(rig, T1, BLAIR) == []
    rig.clock.advance(timedelta(seconds=6))
    await asyncio.sleep(0.05)
    assert not run.done() and bot_messages(rig, T1, BLAIR) == []
    rig.clock.advance(timedelta(seconds=1))
    # Blair's nudge, then Alex's again: its Retry-After is over too.
    assert await asyncio.wait_for(run, 5) == 3
    assert [c.params["channel"] for c in rig.fake.calls_to("chat.postMessage")] == [
        dm(rig, T1, ALEX), dm(rig, T1, BLAIR), dm(rig, T1, ALEX)]
    for user, company in ((ALEX, "Acme"), (BLAIR, "Beta")):
        [message] = bot_messages(rig, T1, user)
        assert f"Reach out to {company}" in text_of(message)


# -- 4. a DM channel that's gone -------------------------------------------------------------


async def test_a_dead_dm_channel_is_reopened_and_the_nudge_sent_once(rig: SlackRig) -> None:
    await rig.dm(T1, ALEX, log_line("Acme"))  # the DM channel is known from this event
    assert rig.fake.calls_to("conversations.open") == []
    answers = len(bot_messages(rig, T1, ALEX))
    rig.fake.fail_next("chat.postMessage", error="channel_not_found")

    message = await deliver_on_time(rig, T1, ALEX, "reach-out")

    [opened] = rig.fake.calls_to("conversations.open")
    assert (opened.team_id, opened.params["users"]) == (T1, ALEX)
    nudge_posts = rig.fake.calls_to("chat.postMessage")[answers:]
    assert [(c.ok, c.error) for c in nudge_posts] == [(False, "channel_not_found"), (True, None)]
    assert len(bot_messages(rig, T1, ALEX)) == answers + 1
    assert "Reach out to Acme" in text_of(message)


# -- 5. users the app can't reach ------------------------------------------------------------


def remove_user(rig: SlackRig) -> None:
    del rig.fake.users[(T1, ALEX)]


def readd_user(rig: SlackRig) -> None:
    rig.fake.add_user(T1, ALEX, tz="Europe/Berlin", name="alex")


def set_messages_tab(on: bool) -> Callable[[SlackRig], None]:
    def apply(rig: SlackRig) -> None:
        rig.fake.users[(T1, ALEX)].messages_tab = on
    return apply


def set_deleted(deleted: bool) -> Callable[[SlackRig], None]:
    def apply(rig: SlackRig) -> None:
        rig.fake.users[(T1, ALEX)].deleted = deleted
    return apply


@dataclass(frozen=True)
class Unreachable:
    breaks: Callable[[SlackRig], None]
    mends: Callable[[SlackRig], None]
    reason: str


UNREACHABLE = {
    "messages-tab-off": Unreachable(set_messages_tab(False), set_messages_tab(True),
                                    "their Messages tab with the app is turned off "
                                    "(messages_tab_disabled)"),
    "left": Unreachable(remove_user, readd_user,
                        "they are no longer in the workspace (user_not_found)"),
    "deactivated": Unreachable(set_deleted(True), set_deleted(False),
                               "their account is deactivated (user_disabled)"),
}


def slack_calls(rig: SlackRig) -> int:
    """Calls that could reach the user: a nudge must not cause any more of them."""
    return sum(len(rig.fake.calls_to(m))
               for m in ("chat.postMessage", "conversations.open", "users.info"))


@pytest.mark.parametrize("case", UNREACHABLE.values(), ids=UNREACHABLE.keys())
async def test_an_unreachable_user_gets_a_dead_nudge_and_is_told_later(
        rig: SlackRig, case: Unreachable) -> None:
    await rig.slash(T1, ALEX, log_line("Acme"))
    await rig.slash(T1, ALEX, log_line("Beta", "Bo Chen"))
    # A deploy during the two weeks: a new process has no cached profile or DM channel. Alex
    # then opens the /coach menu in the DM, so the DM channel is known again (Slack keeps
    # accepting posts there even for a deactivated user: only the profile tells).
    await rig.stop()
    await rig.start()
    await rig.slash(T1, ALEX, "", channel=None)
    acme, beta = [r for r in await nudges(rig, T1, ALEX) if r["kind"] == "reach-out"]
    assert due(acme) == due(beta)
    case.breaks(rig)
    rig.clock.set(due(acme))
    menu_posts = len(ok_posts(rig))

    assert await rig.service.scheduler.run_due() == 2
    assert len(ok_posts(rig)) == menu_posts  # nothing reached Alex
    dead = await nudge(rig, acme["idempotency_key"])
    assert (dead["status"], dead["last_error"]) == ("dead", f"unreachable: {case.reason}")
    held = await nudge(rig, beta["idempotency_key"])
    assert (held["status"], held["last_error"]) == ("pending", "user unreachable")
    user = await rig.store.get_user(UserKey(SLACK_PLATFORM, T1, ALEX))
    assert user is not None and user.unreachable == case.reason

    # No retry loop: later passes leave the user alone, without a single Slack call.
    calls = slack_calls(rig)
    for _ in range(3):
        rig.clock.advance(timedelta(hours=1))
        assert await rig.service.scheduler.run_due() == 0
    assert slack_calls(rig) == calls

    case.mends(rig)
    await rig.dm(T1, ALEX, "list")
    told = rig.last_dm(T1, ALEX)
    assert told.startswith(f"⚠️ {UNREACHABLE_NOTICE} ({case.reason}), so I paused them.")
    assert "Acme" in told  # the answer to `list` follows
    await rig.dm(T1, ALEX, "list")
    assert UNREACHABLE_NOTICE not in rig.last_dm(T1, ALEX)  # told once

    # "I'll try again from now on": the held nudge goes out; the dead one stays dead.
    before = len(bot_messages(rig, T1, ALEX))
    assert await rig.service.scheduler.run_due() == 1
    [sent] = bot_messages(rig, T1, ALEX)[before:]
    assert "Reach out to Beta" in text_of(sent)
    assert (await nudge(rig, beta["idempotency_key"]))["status"] == "sent"
    assert (await nudge(rig, acme["idempotency_key"]))["status"] == "dead"


# -- 6. several users and workspaces ---------------------------------------------------------


async def test_each_users_nudge_goes_to_their_own_dm_with_their_workspaces_token(
        rig: SlackRig) -> None:
    people = {(T1, ALEX): "Acme", (T1, BLAIR): "Beta", (T2, ALEX): "Gamma"}
    for (team, user), company in people.items():
        # Alex logs Gamma in his T2 DM (which opens that DM channel), the others in #general.
        await rig.slash(team, user, log_line(company), channel=None if team == T2 else GENERAL)
    rig.fake.clear_calls()
    rows = {who: await pending(rig, *who, "reach-out") for who in people}
    rig.clock.set(max(due(r) for r in rows.values()))

    assert await rig.service.scheduler.run_due() == 3
    # By then Alex's Tokyo morning nudge is late and it is night in Tokyo: it waits for the
    # end of his quiet hours instead of arriving at night.
    assert len(ok_posts(rig)) == 2
    wake = await rig.service.scheduler.next_run_at()
    assert wake is not None and wake.astimezone(ZoneInfo("Asia/Tokyo")).hour == 8
    rig.clock.set(wake)
    assert await rig.service.scheduler.run_due() == 1

    posts = ok_posts(rig)
    assert len(posts) == 3
    by_channel = {c.params["channel"]: c for c in posts}
    for (team, user), company in people.items():
        channel = dm(rig, team, user)
        post = by_channel[channel]
        assert post.team_id == team  # sent with that workspace's bot token
        [message] = [m for m in bot_messages(rig, team, user) if "⏰" in text_of(m)]
        assert message.team_id == team
        text = text_of(message)
        assert f"Reach out to {company}" in text
        others = set(people.values()) - {company}
        assert not any(other in text or other in message.text for other in others)
    opened = {(c.team_id, c.params["users"]) for c in rig.fake.calls_to("conversations.open")}
    assert opened == {(T1, ALEX), (T1, BLAIR)}  # Alex's T2 DM was already known
    assert dm(rig, T1, ALEX) != dm(rig, T2, ALEX)


# -- 7. downtime -----------------------------------------------------------------------------


async def test_a_nudge_due_during_downtime_arrives_once_marked_late(rig: SlackRig) -> None:
    await rig.slash(T1, ALEX, log_line("Acme"))
    row = await pending(rig, T1, ALEX, "reach-out")
    await rig.stop()
    rig.clock.set(due(row) + timedelta(hours=5))
    await rig.start()  # a new process over the same database

    assert await rig.service.scheduler.run_due() == 1
    assert await rig.service.scheduler.run_due() == 0
    [message] = bot_messages(rig, T1, ALEX)
    assert text_of(message).startswith(
        "💡 ⏰ Reach out to Acme (due Mon 16 Mar 2026, sent late)\n")
    assert "short thank-you email to Jane:" in text_of(message)
    assert commands(message)["Mark as sent"] == "sent #1"
    after = await nudge(rig, row["idempotency_key"])
    assert (after["status"], after["late"], after["attempts"]) == ("sent", 1, 1)
    assert len(ok_posts(rig)) == 1


# -- the time zone of a user who starts with the modal ----------------------------------------


async def test_a_user_who_first_logs_with_the_modal_is_nudged_in_their_slack_zone(
        rig: SlackRig) -> None:
    await rig.slash(T1, ALEX, "log")  # opens the modal first; the zone is looked up after
    [view_id] = list(rig.fake.views)
    answers = {"company": "Acme", "role": "Designer", "interviewer": "Jane Smith",
               "email": "jane@acme.com", "rejected": "today", "memory": "the demo"}
    state = {field: {"value": {"type": "plain_text_input", "value": value}}
             for field, value in answers.items()}
    body = rig.fake.view_submission_body(
        T1, ALEX, "rebound_log", state, view_id=view_id,
        private_metadata=rig.fake.views[view_id]["private_metadata"])
    status, _ = await rig.interact(body)
    assert status == 200
    await rig.fake.wait_until(lambda: bool(rig.fake.responses), what="the logged answer")
    await rig.app.settle()
    assert "Logged: Acme" in str(rig.fake.responses[-1][1]["text"])

    row = await pending(rig, T1, ALEX, "reach-out")
    assert row["timezone"] == "Europe/Berlin"  # Alex's zone in Slack
    assert due(row) == datetime.fromisoformat("2026-03-16T08:30:00+00:00")  # 09:30 in Berlin
