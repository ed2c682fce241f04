"""Turning Slack's message text back into what the user typed.

Slack rewrites messages before bots see them: `&`, `<` and `>` arrive as entities, and an email
address or link the user typed arrives as `<mailto:jane@acme.com|jane@acme.com>` or
`<https://…>`. The core expects the plain text, so `log email: jane@acme.com` means the same in
Slack as in the terminal.
"""

from __future__ import annotations

import re

_LINK = re.compile(r"<([^<>|]*)(?:\|([^<>]*))?>")
_ENTITIES = (("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&"))


def typed_text(text: str) -> str:
    """The text as the user typed it: links and mentions unwrapped, entities decoded."""
    return _decode(_LINK.sub(_unwrap, text))


def _unwrap(match: re.Match[str]) -> str:
    target, label = match.group(1), match.group(2)
    if label is not None:
        return label
    if target.startswith("mailto:"):
        return target[len("mailto:"):]
    if target.startswith(("@", "#", "!")):
        return target  # a mention with no label: keep the id, harmless as text
    return target


def _decode(text: str) -> str:
    for entity, char in _ENTITIES:
        text = text.replace(entity, char)
    return text
