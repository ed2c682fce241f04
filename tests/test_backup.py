"""`rebound backup`: a consistent, verified, private copy of the live database, taken while
the bot keeps writing; and every refusal is one line that leaves the files as they were."""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import stat
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.models import RejectionInput, UserKey
from rebound import backup as backup_command
from rebound.backup import backup
from rebound.bootstrap import open_store

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
ALICE = UserKey(platform="slack", workspace="T1", user_id="U1")
SEED_ROWS = 200


def _rejection(company: str) -> RejectionInput:
    return RejectionInput(company=company, role="Designer", interviewer="Jane Smith",
                          rejected_on=date(2026, 2, 27),
                          memory="the whiteboard session on checkout " * 40)


async def _seed(path: Path, rows: int = 3) -> list[int]:
    async with await open_store(path) as store:
        user = await store.get_or_create_user(ALICE, now=NOW)
        return [(await store.add_rejection(user.id, _rejection(f"Seed {n}"), now=NOW)).id
                for n in range(rows)]


async def _rows(path: Path) -> dict[int, int]:
    """Rejection id -> number of its events, read through the real store."""
    async with await open_store(path) as store:
        user = await store.get_or_create_user(ALICE, now=NOW)
        return {r.id: len(r.events) for r in await store.list_rejections(user.id)}


