"""What the core says back: a platform-neutral reply that each adapter renders its own way.

The terminal prints it as plain text, Slack as Block Kit, Discord as embeds and views. A button
carries a command in the shared command language, so pressing it is the same as typing it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from bot.values import value


@value
class Text:
    """A paragraph of plain text (no markup is interpreted)."""

    text: str


@dataclass(frozen=True)
class Fields:
    """Label/value pairs, e.g. a rejection's details or the user's settings."""

    title: str
    pairs: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Table:
    """Rows under a header, e.g. the `list` of rejections or a `plan` timeline."""

    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class DraftBlock:
    """A ready-to-send message, shown so it is easy to copy."""

    title: str
    text: str
    to: str | None = None
    subject: str | None = None
    body: str = ""


class Tone(StrEnum):
    """How a notice should be shown."""

    INFO = "info"
    WARNING = "warning"
    SUCCESS = "success"


@dataclass(frozen=True)
class Notice:
    """A short highlighted line: a timing warning, a review finding, a confirmation."""

    text: str
    tone: Tone = Tone.INFO


@dataclass(frozen=True)
class Code:
    """Machine-readable output, such as the JSON export."""

    text: str
    language: str = ""
    filename: str | None = None


Part = Text | Fields | Table | DraftBlock | Notice | Code


@dataclass(frozen=True)
class FormRequest:
    """A request to open the log form (a Slack or Discord modal), filled in with `values`
    ({field: text}, in `bot.log_form`'s field names).

    `kept` is the token of the same values kept in the store (`Store.kept_forms`), for a
    platform whose form button can carry a token but not the values themselves (Discord)."""

    values: tuple[tuple[str, str], ...] = ()
    kept: int | None = None


@value
class Button:
    """A quick action; pressing it sends `command` as if the user had typed it.

    `form` says that what the command asks for is the log form: a platform that can open a
    form the moment the button is pressed (Discord) opens it straight away instead."""

    label: str
    command: str
    form: FormRequest | None = None


@value
class Reply:
    """Everything the coach answers to one incoming message.

    `expects_multiline` says the next message is free text that may span several lines (a
    pasted draft): the terminal then reads until a line holding only `.`.
    `duplicate` says the message was a platform's redelivery of one already handled: show
    nothing.
    `form` says the answer is the log form: an adapter that can open it now (it holds a
    fresh trigger from a slash command or a button press) opens it and shows nothing else;
    any other shows the reply, whose parts say how to fill it in and whose buttons include
    one that opens it. Adapters decide this from `form`, never from the command's text.
    """

    parts: tuple[Part, ...] = field(default=())
    buttons: tuple[Button, ...] = field(default=())
    expects_multiline: bool = False
    duplicate: bool = False
    form: FormRequest | None = None

    @classmethod
    def text(cls, text: str, *, buttons: tuple[Button, ...] = ()) -> Reply:
        return cls(parts=(Text(text),), buttons=buttons)

