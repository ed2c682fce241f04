"""Conversation state is typed: every flow's state round-trips through JSON, rows the first
release wrote still load (and are written back byte for byte), and a row that can't be read
restarts its conversation politely without touching anything else the user saved."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from bot.flow_state import (
    Confirmation,
    FlowState,
    ForgetMe,
    ForgetRejection,
    MarkSent,
    PastedDraft,
    ProgressQuestion,
    TheirMessage,
    Unreadable,
    from_json,
    to_json,
)
from bot.log_form import FormState
from bot.models import DraftKind
from bot.playbook import ActionKey
from bot.store.codec import json_text
from bot.syntax import cmd
from tests.chat_harness import LOG_ACME, Chat

ASKED = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)

# Exactly what the first release (main at 183542c) stored for each flow, captured from a chat.
RELEASED_ROWS: list[tuple[str, FlowState]] = [
    ('{"flow":"log","answers":{"company":"Acme","role":"Designer"},"asking":"interviewer"}',
     FormState(answers={"company": "Acme", "role": "Designer"}, asking="interviewer")),
    ('{"flow":"confirm","action":"sent","token":"84fbtv","asked_at":"2026-03-02T14:00:00+00:00",'
     '"again":["sent",{"company":"Acme"}],"rejection_id":1,"step":"reach-out"}',
     Confirmation(MarkSent(rejection_id=1, step=ActionKey.REACH_OUT), token="84fbtv",
                  asked_at=ASKED, again=cmd("sent", company="Acme"))),
    ('{"flow":"confirm","action":"forget","token":"4eynrf","asked_at":"2026-03-02T14:00:00+00:00",'
     '"again":["forget",{"company":"Acme"}],"rejection_id":1,"label":"Acme (Product Designer)"}',
     Confirmation(ForgetRejection(rejection_id=1, label="Acme (Product Designer)"),
                  token="4eynrf", asked_at=ASKED, again=cmd("forget", company="Acme"))),
    ('{"flow":"confirm","action":"forget-me","token":"wv2pke",'
     '"asked_at":"2026-03-02T14:00:00+00:00","again":["forget",{"company":"me"}]}',
     Confirmation(ForgetMe(), token="wv2pke", asked_at=ASKED, again=cmd("forget", company="me"))),
    ('{"flow":"review","kind":null,"rejection_id":1}', PastedDraft(kind=None, rejection_id=1)),
    ('{"flow":"review","kind":"thank-you","rejection_id":1}',
     PastedDraft(kind=DraftKind.THANK_YOU, rejection_id=1)),
    ('{"flow":"their-message","rejection_id":1}', TheirMessage(rejection_id=1)),
    ('{"flow":"progress","rejection_id":1}', ProgressQuestion(rejection_id=1)),
]


@pytest.mark.parametrize(("row", "state"), RELEASED_ROWS)
def test_a_row_the_first_release_wrote_loads_and_is_written_back_unchanged(
        row: str, state: FlowState) -> None:
    assert from_json(json.loads(row)) == state
    assert json_text(to_json(state)) == row


@pytest.mark.parametrize("state", [
    FormState(answers={}, asking="company"),
    FormState(answers={"company": "Zoë & Co", "email": None, "memory": "“the demo”"},
              asking="role"),
    PastedDraft(kind=None, rejection_id=None),
    PastedDraft(kind=DraftKind.STAY_IN_TOUCH, rejection_id=7),
    ProgressQuestion(rejection_id=3),
    TheirMessage(rejection_id=4),
    Confirmation(ForgetMe(), token="abcdef", asked_at=ASKED, again=None),
    Confirmation(MarkSent(rejection_id=2, step=ActionKey.REPLY), token="zzzzzz",
                 asked_at=datetime(2026, 3, 2, 9, 0, tzinfo=timezone(timedelta(hours=-5))),
                 again=cmd("sent", company="Initech")),
    Confirmation(ForgetRejection(rejection_id=9, label="Acme (Designer)"), token="k3f9q2",
                 asked_at=ASKED, again=cmd("forget", company="acme")),
])
def test_every_state_round_trips_through_json_text(state: FlowState) -> None:
    assert from_json(json.loads(json_text(to_json(state)))) == state


@pytest.mark.parametrize("data", [
    [], "log", None, {}, {"flow": "teleport", "rejection_id": 1},
    {"flow": "progress"}, {"flow": "progress", "rejection_id": "1"},
    {"flow": "their-message", "rejection_id": True},
    {"flow": "review", "kind": "sonnet", "rejection_id": 1},
    {"flow": "confirm", "action": "forget-me", "token": "abcdef", "again": None},
    {"flow": "confirm", "action": "forget-me", "token": "abcdef",
     "asked_at": "2026-03-02T14:00:00", "again": None},
    {"flow": "confirm", "action": "launch", "token": "abcdef",
     "asked_at": "2026-03-02T14:00:00+00:00", "again": None},
    {"flow": "confirm", "action": "sent", "token": "abcdef", "rejection_id": 1,
     "step": "celebrate", "asked_at": "2026-03-02T14:00:00+00:00", "again": None},
    {"flow": "confirm", "action": "forget", "token": 7, "rejection_id": 1, "label": "x",
     "asked_at": "2026-03-02T14:00:00+00:00", "again": None},
])
def test_what_cannot_be_read_back_is_unreadable_not_an_error(data: object) -> None:
    assert isinstance(from_json(data), Unreadable)


def test_a_damaged_log_form_keeps_every_answer_it_can() -> None:
    state = from_json({"flow": "log", "answers": {"company": "Acme", "shoe size": "9",
                                                  "role": 42, "email": None},
                       "asking": "favourite colour"})
    assert state == FormState(answers={"company": "Acme", "email": None}, asking="role")
    assert from_json({"flow": "log", "answers": "?", "asking": None}) == FormState(
        answers={}, asking="company")


def test_a_command_no_longer_known_is_only_a_lost_suggestion() -> None:
    row = json.loads(RELEASED_ROWS[3][0]) | {"again": ["obliterate", {}]}
    assert from_json(row) == Confirmation(ForgetMe(), token="wv2pke", asked_at=ASKED, again=None)


# Through the chat, over a real database written the old way


def _store_raw_state(db: Path, text: str) -> None:
    """Write the one user's state row as an earlier release (or a damaged disk) left it."""
    with sqlite3.connect(db) as conn:
        [(user_id,)] = conn.execute("SELECT id FROM users").fetchall()
        conn.execute("INSERT OR REPLACE INTO conversations (user_id, state, updated_at)"
                     " VALUES (?, ?, '2026-03-02T14:00:00.000000+00:00')", (user_id, text))
    conn.close()


