"""The coach's entry points for chat platforms: forms submitted at once, commands that leave an
open form alone, redelivered messages, and the read-only overview."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from adapters.plain import render_reply
from bot.clock import FakeClock
from bot.coach import Coach
from bot.models import UserKey
from bot.replies import Reply
from bot.session import Incoming
from bot.store import Store
from rebound.bootstrap import bootstrap, open_store
from tests.chat_harness import START

SAM = UserKey("slack", "T1", "U1")
FORM = {"company": "Acme", "role": "Designer", "interviewer": "Jane Smith", "email": "",
        "linkedin": "", "rejected": "yesterday", "memory": "the whiteboard session",
        "compliment": ""}


@pytest.fixture
async def store(db_target: Path | str) -> AsyncIterator[Store]:
    async with await open_store(db_target) as opened:
        yield opened


@pytest.fixture
def changed() -> list[UserKey]:
    return []


@pytest.fixture
def coach(store: Store, changed: list[UserKey]) -> Coach:
    return bootstrap(store=store, clock=FakeClock(START),
                 on_user_changed=changed.append).coach


def text(reply: Reply | None) -> str:
    assert reply is not None
    return render_reply(reply)


async def say(coach: Coach, message: str, **options: object) -> str:
    return text(await coach.handle(Incoming(SAM, message, **options)))  # type: ignore[arg-type]


async def test_a_form_with_problems_saves_nothing_and_names_each_field(coach: Coach,
                                                                       store: Store) -> None:
    result = await coach.submit_form(SAM, {**FORM, "company": " ", "email": "jane at acme",
                                           "rejected": "next week"})
    assert set(result.errors) == {"company", "email", "rejected"}
    assert "empty" in result.errors["company"]
    assert result.reply is None
    user = await store.get_user(SAM)
    assert user is not None and await store.list_rejections(user.id) == []


async def test_a_form_whose_memory_is_a_shrug_keeps_the_question_open(coach: Coach,
                                                                       store: Store) -> None:
    result = await coach.submit_form(SAM, {**FORM, "memory": "I don't remember anything "
                                                             "specific honestly",
                                           "compliment": "n/a"})
    assert list(result.errors) == ["memory"]
    assert "nothing specific comes to mind yet" in result.errors["memory"]
    user = await store.get_user(SAM)
    assert user is not None and await store.list_rejections(user.id) == []
    kept = await coach.submit_form(SAM, {**FORM, "memory": "we joked that nothing beats a "
                                                           "whiteboard", "compliment": "n/a"})
    assert kept.errors == {}
    [rejection] = await store.list_rejections(user.id)
    assert rejection.compliment is None


async def test_a_form_missing_a_required_field_says_it_is_needed(coach: Coach) -> None:
    fields = {k: v for k, v in FORM.items() if k != "memory"}
    result = await coach.submit_form(SAM, fields)
    assert list(result.errors) == ["memory"]


async def test_a_valid_form_logs_the_rejection_plans_nudges_and_reports_a_change(
        coach: Coach, store: Store, changed: list[UserKey]) -> None:
    result = await coach.submit_form(SAM, FORM)
    assert result.errors == {}
    assert "Logged: Acme" in text(result.reply)
    user = await store.get_user(SAM)
    assert user is not None
    [rejection] = await store.list_rejections(user.id)
    assert rejection.interviewer_email is None and rejection.compliment is None
    assert changed == [SAM]
    assert "Reach out to Acme" in await say(coach, "reminders")


async def test_an_edit_form_changes_only_the_fields_given(coach: Coach, store: Store) -> None:
    await coach.submit_form(SAM, FORM)
    user = await store.get_user(SAM)
    assert user is not None
    [rejection] = await store.list_rejections(user.id)
    bad = await coach.submit_form(SAM, {"email": "nope"}, rejection_id=rejection.id)
    assert list(bad.errors) == ["email"]
    good = await coach.submit_form(SAM, {"email": "jane@acme.com", "compliment": "kind team"},
                                   rejection_id=rejection.id)
    assert "jane@acme.com" in text(good.reply)
    [updated] = await store.list_rejections(user.id)
    assert (updated.interviewer_email, updated.compliment, updated.memory) == (
        "jane@acme.com", "kind team", rejection.memory)


async def test_editing_a_rejection_of_someone_else_finds_nothing(coach: Coach,
                                                                 store: Store) -> None:
    await coach.submit_form(SAM, FORM)
    user = await store.get_user(SAM)
    assert user is not None
    [rejection] = await store.list_rejections(user.id)
    other = UserKey("slack", "T1", "U2")
    result = await coach.submit_form(other, {"email": "x@y.com"}, rejection_id=rejection.id)
    assert "gone" in text(result.reply)
    [unchanged] = await store.list_rejections(user.id)
    assert unchanged.interviewer_email is None


async def test_a_command_leaves_an_open_form_alone_but_its_answer_words_reach_it(
        coach: Coach) -> None:
    assert "Which company" in await say(coach, "log")
    assert "No rejections logged yet" in await say(coach, "list", command=True)
    # Typed in the chat, a word answers the open question instead.
    assert "What was the role?" in await say(coach, "list")
    assert "dropped that form" in await say(coach, "cancel", command=True)
    assert "No rejections logged yet" in await say(coach, "list")


async def test_a_redelivered_message_runs_once(coach: Coach, store: Store) -> None:
    first = await coach.handle(Incoming(SAM, "log company: Acme; role: Designer; interviewer: "
                                             "Jane Smith; memory: the demo", message_id="Ev1"))
    again = await coach.handle(Incoming(SAM, "log company: Acme; role: Designer; interviewer: "
                                             "Jane Smith; memory: the demo", message_id="Ev1"))
    assert not first.duplicate and again.duplicate and again.parts == ()
    user = await store.get_user(SAM)
    assert user is not None and len(await store.list_rejections(user.id)) == 1
    other = await coach.handle(Incoming(UserKey("discord", "global", "U1"), "list",
                                        message_id="Ev1"))
    assert not other.duplicate  # ids are per platform


async def test_the_overview_shows_pipeline_and_settings_without_touching_a_form(
        coach: Coach, store: Store) -> None:
    await coach.submit_form(SAM, FORM)
    await say(coach, "log")
    overview = text(await coach.overview(SAM))
    assert "Acme" in overview and "Time zone" in overview
    assert "Which company" not in overview
    assert "What was the role?" in await say(coach, "Globex")  # the form is still open
    assert await coach.companies(SAM) == ["Acme"]
    assert await coach.companies(UserKey("slack", "T2", "U1")) == []
