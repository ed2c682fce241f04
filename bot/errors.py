"""The project's exceptions: one root, and one whose message is safe to show a user."""

from __future__ import annotations


class ReboundError(Exception):
    """Root of every exception Rebound raises on purpose."""


class UserError(ReboundError):
    """A problem with what the user typed; the message says how to fix it and is shown as is."""
