"""Finding the rejection a user means from what they typed.

A company is matched case-insensitively by a unique prefix; an exact name wins over a longer
one that shares it; `company role` picks between two roles at one company, and `#id` names
one exactly (used by buttons when even that is not unique). With nothing typed,
the user's only active rejection is meant. Anything ambiguous is asked back, never guessed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from bot.errors import UserError
from bot.format import day
from bot.models import Rejection
from bot.replies import Button
from bot.syntax import CommandRef, Piece, cmd, typed


class NeedsChoice(UserError):
    """The user must pick one of several rejections; each button resends the command for one."""

    def __init__(self, *pieces: Piece, buttons: tuple[Button, ...]) -> None:
        super().__init__(*pieces)
        self.buttons = buttons


def normalized(text: str) -> str:
    """How names are compared: case folded, runs of spaces as one."""
    return " ".join(text.casefold().split())


_norm = normalized


def reference(rejection: Rejection, among: Sequence[Rejection]) -> str:
    """The shortest text that `find_rejection` resolves back to exactly this rejection."""
    same_company = [r for r in among if _norm(r.company) == _norm(rejection.company)]
    if len(same_company) <= 1:
        return rejection.company
    full = f"{rejection.company} {rejection.role}"
    if sum(_norm(f"{r.company} {r.role}") == _norm(full) for r in among) <= 1:
        return full
    return f"#{rejection.id}"


def find_rejection(
    query: str,
    *,
    rejections: Sequence[Rejection],
    active: Sequence[Rejection],
    command: Callable[[str], CommandRef],
) -> Rejection:
    """The one rejection `query` names; `command(ref)` rebuilds the user's command for a choice."""
    wanted = _norm(query)
    if not rejections:
        raise UserError("You haven't logged any rejections yet. Type ", cmd("log"),
                        " to add your first one.")
    if not wanted:
        if len(active) == 1:
            return active[0]
        pool = active or rejections
        raise _choice("Which company do you mean?", pool, rejections, command)
    if wanted.startswith("#") and wanted[1:].isdigit():
        by_id = [r for r in rejections if r.id == int(wanted[1:])]
        if by_id:
            return by_id[0]
    matches = _match(wanted, rejections)
    if len(matches) == 1:
        return matches[0]
    if not matches:
        names = ", ".join(dict.fromkeys(r.company for r in rejections))
        raise UserError(f"I don't have a rejection from “{query.strip()}”. You have: {names}.")
    raise _choice(f"“{query.strip()}” could be several of yours. Which one?", matches,
                  rejections, command)


def _match(wanted: str, rejections: Sequence[Rejection]) -> list[Rejection]:
    """Exact company, then exact `company role`, then prefixes of either."""
    tiers: tuple[Callable[[Rejection], bool], ...] = (
        lambda r: _norm(r.company) == wanted,
        lambda r: _norm(f"{r.company} {r.role}") == wanted,
        lambda r: _norm(f"{r.company} {r.role}").startswith(wanted) and len(wanted) > len(
            _norm(r.company)),
        lambda r: _norm(r.company).startswith(wanted),
    )
    for tier in tiers:
        found = [r for r in rejections if tier(r)]
        if found:
            return found
    return []


def _choice(message: str, pool: Sequence[Rejection], everything: Sequence[Rejection],
            command: Callable[[str], CommandRef]) -> NeedsChoice:
    choices = [(f"{r.company} ({r.role}, rejected {day(r.rejected_on)})",
                command(reference(r, everything))) for r in pool]
    listing: list[Piece] = []
    for label, ref in choices:
        listing += ["; " if listing else " ", f"{label}: ", ref]
    return NeedsChoice(message, *listing,
                       buttons=tuple(Button(label, typed(ref)) for label, ref in choices))
