"""The playbook's timings have one source (`bot.timings.TIMINGS`) and one way to be said.

No sentence writes a playbook duration by hand: the source scan below finds any that does,
and the texts that name one are checked to say exactly what the formatter makes of `TIMINGS`,
so changing a value there changes every sentence that mentions it.
"""

from __future__ import annotations

import ast
import re
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from bot.clock import FakeClock
from bot.coach import Coach
from bot.models import Preferences, Profile, Rejection, User, UserKey
from bot.nudges.composer import compose
from bot.nudges.model import Nudge, NudgeKind, NudgeStatus
from bot.playbook import ActionKey
from bot.session import Incoming
from bot.syntax import Surface
from bot.timings import TIMINGS, spoken, spoken_month_range, spoken_months
from rebound.bootstrap import bootstrap, open_store

ROOT = Path(__file__).resolve().parents[1]
DURATION = re.compile(
    r"\b(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d+)"
    r"[- ](?:day|week|month|year)s?\b|\bfortnight\b|\bhalf a year\b", re.IGNORECASE)
# What a user may type, not how long the playbook waits: examples of dates and durations to
# type, and the limits of what is read. The parsers that read them are left out whole.
TYPED_EXAMPLES = {
    "bot/commands.py": {"3 days", "2 weeks", "a day"},
    "bot/log_form.py": {"3 days"},
    # The review's pattern for a writer's "one day" (some day), no wait of ours.
    "bot/intent/frames/hoped.py": {"one day"},
}
PARSERS = {"bot/dates.py", "bot/parse.py", "bot/sentence.py"}
READERS = "bot/intent/"  # the review's patterns for what users write ("hope to join one day")


def test_the_formatter_says_durations_in_words() -> None:
    assert spoken(timedelta(days=7)) == "a week"
    assert spoken(timedelta(days=14)) == "two weeks"
    assert spoken(timedelta(weeks=3), adjective=True) == "three-week"
    assert spoken(timedelta(days=10)) == "ten days"
    assert spoken(timedelta(days=1)) == "a day"
    assert spoken(timedelta(days=15 * 7)) == "15 weeks"
    assert spoken_months(6) == "six months" and spoken_months(1) == "a month"
    assert spoken_month_range(6, 9) == "six to nine months"


def _handwritten(path: Path) -> list[str]:
    """Duration phrases in the strings of a module (its docstrings aside)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.value) for node in ast.walk(tree)
                  if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)}
    return [match.group(0) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and id(node) not in docstrings for match in DURATION.finditer(node.value)]


def test_no_sentence_writes_a_duration_by_hand() -> None:
    found = {}
    for path in sorted((ROOT / "bot").rglob("*.py")):
        name = path.relative_to(ROOT).as_posix()
        if name in PARSERS or name.startswith(READERS) or name == "bot/timings.py":
            continue
        phrases = set(_handwritten(path)) - TYPED_EXAMPLES.get(name, set())
        if phrases:
            found[name] = phrases
    for path in sorted((ROOT / "templates").rglob("*.j2")):
        said = re.sub(r"\{#.*?#\}", "", path.read_text(encoding="utf-8"), flags=re.DOTALL)
        if DURATION.search(said):
            found[path.name] = set(DURATION.findall(said))
    assert found == {}


def test_the_scan_finds_a_duration_written_by_hand(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text('"""Waits two weeks (a docstring)."""\n'
                      'TEXT = f"No answer in two weeks from {x}; a three-week pause."\n')
    assert _handwritten(module) == ["two weeks", "three-week"]


USER = UserKey("slack", "T1", "U1")


@pytest.fixture
async def coach(tmp_path: Path) -> AsyncIterator[Coach]:
    async with await open_store(tmp_path / "r.db") as store:
        yield bootstrap(store=store, clock=FakeClock(datetime(2026, 3, 2, 14, tzinfo=UTC))).coach


async def say(coach: Coach, text: str) -> str:
    reply = await coach.handle(Incoming(USER, text, surface=Surface.DIRECT))
    return str(reply.parts)


async def test_help_and_tips_say_the_playbooks_durations(coach: Coach) -> None:
    pause, no_reply = (spoken(TIMINGS.pause_after_brief_reply),
                       spoken(TIMINGS.no_reply_after))
    helped = await say(coach, "help replied")
    assert f"pause about {pause}, then move on" in helped
    assert f"move on {no_reply} after your email" in helped
    late = await say(coach, "log company: Acme; role: Designer; interviewer: Jane Smith; "
                     "rejected: 20 days ago; memory: the demo")
    assert f"the {spoken(TIMINGS.cool_down, adjective=True)} cool-down is already behind" in late
    await say(coach, "sent acme")
    assert f"no contact for about {pause}." in await say(coach, "replied acme brief")
    months = spoken_month_range(TIMINGS.stay_in_touch_months,
                                TIMINGS.stay_in_touch_window_end_months)
    merged = await say(coach, "log company: Initech; role: Analyst; interviewer: Bob Ray; "
                       "rejected: 200 days ago; memory: the case study")
    assert f"stay-in-touch window ({months} after" in merged
    settings = await say(coach, "settings")
    assert f"a {spoken(TIMINGS.cool_down, adjective=True)} cool-down" in settings
    assert f"the stay-in-touch email {months} after the rejection" in settings
    assert "To move one step, snooze it." in settings


def nudge_text(kind: NudgeKind, action: ActionKey) -> str:
    rejection = Rejection(id=1, user_id=1, company="Acme", role="Designer",
                          interviewer="Jane Smith", rejected_on=date(2026, 3, 2),
                          memory="the demo", interviewer_email=None, linkedin_url=None,
                          compliment=None, created_at=datetime(2026, 3, 2, tzinfo=UTC))
    user = User(id=1, key=USER, profile=Profile(), preferences=Preferences(timezone="UTC"),
                created_at=datetime(2026, 3, 2, tzinfo=UTC))
    nudge = Nudge(id=1, key="k", user_id=1, kind=kind, rejection_id=1,
                  due_at=datetime(2026, 4, 1, 9, tzinfo=UTC), timezone="UTC",
                  status=NudgeStatus.CLAIMED, attempts=1, payload={"action": action.value})
    composed = compose(nudge, user=user, rejection=rejection)
    assert composed.reply is not None
    return str(composed.reply.parts)


def test_nudges_say_the_playbooks_durations() -> None:
    check = spoken(TIMINGS.check_reply_after)
    assert f"{check[0].upper()}{check[1:]} ago you thanked Jane" in nudge_text(
        NudgeKind.CHECK_REPLY, ActionKey.CHECK_REPLY)
    pause = spoken(TIMINGS.pause_after_brief_reply, adjective=True)
    assert f"The {pause} pause after Jane's reply is over" in nudge_text(
        NudgeKind.PAUSE_OVER, ActionKey.MOVE_ON)
    silence = spoken(TIMINGS.no_reply_after)
    assert f"{silence[0].upper()}{silence[1:]} and no answer from Acme" in nudge_text(
        NudgeKind.NO_REPLY, ActionKey.MOVE_ON)