def _integrity(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        checks = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        checks += [repr(row) for row in conn.execute("PRAGMA foreign_key_check")]
    conn.close()
    return checks


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _leftovers(folder: Path) -> list[str]:
    return [name for name in _names(folder) if name.endswith(".partial")]


async def test_a_backup_taken_while_the_bot_writes_holds_every_row_committed_before_it(
        tmp_path: Path) -> None:
    live = tmp_path / "live" / "rebound.db"
    folder = tmp_path / "backups"
    folder.mkdir()
    target = folder / "rebound-backup.db"
    seeded = await _seed(live, SEED_ROWS)  # ~1.5 MB, so the copy takes a little while

    async with await open_store(live) as store:
        user = await store.get_or_create_user(ALICE, now=NOW)
        committed: list[int] = []
        progress = asyncio.Event()
        stop = asyncio.Event()

        async def keep_writing() -> None:
            n = 0
            while not stop.is_set():
                rejection = await store.add_rejection(user.id, _rejection(f"Live {n}"), now=NOW)
                committed.append(rejection.id)
                progress.set()
                n += 1

        async def wait_for(count: int) -> None:
            while len(committed) < count:
                progress.clear()
                await progress.wait()

        writer = asyncio.create_task(keep_writing())
        await wait_for(20)
        # The bot's recent commits are still in the WAL file, where `cp rebound.db` misses them.
        assert live.with_name("rebound.db-wal").stat().st_size > 0
        before = list(committed)
        result = await backup(live, target)
        await wait_for(len(committed) + 20)  # the bot kept writing after (and during) the copy
        stop.set()
        await writer
        everything = seeded + committed

    assert result.path == target and result.source == live
    assert result.size_bytes == target.stat().st_size > 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert _integrity(target) == ["ok"]
    copied = await _rows(target)
    assert set(seeded + before) <= set(copied), "a row committed before the backup is missing"
    # One snapshot: the rows in the copy are exactly the first ones committed, none torn.
    assert sorted(copied) == sorted(everything)[:len(copied)]
    assert all(events >= 1 for events in copied.values()), "a rejection lost its logged event"
    assert len(copied) < len(everything)
    assert result.schema_version > 0
    assert _leftovers(folder) == []
    assert not target.with_name(target.name + "-wal").exists(), "the copy must stand alone"


def _args(path: Path, *, db: Path | None = None, force: bool = False) -> argparse.Namespace:
    return argparse.Namespace(command="backup", path=str(path),
                              db=None if db is None else str(db), force=force)


def test_the_cli_backs_up_the_database_named_by_rebound_db_in_one_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    live = tmp_path / "rebound.db"
    ids = asyncio.run(_seed(live))
    target = tmp_path / "copy.db"

    code = backup_command.main(_args(target), environ={"REBOUND_DB": str(live)})

    out, err = capsys.readouterr()
    assert code == 0, err
    assert err == ""
    (line,) = out.splitlines()
    version = sqlite3.connect(target).execute("PRAGMA user_version").fetchone()[0]
    assert str(target) in line and f"{target.stat().st_size:,} bytes" in line
    assert f"schema version {version}" in line
    assert sorted(asyncio.run(_rows(target))) == ids


def test_db_option_wins_over_rebound_db(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    live = tmp_path / "chosen.db"
    asyncio.run(_seed(live))
    target = tmp_path / "copy.db"

    code = backup_command.main(_args(target, db=live),
                               environ={"REBOUND_DB": str(tmp_path / "missing.db")})

    assert code == 0, capsys.readouterr().err
    assert str(live) in capsys.readouterr().out


def test_refuses_a_missing_database_without_creating_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nowhere.db"
    target = tmp_path / "copy.db"

    code = backup_command.main(_args(target, db=missing), environ={})

    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err == f"rebound backup: there is no database at {missing}. Name it with --db PATH " \
        "or the REBOUND_DB variable.\n"
    assert not missing.exists() and not target.exists()
    assert _leftovers(tmp_path) == []


def test_refuses_to_overwrite_a_file_unless_forced(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    live = tmp_path / "rebound.db"
    ids = asyncio.run(_seed(live))
    target = tmp_path / "copy.db"
    target.write_text("yesterday's backup")
    target.chmod(0o644)

    code = backup_command.main(_args(target, db=live), environ={})

    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert len(err.splitlines()) == 1 and "already exists" in err and "--force" in err
    assert target.read_text() == "yesterday's backup"

    code = backup_command.main(_args(target, db=live, force=True), environ={})

    assert code == 0, capsys.readouterr().err
    assert sorted(asyncio.run(_rows(target))) == ids
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert _leftovers(tmp_path) == []


def test_refuses_to_write_over_the_live_database_even_when_forced(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    live = tmp_path / "rebound.db"
    ids = asyncio.run(_seed(live))
    alias = tmp_path / "alias.db"
    alias.symlink_to(live)

    for target in (live, alias, tmp_path / "rebound.db-wal"):
        code = backup_command.main(_args(target, db=live, force=True), environ={})
        err = capsys.readouterr().err
        assert code == 2 and "is the live database" in err, err

    assert sorted(asyncio.run(_rows(live))) == ids


def test_refuses_a_missing_folder_a_folder_and_a_file_that_is_not_a_database(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    live = tmp_path / "rebound.db"
    asyncio.run(_seed(live))
    junk = tmp_path / "notes.txt"
    junk.write_text("not a database, just some notes " * 100)

    cases = [
        (_args(tmp_path / "no" / "such" / "folder" / "copy.db", db=live), "doesn't exist"),
        (_args(tmp_path, db=live), "is a folder"),
        (_args(tmp_path / "copy.db", db=junk), "not a database"),
    ]
    for args, message in cases:
        code = backup_command.main(args, environ={})
        out, err = capsys.readouterr()
        assert code == 2 and out == "", err
        assert len(err.splitlines()) == 1 and message in err, err
    assert not (tmp_path / "copy.db").exists()
    assert _leftovers(tmp_path) == []


async def test_a_backup_of_a_stopped_bots_database_leaves_no_files_beside_it(
        tmp_path: Path) -> None:
    live = tmp_path / "rebound.db"
    await _seed(live)
    beside = _names(tmp_path)

    result = await backup(live, tmp_path / "copy.db")

    assert _names(tmp_path) == sorted([*beside, "copy.db"])
    assert result.schema_version > 0 and _integrity(result.path) == ["ok"]
