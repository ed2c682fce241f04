"""Helpers the command handlers share: loading a user's rejections and picking one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.format import day_with_relative
from bot.models import Rejection
from bot.playbook import Progress
from bot.resolve import find_rejection, reference
from bot.session import Turn
from bot.syntax import CommandRef


@dataclass(frozen=True)
class Tracked:
    """A rejection with its progress as of this turn."""

    rejection: Rejection
    progress: Progress


async def load_all(turn: Turn) -> list[Tracked]:
    """Every rejection of the user, with progress derived for today."""
    rejections = await turn.store.list_rejections(turn.user.id)
    return [Tracked(r, turn.progress(r)) for r in rejections]


async def pick(turn: Turn, query: str, command: Callable[[str], CommandRef]
               ) -> tuple[Tracked, str]:
    """The rejection `query` names and a short reference to it for follow-up buttons;
    `command(reference)` is the user's command for one rejection, if they must choose."""
    tracked = await load_all(turn)
    rejections = [t.rejection for t in tracked]
    active = [t.rejection for t in tracked if not t.progress.done]
    chosen = find_rejection(query, rejections=rejections, active=active, command=command)
    item = next(t for t in tracked if t.rejection.id == chosen.id)
    return item, reference(chosen, rejections)


def next_step_line(turn: Turn, progress: Progress) -> str:
    """`Next: Send a short thank-you email, Fri 4 Dec 2026 (in 12 days).`"""
    if progress.next_action is None or progress.next_due is None:
        return "Nothing left to do here: you've run the whole playbook."
    when = day_with_relative(progress.next_due, today=turn.today)
    return f"Next: {progress.next_action.title}, {when}."


def title(rejection: Rejection) -> str:
    """`Acme (Senior Designer)`."""
    return f"{rejection.company} ({rejection.role})"
