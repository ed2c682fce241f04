"""A core `Reply` as Discord messages: content, embeds, a file, and persistent buttons.

Discord's limits are respected here, in one place: 2000 characters of content, 4096 of embed
description, 1024 per field value, 6000 per message across its embeds, 10 embeds, 25 buttons in
5 rows, 80-character labels and 100-character custom ids. Whatever does not fit one message goes
into the next. User text is data: markdown and mentions are escaped, drafts sit in code blocks.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import discord
from discord.utils import escape_markdown, escape_mentions

from bot.replies import Button, Code, DraftBlock, Fields, Notice, Part, Reply, Table, Text, Tone

MAX_CONTENT = 2000
MAX_DESCRIPTION = 4096
MAX_FIELD_VALUE = 1024
MAX_FIELD_NAME = 256
MAX_TITLE = 256
MAX_EMBEDS_TOTAL = 6000
MAX_EMBEDS = 10
MAX_BUTTONS = 25
MAX_LABEL = 80
MAX_CUSTOM_ID = 100
BUTTON_PREFIX = "rebound:"

_MARKS = {Tone.INFO: "ℹ️", Tone.WARNING: "⚠️", Tone.SUCCESS: "✅"}
_COLOURS = {"fields": 0x5865F2, "table": 0x5865F2, "draft": 0x57F287}


def safe(text: str) -> str:
    """User-influenced text shown as plain text: no markdown, no pings."""
    return escape_mentions(escape_markdown(text))


def code_block(text: str, language: str = "") -> str:
    """Text in a code block that its own backticks cannot close early."""
    return f"```{language}\n{text.replace('```', '`​``')}\n```"


def clip(text: str, limit: int) -> str:
    """Cut text to `limit` characters, marking the cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class Attachment:
    """A file to attach, kept as bytes so every attempt to send it starts from the top."""

    filename: str
    data: bytes


@dataclass(frozen=True)
class FormLink:
    """A button that opens a form: the log form (`log`), the details page of a rejection
    (`details`, its id) or a form refilled with kept answers (`retry`, their token)."""

    action: str
    arg: str
    label: str


@dataclass
class Outgoing:
    """One Discord message to send: everything `send`/`followup.send` takes, as data that
    can be stored (`to_json`) and sent later."""

    content: str = ""
    embeds: list[discord.Embed] = field(default_factory=list)
    files: list[Attachment] = field(default_factory=list)
    buttons: list[Button] = field(default_factory=list)
    forms: list[FormLink] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"content": self.content, "embeds": [e.to_dict() for e in self.embeds],
                "files": [{"filename": f.filename, "data": base64.b64encode(f.data).decode()}
                          for f in self.files],
                "buttons": [{"label": b.label, "command": b.command} for b in self.buttons],
                "forms": [{"action": f.action, "arg": f.arg, "label": f.label}
                          for f in self.forms]}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Outgoing:
        return cls(content=str(data.get("content") or ""),
                   embeds=[discord.Embed.from_dict(e) for e in data.get("embeds") or []],
                   files=[Attachment(str(f["filename"]), base64.b64decode(f["data"]))
                          for f in data.get("files") or []],
                   buttons=[Button(str(b["label"]), str(b["command"]))
                            for b in data.get("buttons") or []],
                   forms=[FormLink(str(f["action"]), str(f["arg"]), str(f["label"]))
                          for f in data.get("forms") or []])

    def kwargs(self, *, view: discord.ui.View | None) -> dict[str, object]:
        """Keyword arguments for one `send` (call it again for a retry); `view` carries the
        buttons."""
        args: dict[str, object] = {"allowed_mentions": discord.AllowedMentions.none()}
        if self.content:
            args["content"] = self.content
        if self.embeds:
            args["embeds"] = self.embeds
        if self.files:
            args["files"] = [discord.File(io.BytesIO(f.data), filename=f.filename)
                             for f in self.files]
        if view is not None:
            args["view"] = view
        return args


def button_custom_id(command: str) -> str | None:
    """The persistent custom id of a button that sends `command`, or None if too long."""
    custom_id = BUTTON_PREFIX + command
    return custom_id if len(custom_id) <= MAX_CUSTOM_ID else None


