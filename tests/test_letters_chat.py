"""Later letters through the real terminal chat: the reply answers what they wrote, feedback
changes what later letters say, stay-in-touch asks for progress before claiming any, and a
memory that isn't one is caught when logged."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.chat_harness import LOG_ACME, Chat

THEIR_NOTE = ("Thanks for your note, Sam! I'd encourage you to apply again when the senior "
              "role opens next spring.")


@pytest.fixture
def chat(tmp_path: Path) -> Chat:
    return Chat(tmp_path / "rebound.db")


async def thank_you_sent(chat: Chat) -> None:
    await chat.say(LOG_ACME)
    chat.advance(days=14)
    await chat.say("sent")
    chat.advance(days=7)


def draft_text(out: str, title: str) -> str:
    """The text of the last draft block with this title."""
    return out.rsplit(title, 1)[1].split("-" * 60)[1]


async def test_their_message_after_a_colon_shapes_the_reply(chat: Chat) -> None:
    await thank_you_sent(chat)
    out = await chat.session(f"replied conversation: {THEIR_NOTE}", "draft reply")
    assert "I've kept what they wrote" in out
    reply = draft_text(out, "Your reply for Acme")
    assert "Thank you for your encouragement to apply again" in reply
    assert "senior role opens" not in reply and "next spring" not in reply
    assert "stronger candidate next time" in reply


async def test_their_message_pasted_after_replied_conversation(chat: Chat) -> None:
    await thank_you_sent(chat)
    out = await chat.session("replied conversation", "Hi Sam,", "",
                             "You should polish your portfolio before you apply again.",
                             "Best, Jane", ".", "list")
    assert "Paste it now, or type skip" in out
    assert "Saved what they wrote" in out
    reply = draft_text(out, "Your reply for Acme")
    assert "Thank you for your suggestion to polish my portfolio; I'm taking it to heart." \
        in reply
    assert "stronger candidate" not in reply
    assert "Your rejections" in out  # the next line ran as a command again
    again = await chat.say("draft reply")
    assert "suggestion to polish my portfolio" in again


async def test_a_command_instead_of_the_paste_runs_as_the_command(chat: Chat) -> None:
    await thank_you_sent(chat)
    out = await chat.session("replied conversation", "skip", "draft reply")
    assert "Your reply draft will stay general" in out
    reply = draft_text(out, "Your reply for Acme")
    assert "Thank you for taking the time to write back" in reply
    assert "replied Acme conversation: <what they wrote>" in out


async def test_after_feedback_the_reply_thanks_and_does_not_ask(chat: Chat) -> None:
    await thank_you_sent(chat)
    out = await chat.session("feedback: more hands-on SQL practice",
                             f"replied conversation: {THEIR_NOTE}", "draft reply")
    reply = draft_text(out, "Your reply for Acme")
    assert "I'm grateful for the feedback you shared" in reply
    assert "stronger candidate" not in reply and "thoughts on" not in reply
    assert "SQL" not in reply


async def test_feedback_suggests_the_thank_you_note_which_says_what_comes_next(
    chat: Chat,
) -> None:
    await thank_you_sent(chat)
    out = await chat.say("feedback acme: She said I should learn Figma prototyping")
    assert "draft thank-you-for-feedback" in out
    out = await chat.say("draft thank-you-for-feedback")
    note = draft_text(out, "Your feedback thank-you note for Acme")
    assert "Subject: Thank you for the feedback\n\nHi Jane,\n" in note
    assert "Over the coming months I'll be focusing on learning Figma prototyping." in note
    assert "She said" not in note
    assert "Review: it follows every rule of the playbook." in out


async def test_stay_in_touch_asks_for_progress_then_drafts_with_it(chat: Chat) -> None:
    await thank_you_sent(chat)
    await chat.session("replied none", "feedback: you should learn Figma prototyping")
    chat.advance(days=180)
    out = await chat.say("draft stay-in-touch")
    assert "what have you learned or built since the interview?" in out
    assert "Subject:" not in out
    out = await chat.say("I finished a course on Figma prototyping (with a certificate).")
    assert "Saved that as a skill" in out
    email = draft_text(out, "Your stay-in-touch email for Acme")
    assert ("Your feedback stayed with me, and since we spoke, I finished a course on Figma "
            "prototyping (with a certificate).") in email
    assert "you should learn" not in email and "“" not in email
    out = await chat.session("stats", "draft stay-in-touch")
    assert re.search(r"Skills logged:\s+1\n", out)
    assert "what have you learned" not in out  # it's logged now: no question


async def test_skip_drafts_without_claiming_progress_and_cancel_drafts_nothing(
    chat: Chat,
) -> None:
    await thank_you_sent(chat)
    chat.advance(days=180)
    out = await chat.session("draft stay-in-touch", "cancel")
    assert "Okay, no draft for now" in out and "Subject:" not in out
    out = await chat.session("draft stay-in-touch", "skip")
    email = draft_text(out, "Your stay-in-touch email for Acme")
    assert "Our conversation has stayed with me since then" in email
    for claim in ("learn", "course", "working on"):
        assert claim not in email.lower()
    assert "No update this time" in out


async def test_skills_from_before_the_rejection_are_not_progress_since(chat: Chat) -> None:
    await chat.say("skill: finished an old bootcamp")
    await thank_you_sent(chat)
    chat.advance(days=180)
    out = await chat.say("draft stay-in-touch")
    assert "what have you learned or built since the interview?" in out
    assert "bootcamp" not in out
    out = await chat.say("draft stay-in-touch acme: built a design system for a charity")
    email = draft_text(out, "Your stay-in-touch email for Acme")
    assert "Since we spoke, I built a design system for a charity." in email
    assert "bootcamp" not in email


async def test_alternate_roles_remembers_the_roles_wanted(chat: Chat) -> None:
    await thank_you_sent(chat)
    out = await chat.say("draft alternate-roles acme: product analytics or data roles")
    letter = draft_text(out, "Your alternate-roles letter for Acme")
    assert "kept me in mind, especially for product analytics or data roles." in letter
    out = await chat.say("draft alternate-roles")
    assert "especially for product analytics or data roles." in out
    assert "I'll remember them" not in out
    out = await chat.say("draft reply acme: anything")
    assert "Only two drafts take details" in out


@pytest.mark.parametrize("shrug", ["I don't remember anything specific honestly", "nothing",
                                   "idk", "n/a", "not sure", "can't remember", "no idea", "-",
                                   "none really"])
async def test_a_memory_that_is_not_one_is_asked_again(chat: Chat, shrug: str) -> None:
    out = await chat.session("log", "Acme", "Designer", "Jane Smith", "skip", "skip", "today",
                             shrug)
    assert "nothing specific comes to mind yet" in out
    assert "(7/8)" in out.rsplit("nothing specific comes to mind yet", 1)[1]
    out = await chat.session("we joked that nothing beats a whiteboard", "skip")
    assert "Logged: Acme (Designer)" in out


async def test_a_one_message_log_keeps_the_rest_and_asks_for_the_memory(chat: Chat) -> None:
    out = await chat.say("log company: Acme; role: Designer; interviewer: Jane Smith; "
                         "memory: idk; compliment: n/a")
    assert "nothing specific comes to mind yet" in out and "(7/8)" in out
    out = await chat.session("the whiteboard session on checkout", "list")
    assert "Logged: Acme (Designer)" in out and "Compliment" not in out


async def test_a_progress_answer_that_is_too_long_keeps_the_question_open(chat: Chat) -> None:
    await thank_you_sent(chat)
    chat.advance(days=180)
    out = await chat.session("draft stay-in-touch", "x" * 600)
    assert "keep it under 500" in out and "Subject:" not in out
    out = await chat.say("shipped a small accessibility audit tool")
    assert "Since we spoke, I shipped a small accessibility audit tool." in out
