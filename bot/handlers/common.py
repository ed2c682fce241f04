"""Helpers the command handlers share: loading a user's rejections and picking one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.errors import UserError
from bot.format import day_with_relative
from bot.models import Rejection
from bot.playbook import Progress
from bot.resolve import NeedsChoice, find_rejection, normalized, reference
from bot.session import Turn
from bot.syntax import CommandRef


@dataclass(frozen=True)
class Tracked:
    """A rejection with its progress as of this turn."""

    rejection: Rejection
    progress: Progress


ACTIVE_PAGE = 8
"""Rejections read at a time while looking for the user's only active one."""


async def load_all(turn: Turn) -> list[Tracked]:
    """Every rejection of the user, with progress derived for today (for what is about all
    of them: `list all`, stats, export; a command about one rejection uses `pick`)."""
    rejections = await turn.store.list_rejections(turn.user.id)
    return [Tracked(r, turn.progress(r)) for r in rejections]


async def pick(turn: Turn, query: str, command: Callable[[str], CommandRef]
               ) -> tuple[Tracked, str]:
    """The rejection `query` names and a short reference to it for follow-up buttons;
    `command(reference)` is the user's command for one rejection, if they must choose.

    Reads only the rejections the query can mean (by the index on company names), not the
    user's whole history: a choice or a miss reads them all, to list them."""
    wanted = normalized(query)
    if not wanted:
        only = await only_active(turn)
        if only is not None:
            return only, reference(only.rejection, await namesakes(turn, only.rejection))
    elif wanted.startswith("#") and wanted[1:].isdigit():
        found = await turn.store.get_rejection(turn.user.id, int(wanted[1:]))
        if found is not None:
            item = Tracked(found, turn.progress(found))
            return item, reference(found, await namesakes(turn, found))
    candidates = await named_like(turn, wanted) if wanted else None
    if candidates:
        try:
            chosen = find_rejection(query, rejections=candidates, active=(), command=command)
        except NeedsChoice:
            raise
        except UserError:
            chosen = None  # not among them: the full search says why, naming every company
        if chosen is not None:
            return (Tracked(chosen, turn.progress(chosen)),
                    reference(chosen, [r for r in candidates if same_company(r, chosen)]))
    tracked = await load_all(turn)
    rejections = [t.rejection for t in tracked]
    active = [t.rejection for t in tracked if not t.progress.done]
    chosen = find_rejection(query, rejections=rejections, active=active, command=command)
    item = next(t for t in tracked if t.rejection.id == chosen.id)
    return item, reference(chosen, rejections)


async def named_like(turn: Turn, wanted: str) -> list[Rejection] | None:
    """A few rejections that include every one whose company `wanted` (normalized) can
    name: those whose company starts with its leading ASCII characters, found by index.
    None when it can't narrow them down so (it starts with another letter)."""
    prefix = ""
    for char in wanted:
        if not char.isascii() or char.isspace():
            break
        prefix += char
    if not prefix:
        return None
    return await turn.store.rejections_named(turn.user.id, prefix)


async def namesakes(turn: Turn, rejection: Rejection) -> list[Rejection]:
    """The user's rejections at the same company (for the short reference to one)."""
    found = await named_like(turn, normalized(rejection.company)) or []
    if not any(r.id == rejection.id for r in found):
        found = await turn.store.list_rejections(turn.user.id)
    return [r for r in found if same_company(r, rejection)]


async def only_active(turn: Turn) -> Tracked | None:
    """The user's one active rejection, if exactly one is; newest first, so with several
    active the answer comes after a page or two, whatever the length of the history."""
    found: Tracked | None = None
    offset = 0
    while True:
        page = await turn.store.recent_rejections(turn.user.id, limit=ACTIVE_PAGE,
                                                  offset=offset)
        for rejection in page:
            progress = turn.progress(rejection)
            if not progress.done:
                if found is not None:
                    return None
                found = Tracked(rejection, progress)
        if len(page) < ACTIVE_PAGE:
            return found
        offset += ACTIVE_PAGE


def same_company(one: Rejection, other: Rejection) -> bool:
    return normalized(one.company) == normalized(other.company)


def next_step_line(turn: Turn, progress: Progress) -> str:
    """`Next: Send a short thank-you email, Fri 4 Dec 2026 (in 12 days).`"""
    if progress.next_action is None or progress.next_due is None:
        return "Nothing left to do here: you've run the whole playbook."
    when = day_with_relative(progress.next_due, today=turn.today)
    return f"Next: {progress.next_action.title}, {when}."


def title(rejection: Rejection) -> str:
    """`Acme (Senior Designer)`."""
    return f"{rejection.company} ({rejection.role})"
