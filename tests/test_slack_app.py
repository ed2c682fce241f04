"""The Slack app end to end: real bolt, real listeners, real coach and SQLite, fake Slack."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from slack_harness import ALEX, BLAIR, GENERAL, T1, T2, SlackRig, block_text, buttons

LOG_ACME = ("log company: Acme; role: Product Designer; interviewer: Jane Smith; "
            "email: jane@acme.com; rejected: today; memory: the whiteboard session")


@pytest.fixture
async def rig(tmp_path: Path) -> AsyncIterator[SlackRig]:
    async with SlackRig(tmp_path) as started:
        yield started


async def test_a_dm_conversation_logs_a_rejection_with_the_guided_form(rig: SlackRig) -> None:
    await rig.dm(T1, ALEX, "log")
    assert "Which company turned you down?" in rig.last_dm(T1, ALEX)
    for answer in ("Acme", "Product Designer", "Jane Smith", "jane@acme.com", "skip", "today",
                   "the whiteboard session", "skip"):
        await rig.dm(T1, ALEX, answer)
    assert "Logged: Acme" in rig.last_dm(T1, ALEX)
    await rig.dm(T1, ALEX, "list")
    assert "Acme" in rig.last_dm(T1, ALEX)


async def test_slash_command_in_a_channel_answers_privately(rig: SlackRig) -> None:
    await rig.slash(T1, ALEX, LOG_ACME)
    [answer] = rig.ephemeral_texts()
    assert "Logged: Acme" in answer
    assert rig.fake.bot_messages(GENERAL) == []
    assert rig.fake.calls_to("chat.postMessage") == []
