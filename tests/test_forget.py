"""`forget me` and `forget <company>` leave nothing behind: no row, no WAL frame, no free page,
no backup taken afterwards holds what the user wrote; and nothing brings the user back until
they write again (App Home refreshes included).

Real SQLite files in tmp_path, searched byte for byte while the database is still open (as
it is in a running bot), so a clean close can't hide a leftover. The WAL is wiped just after
the answer (`Database.settle` waits for it), and a process killed in between has it wiped when
the file is next opened.
"""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.clock import FakeClock
from bot.coach import Coach
from bot.models import UserKey
from bot.session import Incoming
from bot.store import Store, wipe
from rebound.backup import backup
from rebound.bootstrap import bootstrap, open_store
from tests.slack_harness import ALEX, T1, SlackRig, block_text

NOW = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)
SAM = UserKey("slack", "T0FORGET01", "U0QUOKKA77")
SECRETS = ("Zanzibarquux", "Ottoline Pemberwick", "ottoline@zanzibarquux.example",
           "periwinkle kazoo", "Merriweather Flax", "Quenya calligraphy", "U0QUOKKA77")
LOG = ("log company: Zanzibarquux; role: Lamplighter; interviewer: Ottoline Pemberwick; "
       "email: ottoline@zanzibarquux.example; rejected: today; "
       "memory: the periwinkle kazoo demo; compliment: the team's kindness")
OTHER = ("log company: Initrode; role: Analyst; interviewer: Ann Lee; rejected: today; "
         "memory: the spreadsheet puzzle")


def files_of(db: Path) -> list[Path]:
    return [path for path in (db, Path(f"{db}-wal"), Path(f"{db}-shm")) if path.exists()]


def wal_size(db: Path) -> int:
    return Path(f"{db}-wal").stat().st_size


def leftovers(paths: list[Path], secrets: tuple[str, ...]) -> list[tuple[str, str]]:
    """(file, secret) for every secret found in the raw bytes of a file."""
    found = []
    for path in paths:
        raw = path.read_bytes()
        found += [(path.name, s) for s in secrets if s.encode("utf-8") in raw]
    return found


async def say(coach: Coach, text: str, user: UserKey = SAM) -> str:
    reply = await coach.handle(Incoming(user, text, "UTC"))
    return str(reply)


async def test_forget_me_leaves_no_byte_of_the_user_in_the_database_wal_or_a_backup(
        tmp_path: Path) -> None:
    db = tmp_path / "rebound.db"
    async with await open_store(db) as store:
        coach = bootstrap(store=store, clock=FakeClock(NOW)).coach
        for text in (LOG, "profile name: Merriweather Flax",
                     "skill: learned Quenya calligraphy", "draft thank-you"):
            await say(coach, text)
        await say(coach, OTHER, UserKey("slack", "T0FORGET01", "U0SOMEONE2"))
        assert leftovers(files_of(db), SECRETS)  # the search does find them beforehand

        await say(coach, "forget me")
        await say(coach, "yes")
        await store.database.settle()

        assert leftovers(files_of(db), SECRETS) == []
        assert wal_size(db) == 0  # truncated, not just reused
        copy = tmp_path / "after.db"
        await backup(db, copy)
        assert leftovers([copy], SECRETS) == []
        # Someone else's data is untouched.
        assert "Initrode" in await say(coach, "list", UserKey("slack", "T0FORGET01",
                                                              "U0SOMEONE2"))


async def test_forget_one_company_leaves_no_byte_of_it(tmp_path: Path) -> None:
    db = tmp_path / "rebound.db"
    company = ("Zanzibarquux", "Ottoline Pemberwick", "periwinkle kazoo")
    async with await open_store(db) as store:
        coach = bootstrap(store=store, clock=FakeClock(NOW)).coach
        await say(coach, LOG)
        await say(coach, OTHER)
        await say(coach, "sent zanzibarquux")
        await say(coach, "forget zanzibarquux")
        await say(coach, "yes")
        await store.database.settle()
        assert leftovers(files_of(db), company) == []
        listing = await say(coach, "list")
        assert "Initrode" in listing and "Zanzibarquux" not in listing


async def test_a_checkpoint_held_up_by_a_reader_is_retried_and_done_at_the_next_commit(
        tmp_path: Path) -> None:
    db = tmp_path / "rebound.db"
    async with await open_store(db) as store:
        coach = bootstrap(store=store, clock=FakeClock(NOW)).coach
        await say(coach, LOG)
        reader = sqlite3.connect(db, isolation_level=None)  # e.g. a backup or `sqlite3` shell
        try:
            reader.execute("BEGIN")
            reader.execute("SELECT count(*) FROM rejections").fetchone()  # holds a snapshot
            await say(coach, "forget me")
            await say(coach, "yes")  # answered; the checkpoint can't finish meanwhile
            await store.database.settle()  # every try of it
            assert leftovers([Path(f"{db}-wal")], SECRETS)
        finally:
            reader.close()
        await say(coach, "hello", UserKey("slack", "T0FORGET01", "U0SOMEONE2"))  # a commit
        await store.database.settle()
        assert leftovers(files_of(db), SECRETS) == []


async def forgotten(store: Store) -> Coach:
    """A coach on `store` to which SAM has logged a rejection and then been forgotten."""
    coach = bootstrap(store=store, clock=FakeClock(NOW)).coach
    await say(coach, LOG)
    await say(coach, "forget me")
    await say(coach, "yes")
    return coach


