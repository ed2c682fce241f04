"""The project's exceptions: one root, and one whose message is safe to show a user.

The `FatalStartup` family ends a long-running process with one line; each class has its own
exit code (README's "Deploy" lists them), so a service manager can tell "fix a setting" from
"try again" and need not restart what a restart can't fix.
"""

from __future__ import annotations

from typing import ClassVar

from bot.syntax import TERMINAL_SYNTAX, Piece, Syntax, say


class ReboundError(Exception):
    """Root of every exception Rebound raises on purpose."""


class UserError(ReboundError):
    """A problem with what the user typed; the message says how to fix it and is shown as is.

    The message may name commands (`UserError("Give a time, like ", cmd("hours", time="09:30"),
    ".")`): `said` writes them for the surface the user is on; `str()` in the text language.
    """

    def __init__(self, *pieces: Piece) -> None:
        self.pieces = pieces
        super().__init__(say(TERMINAL_SYNTAX, *pieces))

    def said(self, syntax: Syntax) -> str:
        """The message with its commands written for `syntax`."""
        return say(syntax, *self.pieces)


class StorageUnavailable(UserError):
    """The database refused a write (disk full, read-only file, I/O error): nothing was
    saved. A `UserError`, so every adapter shows its message instead of an apology and no
    traceback is logged for each message while the disk stays full."""


class FatalStartup(ReboundError):
    """A problem that retrying can't fix (a setting, a refused token, a port in use); a
    platform app's `run()` raises it, and the process ends with `exit_code`. Anything else
    a `run()` raises is transient and retried. The message is shown to the operator as is."""

    exit_code: ClassVar[int] = 2
    """2: a setting is missing or wrong (the code argparse uses for bad usage, too)."""


class CredentialsRefused(FatalStartup):
    """A platform refused a token or secret (invalid, revoked, the wrong kind)."""

    exit_code: ClassVar[int] = 3


class PortInUse(FatalStartup):
    """A port to listen on is taken (or the address can't be bound)."""

    exit_code: ClassVar[int] = 4


class DatabaseUnavailable(FatalStartup):
    """The database can't be created, opened or written."""

    exit_code: ClassVar[int] = 5
