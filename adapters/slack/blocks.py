"""Rendering a core `Reply` as Slack Block Kit.

User-written text (a company, a memory, a draft) only ever goes into `plain_text` objects or
rich-text `text` elements, which Slack shows literally: nothing a user types can become a
link, a mention or formatting. Our own labels use rich-text styles, not mrkdwn, for the same
reason. Slack's size limits are applied here so a long reply is trimmed, never rejected.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from adapters.plain import render_reply
from bot.replies import Button, Code, DraftBlock, Fields, Notice, Part, Reply, Table, Text, Tone

Block = dict[str, Any]

ACTION_PREFIX = "rebound_cmd_"
"""Action ids of buttons that send a command; the button's value holds the command."""
MAILTO_ACTION = "rebound_mailto"
"""The action id of link buttons (Slack still sends an action for them; it is only acked)."""

MAX_BLOCKS = 50  # per message; views allow 100
MAX_SECTION_TEXT = 3000
MAX_RICH_TEXT = 3900  # Slack doesn't publish one; keep each element well under 4,000
MAX_BUTTON_TEXT = 75
MAX_BUTTON_VALUE = 2000
MAX_URL = 3000
MAX_FALLBACK = 3000
_NOTICE_ICONS = {Tone.INFO: "💡", Tone.WARNING: "⚠️", Tone.SUCCESS: "✅"}


def reply_blocks(reply: Reply, *, limit: int = MAX_BLOCKS) -> list[Block]:
    """The reply as blocks: its parts, then one row of buttons."""
    blocks: list[Block] = []
    for part in reply.parts:
        blocks.extend(part_blocks(part))
    actions = button_blocks(reply.buttons)
    room = limit - len(actions)
    if len(blocks) > room:
        blocks = [*blocks[:room - 1], _plain_section("(Shortened: this was too long for one "
                                                     "Slack message.)")]
    return blocks + actions


def fallback_text(reply: Reply) -> str:
    """Plain text for notifications and for clients that can't show blocks.

    Slack reads a message's `text` as markup, so `&`, `<` and `>` are escaped: `<!channel>`
    or `<https://…|click>` typed by a user stays text, never a mention or a link. (Send it
    with `mrkdwn=False` too, so `*stars*` stay stars.)
    """
    return escape(_clip(render_reply(Reply(parts=reply.parts)), MAX_FALLBACK)) or "Rebound"


def escape(text: str) -> str:
    """Text for a field Slack reads as markup, shown literally."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def part_blocks(part: Part) -> list[Block]:
    """One reply part as one or more blocks."""
    if isinstance(part, Text):
        return [_plain_section(chunk) for chunk in _chunks(part.text, MAX_SECTION_TEXT)]
    if isinstance(part, Notice):
        return [{"type": "context", "elements": [_plain(
            f"{_NOTICE_ICONS[part.tone]} {part.text}", MAX_SECTION_TEXT)]}]
    if isinstance(part, Fields):
        return [_fields(part)]
    if isinstance(part, Table):
        return _table(part)
    if isinstance(part, DraftBlock):
        return _draft(part)
    if isinstance(part, Code):
        return [_preformatted(chunk) for chunk in _chunks(part.text, MAX_RICH_TEXT)]
    raise TypeError(f"unknown reply part {type(part).__name__}")


def button_blocks(buttons: tuple[Button, ...]) -> list[Block]:
    """Buttons in actions blocks (Slack takes at most 25 per block)."""
    elements = [_button(index, button) for index, button in enumerate(buttons)
                if len(button.command) <= MAX_BUTTON_VALUE]
    return [{"type": "actions", "block_id": f"rebound_actions_{start}",
             "elements": elements[start:start + 25]} for start in range(0, len(elements), 25)]


def chosen_blocks(blocks: list[Block], label: str) -> list[Block]:
    """A message's blocks after one of its buttons was pressed: the buttons give way to a note
    of the choice, so the message can't be acted on twice by mistake."""
    kept = [block for block in blocks if not _is_command_actions(block)]
    return [*kept, {"type": "context", "elements": [_plain(f"✔️ {label}", 300)]}]


def _is_command_actions(block: Block) -> bool:
    return block.get("type") == "actions" and any(
        str(element.get("action_id", "")).startswith(ACTION_PREFIX)
        for element in block.get("elements", []))