def render(reply: Reply, *, heading: str | None = None,
           forms: Sequence[FormLink] = ()) -> list[Outgoing]:
    """The reply as one or more messages; the buttons (form buttons first) go on the last
    one. A button that asks for the log form (`Button.form`) opens it when pressed."""
    messages: list[Outgoing] = [Outgoing()]
    paragraphs: list[str] = [heading] if heading else []

    def flush_text() -> None:
        for chunk in _chunks("\n\n".join(paragraphs), MAX_CONTENT):
            current = messages[-1]
            if current.embeds and not current.files:
                # Text after an embed stays below it, in a plain embed of its own.
                _add_embed(messages, discord.Embed(description=chunk))
                continue
            if current.files or (
                    current.content and len(current.content) + len(chunk) + 2 > MAX_CONTENT):
                messages.append(Outgoing())
                current = messages[-1]
            current.content = f"{current.content}\n\n{chunk}" if current.content else chunk
        paragraphs.clear()

    for part in reply.parts:
        if isinstance(part, Text | Notice):
            paragraphs.append(_paragraph(part))
            continue
        if isinstance(part, Code) and part.filename:
            flush_text()
            messages[-1].files.append(Attachment(part.filename, part.text.encode("utf-8")))
            continue
        if isinstance(part, Code):
            paragraphs.append(code_block(clip(part.text, MAX_CONTENT - 20), part.language))
            continue
        flush_text()
        _add_embed(messages, _embed(part))
    flush_text()
    links = [*forms, *(_form_link(b) for b in reply.buttons)]
    messages[-1].forms = [link for link in links if link is not None][:MAX_BUTTONS]
    room = MAX_BUTTONS - len(messages[-1].forms)
    messages[-1].buttons = [b for b in reply.buttons
                            if b.form is None and button_custom_id(b.command)][:room]
    return [m for m in messages if m.content or m.embeds or m.files or m.buttons or m.forms] \
        or [Outgoing(content="Done.")]


def _form_link(button: Button) -> FormLink | None:
    """The form button for a button that asks for the log form: refilled with the answers
    kept for it, if any."""
    if button.form is None:
        return None
    if button.form.kept is not None:
        return FormLink("retry", str(button.form.kept), button.label)
    return FormLink("log", "new", button.label)


def _add_embed(messages: list[Outgoing], embed: discord.Embed) -> None:
    """Append to the last message, or start a new one when it would break a limit."""
    current = messages[-1]
    size = sum(len(e) for e in current.embeds) + len(embed)
    if current.files or len(current.embeds) >= MAX_EMBEDS or size > MAX_EMBEDS_TOTAL:
        messages.append(Outgoing())
    messages[-1].embeds.append(embed)


def _paragraph(part: Text | Notice) -> str:
    if isinstance(part, Notice):
        return f"{_MARKS[part.tone]} {safe(part.text)}"
    return safe(part.text)


def _chunks(text: str, limit: int) -> list[str]:
    """Split text at line breaks (or hard, for one overlong line) into pieces within `limit`."""
    if not text:
        return []
    pieces: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:
            if current:
                pieces.append(current)
                current = ""
            pieces.append(line[:limit])
            line = line[limit:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            pieces.append(current)
            candidate = line
        current = candidate
    if current:
        pieces.append(current)
    return pieces


def _embed(part: Part) -> discord.Embed:
    if isinstance(part, Fields):
        embed = discord.Embed(title=_title(part.title), colour=_COLOURS["fields"])
        for label, value in part.pairs[:25]:
            embed.add_field(name=clip(escape_markdown(label), MAX_FIELD_NAME),
                            value=clip(safe(value), MAX_FIELD_VALUE) or "-", inline=True)
        return embed
    if isinstance(part, Table):
        return discord.Embed(title=_title(part.title), colour=_COLOURS["table"],
                             description=clip(_table_text(part), MAX_DESCRIPTION))
    if isinstance(part, DraftBlock):
        lines = [f"**To:** {safe(part.to)}"] if part.to else []
        lines.append(code_block(part.text))
        lines.append("Copy the text above, adjust it if you like, and send it yourself.")
        return discord.Embed(title=_title(part.title), colour=_COLOURS["draft"],
                             description=clip("\n".join(lines), MAX_DESCRIPTION))
    raise TypeError(f"unknown reply part {type(part).__name__}")


def _title(text: str) -> str:
    return clip(safe(text), MAX_TITLE)


def _table_text(table: Table) -> str:
    """Each row as a bold first cell, then `header: cell` for the rest (tables don't fit)."""
    records = []
    for row in table.rows:
        first, *rest = row
        details = [f"{h}: {safe(c)}" for h, c in zip(table.header[1:], rest, strict=True) if c]
        records.append(f"**{safe(first)}**" + ("\n" + " · ".join(details) if details else ""))
    return "\n".join(records) if records else "Nothing here yet."
