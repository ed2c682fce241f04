"""The fire path's shortcuts keep their meaning: claimed payloads are each nudge's own, and
the start-up heap, once frozen, is left out of garbage collection."""

from __future__ import annotations

import gc
from datetime import timedelta

from nudge_support import MONDAY, PLATFORM, RawNudge, insert_nudges, make_user

from bot.nudges.heap import freeze_startup_heap
from bot.nudges.model import Nudge, NudgeKind
from bot.store import Store
from bot.store.nudges import Scope

ACTION = '{"action": "check-reply"}'
MISSED = '{"missed": [{"kind": "reach-out", "rejection_id": null, "due_at": "2026-02-20"}]}'


async def claim(store: Store, limit: int) -> list[Nudge]:
    return await store.nudges.claim(
        scope=Scope(platforms=(PLATFORM,)), owner="decoder", now=MONDAY,
        lease=timedelta(seconds=20), limit=limit, expire_before=MONDAY - timedelta(days=7))


async def test_nudges_claimed_with_the_same_payload_each_get_their_own(store: Store) -> None:
    user = await make_user(store)
    due = MONDAY - timedelta(minutes=5)
    await insert_nudges(store, [
        RawNudge(f"same-{n}", user.id, due + timedelta(seconds=n), kind="check-reply",
                 payload=ACTION) for n in range(3)
    ] + [
        RawNudge(f"missed-{n}", user.id, due + timedelta(seconds=10 + n), kind="missed",
                 payload=MISSED) for n in range(2)
    ])
    first, second = await claim(store, limit=2)
    assert first.payload == second.payload == {"action": "check-reply"}
    first.payload["action"] = "changed by a caller"
    assert second.payload == {"action": "check-reply"}
    third, *missed = await claim(store, limit=3)  # a later claim decodes the same text again
    assert third.kind is NudgeKind.CHECK_REPLY
    assert third.payload == {"action": "check-reply"}
    assert [n.kind for n in missed] == [NudgeKind.MISSED, NudgeKind.MISSED]
    missed[0].payload["missed"].clear()
    assert missed[1].payload["missed"] == [
        {"kind": "reach-out", "rejection_id": None, "due_at": "2026-02-20"}]


def test_the_frozen_start_up_heap_is_left_out_of_collections() -> None:
    loaded_at_start_up = [object()]
    try:
        assert freeze_startup_heap() > 0
        tracked = gc.get_objects()
        assert not any(obj is loaded_at_start_up for obj in tracked)
        made_later: list[object] = []
        assert any(obj is made_later for obj in gc.get_objects())
    finally:
        gc.unfreeze()
    assert any(obj is loaded_at_start_up for obj in gc.get_objects())
