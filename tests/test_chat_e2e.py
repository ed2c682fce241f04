"""Whole conversations through the terminal adapter, the core and a real SQLite file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from chat_harness import LOG_ACME, Chat

from bot.models import UserKey


@pytest.fixture
def chat(tmp_path: Path) -> Chat:
    return Chat(tmp_path / "rebound.db")


async def test_guided_log_then_list_and_plan(chat: Chat) -> None:
    out = await chat.session(
        "log", "Acme", "Product Designer", "Jane Smith", "skip", "skip", "3 days ago",
        "the whiteboard session on checkout", "skip", "list", "plan")
    assert "(1/8) Which company" in out
    assert "(8/8)" in out
    assert "Logged: Acme (Product Designer)" in out
    assert "Rejected on" in out and "Fri 27 Feb 2026" in out
    listing = out.split("Your rejections", 1)[1]
    assert "Acme" in listing and "1 · Cool down" in listing
    assert "Send a short thank-you email" in listing and "Fri 13 Mar 2026 (in 11 days)" in listing
    assert "Timeline" in out and "the cool-down is over" in out


async def test_half_filled_form_survives_a_restart(chat: Chat) -> None:
    first = await chat.session("log", "Acme", "Product Designer")
    assert "(3/8) Who interviewed you?" in first
    second = await chat.session("Jane Smith", "jane@acme.com", "skip", "today",
                                "our chat about accessibility", "skip")
    assert second.startswith("Welcome back")
    assert "(3/8) Who interviewed you?" in second.split("\n\n")[1]
    assert "Logged: Acme (Product Designer)" in second
    assert "jane@acme.com" in second
    listing = await chat.say("list")
    assert listing.count("Acme") == 1


async def test_form_reasks_after_bad_answers_and_supports_back_and_cancel(chat: Chat) -> None:
    out = await chat.session("log", "Acme", "", "Designer", "back", "Lead Designer", "Jane",
                             "not-an-email", "jane@acme.com", "https://example.com/jane",
                             "skip", "whenever", "2099-01-01", "skip", "cancel", "list")
    assert "The role can't be empty." in out
    assert "doesn't look like an email address" in out
    assert "isn't a LinkedIn address" in out
    assert "couldn't read “whenever” as a date" in out
    assert "is in the future" in out
    assert "dropped that form. Nothing was saved." in out
    assert "No rejections logged yet" in out
    assert out.count("(2/8) What was the role?") == 3


async def test_one_message_log_asks_only_for_what_is_missing(chat: Chat) -> None:
    out = await chat.session("log company: Acme; role: Designer; interviewer: Jane",
                             "the design critique")
    assert "(7/8) Name one specific moment" in out
    assert "Logged: Acme (Designer)" in out
    assert "(4/8)" not in out and "(8/8)" not in out


async def test_one_message_log_reports_every_bad_field(chat: Chat) -> None:
    out = await chat.say("log company: Acme; role: Designer; interviewer: Jane; "
                         "email: nope; rejected: tomorrow; memory: x")
    assert "nothing was saved yet" in out
    assert "email:" in out and "rejected:" in out
    assert "No rejections" in await chat.say("list")


async def test_the_whole_playbook_over_nine_months(chat: Chat) -> None:
    out = await chat.session(LOG_ACME, "draft thank-you")
    assert "Hi Jane," in out and "Subject:" in out
    assert "cool-down" in out.lower()
    chat.advance(days=14)
    out = await chat.session("draft thank-you", "sent")
    assert "Timing" not in out
    assert "Next: Check whether they replied" in out
    chat.advance(days=7)
    out = await chat.session("list", "replied conversation", "skip", "draft reply", "sent")
    assert "3 · React" in out
    assert "stronger candidate" in out
    assert "Next: Restart networking and send the LinkedIn request" in out
    out = await chat.session("draft linkedin", "sent", "feedback: more user research",
                             "skill: ran five customer interviews")
    assert "Next: Send the stay-in-touch email" in out
    out = await chat.say("draft stay-in-touch")
    assert "PS" in out and "six-month" not in out.lower()
    chat.advance(days=180)
    out = await chat.session("draft stay-in-touch", "sent", "list", "stats")
    assert "ran five customer interviews" in out
    assert "Playbook complete" in out
    assert "Thank-you emails sent:" in out and "100% (1 of 1)" in out


async def test_brief_reply_pauses_and_snooze_moves_the_date(chat: Chat) -> None:
    await chat.say(LOG_ACME)
    chat.advance(days=14)
    out = await chat.session("sent", "replied brief", "snooze 1w", "list")
    assert "no contact for about three weeks" in out
    assert "Snoozed: “Restart networking and send the LinkedIn request”" in out
    assert "Mon 13 Apr 2026" in out


async def test_reply_and_sent_guard_the_order_of_steps(chat: Chat) -> None:
    out = await chat.session(LOG_ACME, "replied brief", "replied maybe", "snooze", "sent",
                             "yes", "sent")
    assert "haven't marked the thank-you email to Acme as sent" in out
    assert "replied brief, replied conversation or replied none" in out
    assert "Say how long to snooze" in out
    assert "Has your thank-you to Acme already gone out?" in out
    assert "before the cool-down ends" in out
    assert "The next thing to tell me is whether they answered" in out


async def test_companies_match_by_prefix_and_ambiguity_is_asked(chat: Chat) -> None:
    await chat.session(
        LOG_ACME,
        "log company: Acme Labs; role: Engineer; interviewer: Li Wei; memory: pairing",
        "log company: Beta; role: Analyst; interviewer: Ana; memory: the case study",
        "log company: Beta; role: Designer; interviewer: Ana; memory: the portfolio")
    out = await chat.say("plan ac")
    assert "could be several of yours" in out
    assert "plan Acme Labs" in out
    assert "Acme Labs (Engineer)" in await chat.say("plan acme l")
    assert "Interviewer:  Dr. Jane Smith" in await chat.say("plan ACME")
    out = await chat.say("plan beta")
    assert "plan Beta Designer" in out and "plan Beta Analyst" in out
    assert "Beta (Designer)" in await chat.say("plan beta designer")
    out = await chat.say("sent")
    assert "Which company do you mean?" in out
    assert "I don't have a rejection from “zeta”" in await chat.say("plan zeta")
    out = await chat.session("plan beta", "1")
    chosen = out.split("Which one?", 1)[1].split("\n\n", 2)[2]
    assert chosen.startswith("Beta (Analyst)\n  Interviewer:  Ana")


async def test_bad_input_is_answered_clearly(chat: Chat) -> None:
    await chat.say(LOG_ACME)
    out = await chat.session("lsit", "draft thankyu", "draft", "timezone Mars/Base",
                             "hours 25:00", "quiet 9", "profile email: nope",
                             "linkedin-limit 250", "forget", "feedback acme")
    assert "I don't know the command “lsit”. Did you mean list?" in out
    assert "Type help" in out
    assert "Did you mean thank-you?" in out
    assert "Which draft do you want?" in out
    assert "not a time zone I know" in out
    assert "Use 24-hour HH:MM" in out
    assert "quiet 20:00-08:00" in out
    assert "doesn't look like an email address" in out
    assert "linkedin-limit 200 or linkedin-limit 300" in out
    assert "forget me" in out
    assert "Put the text after a colon" in out
    assert "Traceback" not in out


async def test_overlong_message_is_refused_and_nothing_is_lost(chat: Chat) -> None:
    out = await chat.session("log", "Acme", "x" * 4001, "Designer")
    assert "4,001 characters" in out and "up to 4,000" in out
    assert "(3/8) Who interviewed you?" in out


@pytest.mark.parametrize("nasty", [
    "{{ 7*7 }}", "{% for x in y %}", "'; DROP TABLE users; --", "<script>alert(1)</script>",
    "🚀 launch day 🎉", "שלום עולם مرحبا", "{{ config.__class__ }}",
])
async def test_user_text_is_data_everywhere(chat: Chat, nasty: str) -> None:
    out = await chat.session(
        f"log company: Acme {nasty}; role: Designer; interviewer: Jane; memory: {nasty}; "
        f"compliment: {nasty}", "draft thank-you", "export")
    assert out.count(nasty) >= 4
    assert "49" not in out.replace("2026", "")
    export = json.loads(out.split("Here is everything I keep about you:", 1)[1].split(
        "\n\n", 1)[1].rsplit("\n\n", 1)[0])
    stored = export["rejections"][0]
    assert stored["company"] == f"Acme {nasty}"
    assert stored["memory"] == nasty and stored["compliment"] == nasty


async def test_profile_signs_drafts_and_feeds_the_feedback_request(chat: Chat) -> None:
    out = await chat.session(
        "profile name: Sam Lee; email: sam@example.com; phone: +1 555 010 0199", LOG_ACME,
        "draft feedback-request", "profile", "profile phone: none", "profile")
    assert "Sam Lee" in out
    letter = out.split("Your feedback request", 1)[1].split("-" * 60)[2]
    assert "sam@example.com" in letter and "+1 555 010 0199" in letter
    assert out.rstrip().endswith("none clears a field).")
    assert "Phone: not set" in out


async def test_settings_commands(chat: Chat) -> None:
    out = await chat.session("timezone europe/berlin", "hours 8:15", "quiet 22:00-07:30",
                             "linkedin-limit 300", "settings")
    final = out.rsplit("Your settings", 1)[1]
    assert "Europe/Berlin" in final and "08:15 on weekdays" in final
    assert "22:00-07:30" in final and "300 characters" in final


async def test_forget_needs_a_yes(chat: Chat) -> None:
    await chat.session(LOG_ACME, "log company: Beta; role: QA; interviewer: Bo; memory: x")
    out = await chat.session("forget acme", "no", "list")
    assert "Cancelled. Nothing was deleted." in out and "Acme" in out.split("Your rejections")[1]
    out = await chat.session("forget acme", "yes", "list")
    assert "Deleted Acme (Product Designer)" in out
    assert "Acme" not in out.split("Your rejections")[1]
    out = await chat.session("forget me", "YES", "list", "profile")
    assert "Everything I kept about you is gone" in out
    assert "No rejections logged yet" in out


async def test_review_pasted_text_names_rules_and_fixes(chat: Chat) -> None:
    out = await chat.say("review: Hi Jane, I was really disappointed. Why wasn't I chosen? "
                         "Can you give me feedback?")
    assert "Reviewed as a thank-you email" in out
    for rule in ("[no-why]", "[no-feedback-request]", "[tone]", "[thanks-and-specific]"):
        assert rule in out
    out = await chat.session("review", "Hi Jane,", "", "Thank you for our chat about the",
                             "checkout redesign. I enjoyed it.", "", "Best,", "Sam", ".")
    assert "Paste the draft" in out
    assert "It follows every rule of the playbook" in out


async def test_help_lists_every_command_and_explains_one(chat: Chat) -> None:
    out = await chat.session("help", "help draft", "HELP Replied", "help nope", "hello")
    for name in ("log", "list", "plan [company]", "draft <kind> [company]", "sent",
                 "replied", "feedback", "skill", "snooze", "review", "timezone", "hours",
                 "quiet", "settings", "stats", "export", "forget", "profile"):
        assert name in out
    assert ("thank-you, reply, linkedin, stay-in-touch, alternate-roles, feedback-request, "
            "thank-you-for-feedback") in out
    assert "brief: a polite one-liner" in out
    assert "I don't know the command “nope”" in out
    assert "Hi, I'm Rebound" in out


async def test_users_never_see_each_others_data(tmp_path: Path) -> None:
    db = tmp_path / "shared.db"
    sam = Chat(db, user=UserKey("console", "local", "sam"))
    kim = Chat(db, user=UserKey("console", "local", "kim"))
    other_workspace = Chat(db, user=UserKey("slack", "T1", "sam"))
    await sam.say(LOG_ACME)
    assert "No rejections logged yet" in await kim.say("list")
    assert "No rejections logged yet" in await other_workspace.say("list")
    assert "haven't logged any rejections" in await kim.say("forget acme")
    assert "Acme" in await sam.say("list")


async def test_identical_rejections_can_still_be_told_apart(chat: Chat) -> None:
    log_beta = "log company: Beta; role: QA; interviewer: Bo; rejected: yesterday; memory: x"
    out = await chat.session(log_beta, log_beta.replace("yesterday", "today"))
    assert "You had already logged Beta (QA)" in out
    assert "forget #2" in out
    out = await chat.session("sent beta", "2", "yes")
    assert "rejected Sun 1 Mar 2026" in out and "rejected Mon 2 Mar 2026" in out
    assert "Noted: “Send a short thank-you email” done for Beta (QA)" in out
    assert "Current step: 3 · React" in await chat.say("plan #2")
    assert "Current step: 1 · Cool down" in await chat.say("plan #1")


async def test_form_answers_outside_a_form_are_explained(chat: Chat) -> None:
    out = await chat.session("cancel", "yes", "skip")
    assert out.count("Nothing is waiting for that answer right now") == 3


async def test_logging_an_old_rejection_says_the_first_step_is_due(chat: Chat) -> None:
    out = await chat.say("log company: Beta; role: QA; interviewer: Bo Lee; "
                         "rejected: 20 days ago; memory: the test plan review")
    assert "cool-down is already behind you" in out
    assert "draft thank-you Beta" in out
    assert "days ago" not in out.split("Logged:")[1].split("Rejected on")[1].split("\n\n", 1)[1]