async def forget_me_and_copy_before_the_wipe(store: Store, folder: Path) -> tuple[str, Path]:
    """SAM logs a rejection and is forgotten; the files are copied into `folder` right after
    the answer, before the wipe has run, as a process killed then would leave them. Returns
    the answer and the copied database file."""
    coach = bootstrap(store=store, clock=FakeClock(NOW)).coach
    await say(coach, LOG)
    await say(coach, "forget me")
    answer = await say(coach, "yes")
    await asyncio.to_thread(folder.mkdir)
    for path in files_of(store.database.path):
        shutil.copy(path, folder / path.name)
    return answer, folder / store.database.path.name


async def test_the_answer_goes_out_before_the_wipe_and_a_crash_between_is_wiped_at_open(
        tmp_path: Path) -> None:
    db = tmp_path / "rebound.db"
    async with await open_store(db) as store:
        answer, copy = await forget_me_and_copy_before_the_wipe(store, tmp_path / "crashed")
        assert "is gone" in answer
        await store.database.settle()
        assert leftovers(files_of(db), SECRETS) == []
    assert leftovers(files_of(copy), SECRETS)  # the deleted rows' pages are still in the WAL
    async with await open_store(copy) as store:
        assert leftovers(files_of(copy), SECRETS) == []
        assert wal_size(copy) == 0
        assert await store.database.read("SELECT id FROM users") == []


async def test_a_crashed_wipe_held_up_at_open_is_done_at_the_next_commit(
        tmp_path: Path) -> None:
    async with await open_store(tmp_path / "rebound.db") as store:
        _, copy = await forget_me_and_copy_before_the_wipe(store, tmp_path / "crashed")
    reader = sqlite3.connect(copy, isolation_level=None)  # another process reading
    try:
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM users").fetchone()
        async with await open_store(copy) as store:
            assert leftovers([Path(f"{copy}-wal")], SECRETS)  # held up at open
            reader.close()
            coach = bootstrap(store=store, clock=FakeClock(NOW)).coach
            await say(coach, "hello", UserKey("slack", "T0FORGET01", "U0SOMEONE2"))
            await store.database.settle()
            assert leftovers(files_of(copy), SECRETS) == []
    finally:
        reader.close()


async def wiped(db: Path) -> bool:
    """Whether the wipe has left no secret in the files, waiting for it up to 5 s."""
    for _ in range(500):
        if not leftovers(files_of(db), SECRETS):
            return True
        await asyncio.sleep(0.01)
    return False


async def test_writes_right_after_a_deletion_do_not_queue_behind_its_wipe(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The wipe waits for a pause in the writes: a burst of commands (a pasted script)
    goes on while the WAL still holds the old pages, and the wipe follows."""
    monkeypatch.setattr(wipe, "QUIET_FOR", 30.0)
    monkeypatch.setattr(wipe, "WIPE_WITHIN", 60.0)
    db = tmp_path / "rebound.db"
    async with await open_store(db) as store:
        coach = await forgotten(store)
        for n in range(3):
            await say(coach, "hello", UserKey("slack", "T0FORGET01", f"U0BURST{n}"))
        assert leftovers([Path(f"{db}-wal")], SECRETS)  # not yet: no pause so far
        await store.database.settle()
        assert leftovers(files_of(db), SECRETS) == []


async def test_the_wipe_comes_at_the_first_pause_without_being_asked(tmp_path: Path) -> None:
    db = tmp_path / "rebound.db"
    async with await open_store(db) as store:
        await forgotten(store)
        assert await wiped(db)


async def test_a_wipe_waits_no_longer_than_its_limit_however_busy_the_writes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(wipe, "QUIET_FOR", 30.0)
    monkeypatch.setattr(wipe, "WIPE_WITHIN", 0.05)
    db = tmp_path / "rebound.db"
    async with await open_store(db) as store:
        coach = await forgotten(store)
        for n in range(500):  # never a pause of QUIET_FOR
            if not leftovers(files_of(db), SECRETS):
                break
            await say(coach, "hello", UserKey("slack", "T0FORGET01", f"U0BUSY{n:03d}"))
            await asyncio.sleep(0.01)
        assert leftovers(files_of(db), SECRETS) == []


async def test_the_overview_of_someone_unknown_is_empty_and_creates_nobody(
        tmp_path: Path) -> None:
    async with await open_store(tmp_path / "rebound.db") as store:
        coach = bootstrap(store=store, clock=FakeClock(NOW)).coach
        overview = str(await coach.overview(SAM, timezone_hint="Europe/Berlin"))
        assert "No rejections logged yet" in overview and "Europe/Berlin" in overview
        assert await store.get_user(SAM) is None
        assert await store.database.read("SELECT id FROM users") == []


async def test_slacks_app_home_refresh_after_forget_me_does_not_bring_the_user_back(
        tmp_path: Path) -> None:
    async with SlackRig(tmp_path) as rig:
        await rig.dm(T1, ALEX, LOG)
        await rig.dm(T1, ALEX, "forget me")
        published = len(rig.fake.calls_to("views.publish"))
        await rig.dm(T1, ALEX, "yes")  # waits for the answer and the App Home refresh
        await asyncio.wait_for(rig.fake.wait_for_calls("views.publish", published + 1), 5)
        await rig.store.database.settle()
        home = rig.fake.home_view(T1, ALEX)
        assert home is not None and "Zanzibarquux" not in block_text(home["blocks"])
        assert await rig.store.database.read("SELECT id FROM users") == []
        assert leftovers(files_of(tmp_path / "rebound.db"), ("Zanzibarquux",)) == []
