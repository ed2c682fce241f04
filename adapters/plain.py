"""Rendering a core `Reply` as plain text: for the terminal and for chat notification fallbacks."""

from __future__ import annotations

from collections.abc import Callable

from bot.replies import Code, DraftBlock, Fields, Notice, Part, Reply, Table, Text, Tone

Style = Callable[[str, str], str]
MAX_LEADING_WIDTH = 80
_NOTICE_MARKS = {Tone.INFO: "•", Tone.WARNING: "!", Tone.SUCCESS: "✓"}


def no_style(text: str, _role: str) -> str:
    """The identity style: plain output with no escape codes."""
    return text


def render_reply(reply: Reply, *, style: Style = no_style, numbered_buttons: bool = False) -> str:
    """The whole reply as text; buttons are listed with the command each one sends."""
    blocks = [render_part(part, style) for part in reply.parts]
    if reply.buttons:
        blocks.append(style(_buttons(reply, numbered=numbered_buttons), "dim"))
    if reply.expects_multiline:
        blocks.append(style("(Finish with a line containing only a dot: .)", "dim"))
    return "\n\n".join(block for block in blocks if block)


def _buttons(reply: Reply, *, numbered: bool) -> str:
    """Quick replies; a button whose command is just its label is shown once."""
    shown = []
    for index, button in enumerate(reply.buttons, 1):
        text = button.label
        if button.command.lower() != button.label.lower():
            text += f" ({button.command})"
        shown.append(f"[{index}] {text}" if numbered else text)
    return ("Quick replies: " if not numbered else "") + "   ".join(shown)


def render_part(part: Part, style: Style = no_style) -> str:
    """One part of a reply as text."""
    if isinstance(part, Text):
        return part.text
    if isinstance(part, Notice):
        mark = _NOTICE_MARKS[part.tone]
        return style(f"{mark} {part.text}", part.tone.value)
    if isinstance(part, Fields):
        width = max((len(label) for label, _ in part.pairs), default=0)
        lines = [style(part.title, "title")]
        lines += [f"  {label + ':':<{width + 1}} {value}" for label, value in part.pairs]
        return "\n".join(lines)
    if isinstance(part, Table):
        return _table(part, style)
    if isinstance(part, DraftBlock):
        rule = "-" * 60
        header = [style(f"{part.title}", "title"), rule]
        if part.to:
            header.append(f"To: {part.to}")
        return "\n".join([*header, part.text, rule])
    if isinstance(part, Code):
        return part.text
    raise TypeError(f"unknown reply part {type(part).__name__}")


def _table(table: Table, style: Style) -> str:
    """Columns aligned, except the last, which flows (it holds the longest text)."""
    leading = len(table.header) - 1
    widths = [max(len(row[i]) for row in (table.header, *table.rows)) for i in range(leading)]
    if sum(widths) + 2 * leading > MAX_LEADING_WIDTH:
        return _records(table, style)

    def line(cells: tuple[str, ...]) -> str:
        aligned = [c.ljust(w) for c, w in zip(cells[:leading], widths, strict=True)]
        return ("  " + "  ".join([*aligned, cells[leading]])).rstrip()

    return "\n".join([style(table.title, "title"), style(line(table.header), "dim"),
                      *(line(row) for row in table.rows)])


def _records(table: Table, style: Style) -> str:
    records = [style(table.title, "title")]
    for row in table.rows:
        first, *rest = row
        details = [f"    {h}: {c}" for h, c in zip(table.header[1:], rest, strict=True) if c]
        records.append("\n".join([f"  {first}", *details]))
    return "\n".join(records)
