"""The log form as Discord modals.

A modal holds at most five text inputs and the form has eight fields, so it comes in two pages:
the five that make a rejection (company, role, interviewer, date, memory), then, from a button
on the saved reply, the optional email, LinkedIn link and compliment. Labels, placeholders and
limits come from the core's questions, so every platform asks the same thing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import discord

from adapters.discord.render import clip
from bot.log_form import BY_FIELD

if TYPE_CHECKING:
    from adapters.discord.frontend import Frontend

MAIN_FIELDS = ("company", "role", "interviewer", "rejected", "memory")
DETAIL_FIELDS = ("email", "linkedin", "compliment")
_PARAGRAPH = frozenset({"memory", "compliment"})
MAX_MODAL_LABEL = 45
MAX_PLACEHOLDER = 100


class FormModal(discord.ui.Modal):
    """One page of the log form; submitting hands the values to the frontend."""

    def __init__(self, frontend: Frontend, *, title: str, fields: Sequence[str],
                 values: Mapping[str, str], rejection_id: int | None) -> None:
        super().__init__(title=title, timeout=None)
        self._frontend = frontend
        self.rejection_id = rejection_id
        self.inputs: dict[str, discord.ui.TextInput[FormModal]] = {}
        for name in fields:
            question = BY_FIELD[name]
            text_input: discord.ui.TextInput[FormModal] = discord.ui.TextInput(
                custom_id=f"field:{name}", label=clip(question.label or name, MAX_MODAL_LABEL),
                placeholder=clip(question.placeholder, MAX_PLACEHOLDER) or None,
                max_length=question.max_length, required=not question.optional,
                default=clip(values.get(name, ""), question.max_length) or None,
                style=discord.TextStyle.paragraph if name in _PARAGRAPH
                else discord.TextStyle.short)
            self.inputs[name] = text_input
            self.add_item(text_input)

    def values(self) -> dict[str, str]:
        """What the user typed, per field (blank optional fields included as '')."""
        return {name: text_input.value or "" for name, text_input in self.inputs.items()}

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        await self._frontend.submit_form(interaction, self.values(),
                                         rejection_id=self.rejection_id)


def log_modal(frontend: Frontend, values: Mapping[str, str] | None = None) -> FormModal:
    """The first page: what makes a rejection."""
    return FormModal(frontend, title="Log a rejection", fields=MAIN_FIELDS,
                     values=values or {}, rejection_id=None)


def details_modal(frontend: Frontend, rejection_id: int,
                  values: Mapping[str, str] | None = None) -> FormModal:
    """The second page: the optional contact details and compliment."""
    return FormModal(frontend, title="Add details (all optional)", fields=DETAIL_FIELDS,
                     values=values or {}, rejection_id=rejection_id)


class ReviewModal(discord.ui.Modal):
    """A large box for a draft the user wants checked; long and multi-line text fits here."""

    def __init__(self, frontend: Frontend, *, head: str) -> None:
        super().__init__(title="Check your draft", timeout=None)
        self._frontend = frontend
        self._head = head
        self.text: discord.ui.TextInput[ReviewModal] = discord.ui.TextInput(
            custom_id="review:text", label="Your draft", style=discord.TextStyle.paragraph,
            max_length=3800,
            placeholder="Hi Jane, thank you again for your time…")
        self.add_item(self.text)

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        # Everything after the first colon is the draft, so its own colons are safe.
        await self._frontend.run(interaction, f"{self._head}: {self.text.value}")
