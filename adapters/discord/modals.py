"""The log form and the review box as Discord modals that outlive the process.

A modal holds at most five text inputs and the form has eight fields, so it comes in two pages:
the five that make a rejection (company, role, interviewer, date, memory), then, from a button
on the saved reply, the optional email, LinkedIn link and compliment. Labels, placeholders and
limits come from the core's questions, so every platform asks the same thing.

A modal can stay open for as long as the user likes, across restarts, so nothing about it is
kept in memory: its custom id says which form it is (`rebound-modal:log`,
`rebound-modal:details:<rejection>`, `rebound-modal:check:<kind>:<company>`, with `:k<token>`
for a form refilled from kept answers), and the submission's own data carries what was typed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import discord

from adapters.discord.render import MAX_CUSTOM_ID, clip
from bot.log_form import BY_FIELD
from bot.syntax import CommandRef, cmd

MODAL_PREFIX = "rebound-modal:"
MAIN_FIELDS = ("company", "role", "interviewer", "rejected", "memory")
DETAIL_FIELDS = ("email", "linkedin", "compliment")
FIELD_PREFIX = "field:"
REVIEW_INPUT = "review:text"
MAX_REVIEW = 3800
_PARAGRAPH = frozenset({"memory", "compliment"})
MAX_MODAL_LABEL = 45
MAX_PLACEHOLDER = 100
_TEXT_INPUT = 4
_FORM_ID = re.compile(re.escape(MODAL_PREFIX) + r"(?:log|details:(?P<rejection>\d{1,19}))"
                      r"(?::k(?P<kept>\d{1,19}))?")
_REVIEW_ID = re.compile(re.escape(MODAL_PREFIX) + r"check:(?P<kind>[a-z-]{0,40}):(?P<company>.*)",
                        re.DOTALL)


@dataclass(frozen=True)
class FormPage:
    """A page of the log form: the first (`rejection_id` None) or a rejection's details;
    `kept` names the kept answers it was refilled from, dropped once it is sent again."""

    rejection_id: int | None = None
    kept: int | None = None

    @property
    def fields(self) -> tuple[str, ...]:
        return MAIN_FIELDS if self.rejection_id is None else DETAIL_FIELDS

    @property
    def custom_id(self) -> str:
        page = "log" if self.rejection_id is None else f"details:{self.rejection_id}"
        kept = "" if self.kept is None else f":k{self.kept}"
        return f"{MODAL_PREFIX}{page}{kept}"


@dataclass(frozen=True)
class ReviewBox:
    """The box for a draft to check as `kind`, for the rejection `company` names (each may
    be empty: the coach then works it out)."""

    kind: str = ""
    company: str = ""

    @property
    def custom_id(self) -> str:
        return clip_id(f"{MODAL_PREFIX}check:{self.kind}:{self.company}")

    def command(self, draft: str) -> CommandRef:
        """The review to run on the draft typed into the box."""
        given = {"kind": self.kind, "company": self.company, "text": draft}
        return cmd("review", **{k: v for k, v in given.items() if v})


def clip_id(custom_id: str) -> str:
    """Within Discord's custom id limit; a cut company name still names it by its start."""
    return custom_id[:MAX_CUSTOM_ID].rstrip()


def parse_modal_id(custom_id: str) -> FormPage | ReviewBox | None:
    """Which modal a submission comes from; None for anything that isn't ours."""
    form = _FORM_ID.fullmatch(custom_id)
    if form is not None:
        rejection, kept = form["rejection"], form["kept"]
        return FormPage(rejection_id=int(rejection) if rejection else None,
                        kept=int(kept) if kept else None)
    review = _REVIEW_ID.fullmatch(custom_id)
    return ReviewBox(review["kind"], review["company"]) if review is not None else None


def submitted_values(data: Mapping[str, Any]) -> dict[str, str]:
    """What was typed in a submitted modal, by input custom id (from the interaction data,
    whichever layout Discord used: action rows or labels)."""
    return {str(c["custom_id"]): str(c.get("value") or "")
            for c in _leaves(data.get("components") or ())
            if c.get("type") == _TEXT_INPUT and c.get("custom_id")}


def _leaves(nodes: Sequence[Any]) -> Iterator[Mapping[str, Any]]:
    for node in nodes:
        if not isinstance(node, Mapping):
            continue
        yield node
        yield from _leaves(node.get("components") or ())
        child = node.get("component")
        if isinstance(child, Mapping):
            yield from _leaves((child,))


def form_values(page: FormPage, data: Mapping[str, Any]) -> dict[str, str]:
    """The page's answers by field name (blank optional fields as '')."""
    typed = submitted_values(data)
    return {name: typed.get(FIELD_PREFIX + name, "") for name in page.fields}


def form_modal(page: FormPage, values: Mapping[str, str] | None = None) -> discord.ui.Modal:
    """A page of the log form, optionally filled in with earlier answers."""
    title = "Log a rejection" if page.rejection_id is None else "Add details (all optional)"
    modal = _untracked(title, page.custom_id)
    for name in page.fields:
        question = BY_FIELD[name]
        modal.add_item(discord.ui.TextInput(
            custom_id=FIELD_PREFIX + name, label=clip(question.label or name, MAX_MODAL_LABEL),
            placeholder=clip(question.placeholder, MAX_PLACEHOLDER) or None,
            max_length=question.max_length, required=not question.optional,
            default=clip((values or {}).get(name, ""), question.max_length) or None,
            style=discord.TextStyle.paragraph if name in _PARAGRAPH
            else discord.TextStyle.short))
    return modal


def review_modal(box: ReviewBox) -> discord.ui.Modal:
    """A large box for a draft the user wants checked; long and multi-line text fits here."""
    modal = _untracked("Check your draft", box.custom_id)
    modal.add_item(discord.ui.TextInput(
        custom_id=REVIEW_INPUT, label="Your draft", style=discord.TextStyle.paragraph,
        max_length=MAX_REVIEW, placeholder="Hi Jane, thank you again for your time…"))
    return modal


def _untracked(title: str, custom_id: str) -> discord.ui.Modal:
    """A modal discord.py won't keep in memory: its submission comes to `on_interaction`."""
    modal = discord.ui.Modal(title=title, custom_id=custom_id, timeout=None)
    modal.stop()
    return modal