def _button(index: int, button: Button) -> Block:
    return {"type": "button", "action_id": f"{ACTION_PREFIX}{index}",
            "text": _plain(button.label, MAX_BUTTON_TEXT), "value": button.command}


def _draft(part: DraftBlock) -> list[Block]:
    """The draft in a preformatted block (one click copies it), and a mail-app button."""
    blocks: list[Block] = [_bold_line(part.title)]
    if part.to or part.subject:
        blocks.append({"type": "context", "elements": [_plain(
            "  ·  ".join(x for x in (f"To: {part.to}" if part.to else "",
                                     f"Subject: {part.subject}" if part.subject else "") if x),
            MAX_SECTION_TEXT)]})
    body = part.body or part.text
    blocks += [_preformatted(chunk) for chunk in _chunks(body, MAX_RICH_TEXT)]
    link = mailto_link(part)
    if link:
        blocks.append({"type": "actions", "block_id": "rebound_mail", "elements": [{
            "type": "button", "action_id": MAILTO_ACTION, "url": link,
            "text": _plain("Open in my mail app", MAX_BUTTON_TEXT)}]})
    return blocks


def mailto_link(part: DraftBlock) -> str | None:
    """A `mailto:` link with recipient, subject and body, if the draft is an email.

    Slack caps button links at 3,000 characters; a body too long for that is left out (the
    subject and recipient still fill in), since a cut-off body would be worse than none.
    """
    if not part.subject:
        return None
    base = "mailto:" + quote(part.to or "", safe="@") + "?subject=" + quote(part.subject, safe="")
    full = base + "&body=" + quote(part.body or part.text, safe="")
    if len(full) <= MAX_URL:
        return full
    return base if len(base) <= MAX_URL else None


def _fields(part: Fields) -> Block:
    elements: list[Block] = [_styled(part.title + "\n", bold=True)]
    for label, value in part.pairs:
        elements += [_styled(f"{label}: ", bold=True), _styled(value + "\n")]
    return _rich_section(elements)


def _table(part: Table) -> list[Block]:
    """A heading, the column names in small print, and a bullet per row."""
    blocks: list[Block] = [_bold_line(part.title)]
    if part.header:
        blocks.append({"type": "context", "elements": [_plain(
            "  ·  ".join(part.header), MAX_SECTION_TEXT)]})
    items = []
    for row in part.rows:
        first, *rest = row
        elements = [_styled(first, bold=True)]
        if rest:
            elements.append(_styled("  ·  " + "  ·  ".join(cell for cell in rest if cell)))
        items.append({"type": "rich_text_section", "elements": elements})
    for start in range(0, len(items), 20):
        blocks.append({"type": "rich_text", "elements": [{
            "type": "rich_text_list", "style": "bullet", "elements": items[start:start + 20]}]})
    return blocks


def _bold_line(text: str) -> Block:
    return _rich_section([_styled(text, bold=True)])


def _rich_section(elements: list[Block]) -> Block:
    return {"type": "rich_text", "elements": [{"type": "rich_text_section",
                                               "elements": elements}]}


def _styled(text: str, *, bold: bool = False) -> Block:
    element: Block = {"type": "text", "text": _clip(text, MAX_RICH_TEXT) or " "}
    if bold:
        element["style"] = {"bold": True}
    return element


def _preformatted(text: str) -> Block:
    return {"type": "rich_text", "elements": [{
        "type": "rich_text_preformatted", "elements": [{"type": "text", "text": text}]}]}


def _plain_section(text: str) -> Block:
    return {"type": "section", "text": _plain(text, MAX_SECTION_TEXT)}


def _plain(text: str, limit: int) -> Block:
    return {"type": "plain_text", "text": _clip(text, limit) or " ", "emoji": True}


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _chunks(text: str, size: int) -> list[str]:
    """Split at line breaks where possible, so no chunk is longer than `size`."""
    chunks: list[str] = []
    rest = text
    while len(rest) > size:
        cut = rest.rfind("\n", 0, size)
        cut = cut if cut > 0 else size
        chunks.append(rest[:cut])
        rest = rest[cut:].lstrip("\n")
    return [*chunks, rest] if rest or not chunks else chunks
