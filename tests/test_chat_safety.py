"""Safe to act, easy to undo: whole terminal conversations over a real SQLite file.

Confirming `sent` during the cool-down, `undo`, `snooze … until` and `unsnooze`, rejections
logged late, and confirmation buttons that only confirm their own question.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from chat_harness import LOG_ACME, Chat

LOG_BETA = "log company: Beta; role: QA; interviewer: Bo Lee; memory: the test plan review"


@pytest.fixture
def chat(tmp_path: Path) -> Chat:
    return Chat(tmp_path / "rebound.db")


def token(out: str, answer: str = "yes") -> str:
    """The one-time token of the last yes/no question shown."""
    found = re.findall(rf"\({answer} #([a-z0-9]{{6}})\)", out)
    assert found, out
    return found[-1]


def listing(out: str) -> str:
    return out.rsplit("Your rejections", 1)[1]


async def test_a_quick_action_number_during_the_cool_down_asks_first(chat: Chat) -> None:
    out = await chat.session(LOG_ACME, "plan", "2")
    assert "[2] Mark as sent (sent Acme)" in out
    asked = out.rsplit("Timeline", 1)[1]
    assert "The cool-down with Acme runs until Mon 16 Mar 2026 (in 14 days)" in asked
    assert "waiting helps" in asked and "Has your thank-you to Acme already gone out?" in asked
    assert "Yes, it's sent" in asked and "No, I'll wait" in asked
    assert "Noted" not in asked
    out = await chat.session("list")
    assert "1 · Cool down" in listing(out)
    out = await chat.session("sent", "no", "list")
    assert "Good call: nothing is marked. I'll remind you on Mon 16 Mar 2026" in out
    assert "1 · Cool down" in listing(out)


async def test_only_a_confirmation_records_a_sent_in_the_cool_down(chat: Chat) -> None:
    await chat.say(LOG_ACME)
    out = await chat.session("sent", "yes", "list")
    assert "Noted: “Send a short thank-you email” done for Acme (Product Designer)" in out
    assert "before the cool-down ends (Mon 16 Mar 2026)" in out
    assert "3 · React" in listing(out)


async def test_the_sent_button_confirms_and_another_command_drops_the_question(
        chat: Chat) -> None:
    await chat.say(LOG_ACME)
    asked = await chat.say("sent")
    pressed = await chat.session(f"yes #{token(asked)}")
    assert "Noted: “Send a short thank-you email” done" in pressed
    await chat.say("undo")
    out = await chat.session("sent", "list", "yes")
    assert "1 · Cool down" in listing(out)  # `list` ran and dropped the question
    assert "Nothing is waiting for that answer right now" in out


async def test_sent_after_the_cool_down_needs_no_question(chat: Chat) -> None:
    await chat.say(LOG_ACME)
    chat.advance(days=14)
    out = await chat.say("sent")
    assert "already gone out?" not in out
    assert "Noted: “Send a short thank-you email” done" in out


async def test_a_question_left_for_hours_expires(chat: Chat) -> None:
    await chat.session(LOG_ACME, "forget acme")
    chat.advance(hours=2)
    out = await chat.session("yes", "list")
    assert "That question has expired" in out and "type forget Acme again" in out
    assert "Acme" in listing(out)


async def test_an_old_yes_button_never_confirms_a_later_forget_me(chat: Chat) -> None:
    await chat.session(LOG_ACME, LOG_BETA)
    first = await chat.say("forget acme")
    old = token(first)
    second = await chat.say("forget me")
    assert token(second) != old
    out = await chat.session(f"yes #{old}", f"no #{old}")
    assert out.count("belongs to a question that has expired") == 2
    assert "A newer question is still open" in out and "Deleted" not in out
    out = await chat.session("yes", "list")  # the stale buttons left the open question be
    assert "Everything I kept about you is gone" in out
    assert "No rejections logged yet" in out


async def test_a_stale_button_leaves_the_data_alone(chat: Chat) -> None:
    await chat.session(LOG_ACME, LOG_BETA)
    old = token(await chat.say("forget acme"))
    await chat.say("forget beta")
    out = await chat.session(f"yes #{old}", "list")
    assert "expired" in out and "Acme" in listing(out) and "Beta" in listing(out)


async def test_a_used_button_expires_with_its_question(chat: Chat) -> None:
    await chat.session(LOG_ACME, LOG_BETA)
    asked = await chat.say("forget acme")
    assert "Deleted Acme (Product Designer)" in await chat.say(f"yes #{token(asked)}")
    out = await chat.session(f"yes #{token(asked)}", "list")
    assert "expired" in out and "Beta" in listing(out)


async def test_undo_takes_back_one_change_at_a_time_and_says_what(chat: Chat) -> None:
    await chat.say(LOG_ACME)
    chat.advance(days=14)
    out = await chat.session("sent", "snooze 3d", "undo")
    assert "Undone: the snooze of “Check whether they replied” for Acme is gone." in out
    out = await chat.session("undo", "list")
    assert "Undone: the thank-you to Acme is no longer marked sent." in out
    assert "2 · Reach out" in listing(out)
    out = await chat.say("undo")
    assert "nothing to undo" in out


async def test_undo_reverts_replied_feedback_stop_and_edits(chat: Chat) -> None:
    await chat.say(LOG_ACME)
    chat.advance(days=15)
    await chat.session("sent", "replied brief", "feedback acme: more research depth",
                       "stop acme", "edit acme email: j.smith@acme.com; compliment: none")
    out = await chat.say("undo acme")
    assert ("Undone: your edit to Acme is reverted: the email address is “jane@acme.com” "
            "again; the compliment is “how much the team clearly cares about research” "
            "again.") in out
    plan = await chat.say("plan acme")
    assert "jane@acme.com" in await chat.say("export") and "j.smith" not in plan
    assert "Undone: reminders about Acme are back on." in await chat.say("undo")
    out = await chat.say("undo")
    assert "Undone: the feedback from Acme is removed (it said: “more research depth”)." in out
    out = await chat.session("undo", "plan")
    assert "Undone: Acme's answer is no longer recorded (you had said a brief reply)." in out
    assert "Current step: 3 · React" in out


async def test_undo_names_the_company_and_replans_the_nudges(chat: Chat) -> None:
    await chat.session(LOG_ACME, LOG_BETA)
    await chat.session("snooze beta 1w", "snooze acme until 30 March")
    before = await chat.say("reminders")
    assert "Mon 30 Mar 2026 09:30" in before
    out = await chat.session("undo", "reminders")
    assert "Undone: the snooze of “Send a short thank-you email” for Acme is gone." in out
    after = out.rsplit("Coming reminders", 1)[1]
    assert "Mon 16 Mar 2026 09:30  Reach out to Acme" in after
    assert "Mon 30 Mar 2026" not in after


async def test_snooze_until_a_day_and_unsnooze(chat: Chat) -> None:
    await chat.say(LOG_ACME)  # Mon 2 Mar; the thank-you is due Mon 16 Mar
    out = await chat.say("snooze acme until next friday")
    assert "isn't due until" not in out
    assert "due Mon 16 Mar 2026 (in 14 days) already" in out
    out = await chat.say("snooze until 3/4")
    assert "moves to Fri 3 Apr 2026 (in 32 days)" in out
    assert "unsnooze Acme brings it back to its own date (Mon 16 Mar 2026)" in out
    out = await chat.session("unsnooze", "list")
    assert "is back on its own date. Next: Send a short thank-you email, Mon 16 Mar 2026" in out
    assert "isn't snoozed" in await chat.say("unsnooze acme")
    assert "moves to Mon 30 Mar 2026" in await chat.say("snooze acme for 2 weeks")
    out = await chat.say("snooze acme until whenever")
    assert "tuesday, next tuesday, in 2 weeks" in out


async def test_three_snoozes_past_the_window_are_said_and_recoverable(chat: Chat) -> None:
    await chat.say(LOG_ACME)
    chat.advance(days=14)
    await chat.session("sent", "replied none", "sent")  # LinkedIn done: stay-in-touch next
    out = await chat.session("snooze 1mo", "snooze 1mo")
    assert "past the stay-in-touch window" not in out
    out = await chat.say("snooze 1mo")
    assert "moves to Wed 2 Dec 2026" in out
    assert "past the stay-in-touch window, which closes Wed 2 Dec 2026" not in out
    out = await chat.say("snooze 1mo")
    assert "That's past the stay-in-touch window, which closes Wed 2 Dec 2026" in out
    assert "unsnooze Acme brings it back to its own date (Wed 2 Sep 2026)" in out
    out = await chat.session("unsnooze", "list")
    assert "Send the stay-in-touch email" in listing(out) and "Wed 2 Sep 2026" in listing(out)


async def test_the_reply_check_stays_within_its_two_weeks(chat: Chat) -> None:
    await chat.say(LOG_ACME)
    chat.advance(days=14)
    out = await chat.session("sent", "snooze 3w")
    assert "stays within two weeks of your thank-you, so I set it to Sun 29 Mar 2026" in out
    assert "Snoozed: “Check whether they replied” for Acme moves to Sun 29 Mar 2026" in out


async def test_a_rejection_logged_three_weeks_late_starts_with_the_thank_you(
        chat: Chat) -> None:
    out = await chat.session(LOG_ACME.replace("rejected: today", "rejected: 3 weeks ago"),
                             "list")
    assert "The rejection was 3 weeks ago" in out and "the wait has done its job" in out
    assert "due today" in out and "draft thank-you Acme" in out
    assert "Mon 2 Mar 2026 (today)" in listing(out)


async def test_a_rejection_logged_seven_months_late_merges_the_first_notes(
        chat: Chat) -> None:
    out = await chat.session(LOG_ACME.replace("rejected: today", "rejected: 2 August 2025"),
                             "plan", "draft thank-you")
    assert "The rejection was 7 months ago" in out
    assert "your first note is the stay-in-touch email, opening with thanks" in out
    assert "Preview the stay-in-touch email (draft stay-in-touch Acme)" in out
    assert "Current step: 6 · Stay in touch" in out
    assert "Send the stay-in-touch email, with thanks" in out
    assert "The thank-you is due" not in out


async def test_a_rejection_logged_fourteen_months_late_gets_a_reconnect_note(
        chat: Chat) -> None:
    out = await chat.session(LOG_ACME.replace("rejected: today", "rejected: 2 January 2025"),
                             "plan", "list", "stats")
    assert "The rejection was 14 months ago" in out
    assert "not too long to reconnect" in out
    assert "Send a short note to reconnect" in out
    assert "thank-you is due" not in out and "window until" not in out
    assert "Sun 2 Nov 2025" not in out  # the window that closed before today is never shown
    assert "6 · Stay in touch: 1" in out
