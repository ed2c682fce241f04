"""Installing the Slack app into workspaces through OAuth, end to end: a browser through
`/slack/install`, the fake Slack's consent screen and `/slack/oauth_redirect` (bolt's OAuth
flow behind our HTTP server), then requests and nudges in each workspace with its own token,
uninstalls, the grace period and token rotation. Nothing of ours is mocked; time is the rig's
FakeClock.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from slack_harness import ALEX, T1, T2
from slack_oauth_harness import OAuthRig


@pytest.fixture
async def rig(tmp_path: Path) -> AsyncIterator[OAuthRig]:
    async with OAuthRig(tmp_path) as started:
        yield started


async def test_smoke(rig: OAuthRig) -> None:
    page = await rig.install(T1)
    print(page)
    assert page.status == 200
    await rig.dm(T1, ALEX, "help")
    print(rig.last_dm(T1, ALEX))
