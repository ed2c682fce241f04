"""`rebound backup PATH`: a consistent copy of the live database, safe while the bot runs.

SQLite's online backup API copies every page inside one read transaction, so the copy is the
database as of one commit, including commits still in the WAL file (which a plain `cp` of
the database file would miss), and the running bot keeps writing meanwhile. The copy is
written to a private temporary file beside the target, checked with `PRAGMA
integrity_check`, and only then renamed into place, so PATH is either the old file or a
complete, verified backup.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import sqlite3
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from bot.errors import ReboundError, UserError
from rebound.settings import add_db_option, database_path

FILE_MODE = 0o600
BUSY_TIMEOUT_S = 10.0


@dataclass(frozen=True)
class BackupResult:
    """A finished, verified backup."""

    source: Path
    path: Path
    size_bytes: int
    schema_version: int


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The `backup` subcommand."""
    parser = commands.add_parser(
        "backup", help="copy the database to a file, safely, even while the bot runs",
        description="Copy the database to PATH with SQLite's online backup: a consistent "
        "snapshot, taken while the bot keeps running and writing. The copy is checked "
        "(PRAGMA integrity_check) before it is moved into place, and is readable by its "
        "owner only. To restore, see deploy/README.md.")
    parser.add_argument("path", metavar="PATH", help="the backup file to write")
    add_db_option(parser, doing="back up")
    parser.add_argument("--force", action="store_true",
                        help="replace PATH if it already exists")


def main(args: argparse.Namespace, *, environ: Mapping[str, str]) -> int:
    """Run `rebound backup`: one line on stdout when done.

    A refusal (no database, PATH exists, ...) is one line on stderr and exit code 2; a copy
    that fails or doesn't verify is one line and exit code 1, and PATH is left as it was.
    """
    target = Path(args.path).expanduser().absolute()
    try:
        source = database_path(args.db, environ)
        if not isinstance(source, Path):
            raise UserError("REBOUND_DB names a PostgreSQL database; back it up with the "
                            "server's own tools (pg_dump), not rebound backup.")
        result = asyncio.run(backup(source, target, overwrite=args.force))
    except UserError as problem:
        print(f"rebound backup: {problem}", file=sys.stderr)
        return 2
    except ReboundError as problem:
        print(f"rebound backup: {problem}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    print(f"backed up {result.source} to {result.path}: {result.size_bytes:,} bytes, "
          f"schema version {result.schema_version}, integrity ok")
    return 0


async def backup(source: Path, target: Path, *, overwrite: bool = False) -> BackupResult:
    """Copy the database at `source` to `target` consistently, verify it, and return what
    was written. Runs in a worker thread: the event loop (and the bot on it) keeps going."""
    return await asyncio.to_thread(_backup, source, target, overwrite)


def _backup(source: Path, target: Path, overwrite: bool) -> BackupResult:
    source, target = source.absolute(), target.absolute()
    _check(source, target, overwrite=overwrite)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial",
                                dir=target.parent)
    temporary = Path(name)
    try:
        os.fchmod(fd, FILE_MODE)
        os.close(fd)
        version = _copy(source, temporary)
        with temporary.open("rb") as written:
            os.fsync(written.fileno())
        size = temporary.stat().st_size
        _move_into_place(temporary, target, overwrite=overwrite)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    _sync_folder(target.parent)
    return BackupResult(source=source, path=target, size_bytes=size, schema_version=version)


def _check(source: Path, target: Path, *, overwrite: bool) -> None:
    if not source.exists():
        raise UserError(f"there is no database at {source}. Name it with --db PATH or the "
                        "REBOUND_DB variable.")
    if not source.is_file():
        raise UserError(f"{source} is not a database file. Name the file with --db PATH.")
    if target.is_dir():
        raise UserError(f"{target} is a folder; give a file name inside it, like "
                        f"{target / 'rebound-backup.db'}.")
    if not target.parent.is_dir():
        raise UserError(f"can't write {target}: the folder {target.parent} doesn't exist.")
    live = {source, *(source.with_name(source.name + end) for end in ("-wal", "-shm",
                                                                      "-journal"))}
    if target in live or (target.exists() and target.samefile(source)):
        raise UserError(f"{target} is the live database (or one of its files); back it up "
                        "to another file.")
    if target.exists() and not overwrite:
        raise UserError(f"{target} already exists; choose another file, or add --force to "
                        "replace it.")


def _copy(source: Path, temporary: Path) -> int:
    """Copy `source` into the empty file `temporary` and verify it; returns its version."""
    # mode=rw never creates a missing file, and falls back to read-only if the file is.
    try:
        live = sqlite3.connect(f"{source.as_uri()}?mode=rw", uri=True,
                               timeout=BUSY_TIMEOUT_S)
    except sqlite3.Error as exc:
        raise UserError(f"can't open the database at {source}: {exc}.") from exc
    try:
        copy = sqlite3.connect(temporary, isolation_level=None)
        try:
            try:
                live.backup(copy)  # all pages in one step: one read transaction, one snapshot
            except sqlite3.DatabaseError as exc:
                raise UserError(f"can't back up {source}: {exc}.") from exc
            # A standalone file: no -wal beside it is needed to read or restore it.
            copy.execute("PRAGMA journal_mode = DELETE")
            problems = [row[0] for row in copy.execute("PRAGMA integrity_check")]
            if problems != ["ok"]:
                raise ReboundError(f"the copy failed its integrity check ({problems[0]}); "
                                   "nothing was written. Run: rebound doctor")
            (version,) = copy.execute("PRAGMA user_version").fetchone()
        finally:
            copy.close()
    except sqlite3.Error as exc:
        raise ReboundError(f"the backup failed: {exc}; nothing was written.") from exc
    finally:
        live.close()
    return int(version)


def _move_into_place(temporary: Path, target: Path, *, overwrite: bool) -> None:
    if overwrite:
        temporary.replace(target)
        return
    try:
        # A hard link fails if the target appeared since the check: never clobber it.
        os.link(temporary, target)
    except FileExistsError as exc:
        raise UserError(f"{target} already exists; choose another file, or add --force to "
                        "replace it.") from exc
    except OSError:
        # A file system without hard links: the check in _check has to do.
        if target.exists():
            raise UserError(f"{target} already exists; choose another file, or add --force "
                            "to replace it.") from None
        temporary.replace(target)
        return
    temporary.unlink()


def _sync_folder(folder: Path) -> None:
    """Make the rename durable (a no-op where folders can't be opened, e.g. Windows)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