def _stored_state(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        rows = [row[0] for row in conn.execute("SELECT state FROM conversations")]
    conn.close()
    return rows


async def test_a_form_half_filled_under_the_first_release_continues(tmp_path: Path) -> None:
    chat = Chat(tmp_path / "rebound.db")
    await chat.session("help")
    _store_raw_state(chat.db_path, RELEASED_ROWS[0][0])
    out = await chat.session("Dr. Jane Smith", "skip", "skip", "today",
                             "the whiteboard session on the checkout redesign", "skip")
    assert "Welcome back. You were in the middle of logging a rejection" in out
    assert _stored_state(chat.db_path) == []
    listed = await chat.say("list")
    assert "Acme" in listed and "Designer" in listed


async def test_a_question_asked_under_the_first_release_is_answered(tmp_path: Path) -> None:
    chat = Chat(tmp_path / "rebound.db")
    await chat.session(LOG_ACME)
    _store_raw_state(chat.db_path, RELEASED_ROWS[1][0])  # `sent acme` during the cool-down
    out = await chat.say("yes #84fbtv")
    assert "Noted: “Send a short thank-you email” done for Acme" in out
    assert _stored_state(chat.db_path) == []


@pytest.mark.parametrize("row", [
    "{not json", "[]", '{"flow":"teleport","to":"mars"}',
    '{"flow":"progress","rejection_id":"one"}',
    '{"flow":"confirm","action":"forget-me","token":"wv2pke","asked_at":"soon","again":null}',
])
async def test_an_unreadable_state_restarts_the_conversation_politely(
        tmp_path: Path, row: str) -> None:
    chat = Chat(tmp_path / "rebound.db")
    await chat.session(LOG_ACME)
    _store_raw_state(chat.db_path, row)
    chat.advance(minutes=5)
    out = await chat.session("yes")  # a yes to what can't be read does nothing
    assert out.count("I lost my place in what we were doing") == 1
    assert "Everything you saved is safe" in out and "send it again" in out
    assert _stored_state(chat.db_path) == []
    assert "Acme" in await chat.say("list")  # nothing else was touched, nothing was deleted
