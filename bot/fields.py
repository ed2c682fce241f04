"""Reading `key: value; key: value` messages, as in `log company: Acme; role: Designer`.

A value may itself hold `;` or `:` (a memory often does), so the text is only cut at a `;` or
line break that is followed by a known field name (or a near-miss of one, reported as a typo).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from difflib import get_close_matches

from bot.errors import UserError

_KEYLIKE = re.compile(r"[;\n]\s*([A-Za-z][A-Za-z' _-]{0,24}?)\s*:")


def parse_fields(text: str, aliases: Mapping[str, str]) -> dict[str, str]:
    """Split `text` into {canonical field: value}; `aliases` maps each accepted name to its field.

    Unknown or repeated fields raise `UserError` naming the field and the accepted ones.
    """
    body = text.strip()
    if body.startswith(":"):
        body = body[1:]
    cuts = [m for m in _KEYLIKE.finditer(";" + body) if _known_or_typo(m.group(1), aliases)]
    if not cuts or cuts[0].start() != 0:
        first = body.split(":", 1)[0].strip() if ":" in body else ""
        raise UserError(_unknown_field_message(first, aliases) if first else
                        "Write each field as name: value, separated by semicolons, for example "
                        "company: Acme; role: Designer.")
    result: dict[str, str] = {}
    padded = ";" + body
    for index, match in enumerate(cuts):
        end = cuts[index + 1].start() if index + 1 < len(cuts) else len(padded)
        name = _canonical(match.group(1), aliases)
        if name in result:
            raise UserError(f"You gave {name} twice. Give each field once.")
        result[name] = padded[match.end():end].strip()
    return result


def _normal(name: str) -> str:
    return " ".join(name.lower().replace("_", " ").replace("-", " ").split())


def _known_or_typo(name: str, aliases: Mapping[str, str]) -> bool:
    normal = _normal(name)
    if normal in aliases:
        return True
    return bool(get_close_matches(normal, list(aliases), n=1, cutoff=0.75))


def _canonical(name: str, aliases: Mapping[str, str]) -> str:
    normal = _normal(name)
    if normal in aliases:
        return aliases[normal]
    raise UserError(_unknown_field_message(name, aliases))


def _unknown_field_message(name: str, aliases: Mapping[str, str]) -> str:
    fields = sorted(set(aliases.values()), key=list(aliases.values()).index)
    close = get_close_matches(_normal(name), list(aliases), n=1, cutoff=0.6)
    hint = f" Did you mean {aliases[close[0]]}?" if close else ""
    return f"I don't know the field “{name.strip()}”.{hint} Fields: {', '.join(fields)}."
