"""The project's exceptions: one root, and one whose message is safe to show a user.

The `FatalStartup` family ends a long-running process with one line; each class has its own
exit code (README's "Deploy" lists them), so a service manager can tell "fix a setting" from
"try again" and need not restart what a restart can't fix.
"""

from __future__ import annotations

from typing import ClassVar


class ReboundError(Exception):
    """Root of every exception Rebound raises on purpose."""


class UserError(ReboundError):
    """A problem with what the user typed; the message says how to fix it and is shown as is."""


class FatalStartup(ReboundError):
    """A problem that retrying can't fix (a setting, a refused token, a port in use); a
    platform app's `run()` raises it, and the process ends with `exit_code`. Anything else
    a `run()` raises is transient and retried. The message is shown to the operator as is."""

    exit_code: ClassVar[int] = 2
    """2: a setting is missing or wrong (the code argparse uses for bad usage, too)."""


class CredentialsRefused(FatalStartup):
    """A platform refused a token or secret (invalid, revoked, the wrong kind)."""

    exit_code: ClassVar[int] = 3
