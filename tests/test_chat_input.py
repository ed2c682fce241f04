"""Forgiving input, through whole terminal conversations: dates as people write them, the
date-order setting, quit and exit, a plain sentence about a rejection, and review's paste mode.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from chat_harness import LOG_ACME, START, Chat

from adapters.plain import render_reply
from bot.clock import FakeClock
from bot.coach import Coach
from bot.models import UserKey
from bot.session import Incoming
from rebound.bootstrap import bootstrap, open_store

LOG_BETA = "log company: Beta; role: QA; interviewer: Bo Lee; memory: the test plan; rejected: "


@pytest.fixture
def chat(tmp_path: Path) -> Chat:
    return Chat(tmp_path / "rebound.db")


@pytest.fixture
async def coach(tmp_path: Path) -> AsyncIterator[Coach]:
    async with await open_store(tmp_path / "app.db") as store:
        yield bootstrap(store=store, clock=FakeClock(START)).coach


async def say(coach: Coach, text: str) -> str:
    """One message from a Slack user, as plain text."""
    return render_reply(await coach.handle(Incoming(UserKey("slack", "T1", "U1"), text)))


@pytest.mark.parametrize(("when", "shown"), [
    ("last friday", "Fri 27 Feb 2026"), ("friday", "Fri 27 Feb 2026"),
    ("27 Feb", "Fri 27 Feb 2026"), ("Feb 27", "Fri 27 Feb 2026"),
    ("27 February 2026", "Fri 27 Feb 2026"), ("2026-02-27", "Fri 27 Feb 2026"),
    ("27/02/2026", "Fri 27 Feb 2026"), ("3 days ago", "Fri 27 Feb 2026"),
    ("yesterday", "Sun 1 Mar 2026"), ("today", "Mon 2 Mar 2026"),
])
async def test_the_rejection_date_the_way_people_write_it(chat: Chat, when: str,
                                                          shown: str) -> None:
    out = await chat.say(LOG_BETA + when)
    assert f"Rejected on: {shown}" in out


async def test_the_guided_form_reads_a_natural_date(chat: Chat) -> None:
    out = await chat.session("log", "Acme", "Designer", "Jane Smith", "skip", "skip",
                             "last friday", "the portfolio review", "skip")
    assert "last friday or a date like 27 Feb" in out
    assert "Rejected on: Fri 27 Feb 2026" in out


async def test_numbers_follow_the_date_order_setting(tmp_path: Path) -> None:
    new_yorker = Chat(tmp_path / "ny.db", timezone="America/New_York")
    out = await new_yorker.session("settings", LOG_BETA + "02/27/2026")
    assert "Dates in numbers:    month/day/year (02/27/2026; from your time zone)" in out
    assert "Rejected on: Fri 27 Feb 2026" in out
    berliner = Chat(tmp_path / "de.db", timezone="Europe/Berlin")
    out = await berliner.session("settings", "dates mdy", "settings", "dates auto")
    assert "day/month/year (27/02/2026; from your time zone)" in out
    assert "I'll read dates in numbers as month/day/year." in out
    assert "month/day/year (02/27/2026; your choice)" in out
    assert "as day/month/year, as is usual in your time zone" in out
    assert "dates dmy (27/02/2026), dates mdy" in await berliner.say("dates sideways")


async def test_an_ambiguous_date_says_which_reading_was_used(chat: Chat) -> None:
    out = await chat.say(LOG_BETA + "01/02/2026")
    assert ("I read 01/02/2026 as Sun 1 Feb 2026 (day/month/year), not Fri 2 Jan 2026. If "
            "that's wrong, give the date with the month in words (like 2 January), or change "
            "how I read numbers with dates mdy.") in out
    assert "Rejected on: Sun 1 Feb 2026" in out
    out = await chat.session("log", "Gamma", "Analyst", "Li Wei", "skip", "skip", "03/02")
    assert "I read 03/02 as Tue 3 Feb 2026 (day/month/year), not Mon 2 Mar 2026" in out
    assert "(7/8)" in out


async def test_an_unreadable_date_gets_examples(chat: Chat) -> None:
    out = await chat.say(LOG_BETA + "the other day")
    assert "I couldn't read “the other day” as a date. Try: today, yesterday, 3 days ago, " \
           "last friday, 27 Feb, 2026-02-27 or 27/02/2026." in out
    assert "No rejections" in await chat.say("list")


@pytest.mark.parametrize("word", ["quit", "exit", "bye", "q", "QUIT"])
async def test_quit_ends_the_terminal_chat_and_keeps_the_data(chat: Chat, word: str) -> None:
    out = await chat.session(LOG_ACME, word, "list")
    assert "Bye for now. Everything you've told me is saved" in out
    assert "rebound chat" in out
    assert "Your rejections" not in out  # nothing after quit was read
    assert "Did you mean" not in out
    assert "Acme" in await chat.say("list")


async def test_quit_in_a_form_keeps_it_for_next_time(chat: Chat) -> None:
    out = await chat.session("log", "Acme", "exit")
    assert "Bye for now" in out
    assert "Welcome back" in await chat.say("Designer")


async def test_quit_in_a_chat_app_says_how_to_pause_or_delete(coach: Coach) -> None:
    for word in ("quit", "exit", "bye"):
        out = await say(coach, word)
        assert "There's nothing to leave here" in out
        assert "stop check-ins" in out and "forget me" in out
        assert "Did you mean" not in out


async def test_a_sentence_about_a_rejection_starts_the_log(chat: Chat) -> None:
    out = await chat.session("I got rejected from Google yesterday for the PM role",
                             "Priya Raman", "skip", "skip", "the roadmap exercise", "skip",
                             "list")
    assert "I'm sorry Google said no" in out
    understood = out.split("What I understood", 1)[1].split("\n\n", 1)[0]
    assert "Company:     Google" in understood and "Role:        PM" in understood
    assert "Rejected on: Sun 1 Mar 2026" in understood
    assert "(3/8) Who interviewed you?" in out
    assert "(6/8)" not in out  # the date was given, so it isn't asked
    assert "Logged: Google (PM)" in out and "Google" in out.rsplit("Your rejections", 1)[1]


async def test_a_sentence_with_the_interviewer_asks_only_the_rest(chat: Chat) -> None:
    out = await chat.say("Acme turned me down last week for the data analyst job, the "
                         "interviewer was Jane Smith")
    assert re.search(r"Role:\s+data analyst\n", out)
    assert re.search(r"Interviewer's full name:\s+Jane Smith\n", out)
    assert re.search(r"Rejected on:\s+Mon 23 Feb 2026\n", out)
    assert "(4/8) What is the interviewer's email address?" in out
    out = await chat.session("cancel", "just got a rejection email from Stripe")
    assert "Company:     Stripe" in out and "Rejected on: Mon 2 Mar 2026" in out
    assert "(2/8) What was the role?" in out


@pytest.mark.parametrize("text", [
    "I rejected the offer from Acme", "what is a rejection email?", "I feel rejected",
])
async def test_other_sentences_get_help_that_suggests_log(chat: Chat, text: str) -> None:
    out = await chat.session(text, "list")
    assert "It sounds like you've had a rejection" in out and "type log" in out.lower()
    assert "What I understood" not in out and "No rejections logged yet" in out


@pytest.mark.parametrize("text", ["can you help me with my resume", "lsit", "draft thankyu"])
async def test_unrelated_sentences_and_commands_are_left_alone(chat: Chat, text: str) -> None:
    out = await chat.say(text)
    assert "What I understood" not in out and "It sounds like" not in out


async def test_review_a_kind_without_a_colon_opens_paste_mode(chat: Chat) -> None:
    out = await chat.session("review stay-in-touch", "Hi Jane,", "list",
                             "Thanks again for the chat about onboarding.", "",
                             "PS: I'd still love to join the team. Any openings coming up?",
                             ".", "list")
    assert "Paste the draft you'd like me to check as a stay-in-touch email" in out
    assert "Reviewed as a stay-in-touch email." in out
    assert out.count("No rejections logged yet") == 1  # the pasted `list` line was not run


async def test_review_alone_uses_the_current_steps_kind(chat: Chat) -> None:
    await chat.say(LOG_ACME)
    chat.advance(days=15)
    out = await chat.session(
        "sent", "replied conversation", "skip", "review", "Hi Jane,", "",
        "Great to hear from you, and thank you for the time. I enjoyed our talk about "
        "research ops. What could make me a stronger candidate next time?", "", "Best,",
        "Sam", ".")
    assert "Paste the draft you'd like me to check as a reply" in out
    assert "Reviewed as a reply for Acme (Product Designer) (the step Acme is at)." in out
    assert "[no-why-or-feedback]" not in out  # the reply may ask softly for feedback
    out = await chat.say("review: Hi Jane, thank you for the chat.")
    assert "Reviewed as a reply for Acme" in out
    out = await chat.say("review thank-you Hi Jane, thank you for the chat about research.")
    assert "Reviewed as a thank-you email for Acme" in out
