"""Creating the database file so that only its owner can read it."""

from __future__ import annotations

import logging
import os
from pathlib import Path

log = logging.getLogger(__name__)

FILE_MODE = 0o600
DIR_MODE = 0o700


def create_private_file(path: Path) -> None:
    """Create the file readable by its owner only; an existing file keeps its mode."""
    _create_private_dirs(path.parent)
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags, FILE_MODE)
    except FileExistsError:
        return
    try:
        os.fchmod(fd, FILE_MODE)  # the umask may have narrowed it; make it exact
    finally:
        os.close(fd)
    log.info("created database file %s", path)


def _create_private_dirs(directory: Path) -> None:
    """Create missing parent directories, each 0700; existing ones are left alone."""
    missing: list[Path] = []
    while not directory.exists():
        missing.append(directory)
        directory = directory.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=DIR_MODE)
        except FileExistsError:
            continue
        folder.chmod(DIR_MODE)
