"""Reading the text command language into typed commands: the mirror of `bot.syntax.typed`.

A command arrives in one of two ways: as text (the terminal, a DM, a button, Slack's
`/coach <text>`), read here into a `CommandRef`; or typed already (a Discord slash command's
options), built by the adapter. Either way the command's handler gets the same `CommandRef`, so
the grammar below only cuts text into arguments: what an argument means, and whether it is
valid, is the handler's business, and a value typed into its own option never meets this code.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from bot.errors import UserError
from bot.fields import parse_fields
from bot.log_form import FIELD_ALIASES
from bot.parse import parse_duration, split_range
from bot.syntax import SIGNATURES, CommandRef, Style, cmd

PROFILE_ALIASES: Mapping[str, str] = {
    "name": "name", "my name": "name", "email": "email", "e-mail": "email", "mail": "email",
    "phone": "phone", "tel": "phone", "mobile": "phone", "phone number": "phone"}
_FIELD_START = re.compile(
    r"(?:^|\s)(" + "|".join(sorted(map(re.escape, FIELD_ALIASES), key=len, reverse=True))
    + r")\s*:", re.IGNORECASE)
_UNTIL = re.compile(r"(?:^|\s)((?:until|till)\s+.+)$", re.IGNORECASE)


def read(name: str, text: str) -> CommandRef:
    """Command `name`'s arguments from the text after its name (`acme: they wrote back`).
    Raises `UserError` only where the text can't be cut at all."""
    reader = _READERS.get(name)
    return reader(text) if reader is not None else _by_signature(name, text)


def _given(name: str, **args: str | None) -> CommandRef:
    """The command with the arguments that have a value (an empty one is left out)."""
    return cmd(name, **{k: v for k, v in args.items() if v})


def _by_signature(name: str, text: str) -> CommandRef:
    """Commands of one word argument (`plan acme labs`) or one free text (`skill: …`); a
    command without arguments ignores what follows its name."""
    params = SIGNATURES[name]
    if len(params) != 1:
        assert not params, f"{name} needs its own reader"
        return cmd(name)
    value = text.strip()
    if params[0].style is Style.TAIL:
        value = value.removeprefix(":").strip()
    return _given(name, **{params[0].name: value})


def _log(text: str) -> CommandRef:
    """`log company: Acme; role: Designer` (a sentence is read before this, by dispatch)."""
    return cmd("log", **parse_fields(text, FIELD_ALIASES)) if text.strip() else cmd("log")


def _edit(text: str) -> CommandRef:
    """`edit acme labs email: jane@acme.com; company: Acme`: the company named before the
    first field; a field `company` is the new name."""
    match = _FIELD_START.search(text)
    if match is None:
        return _given("edit", company=text.strip())
    fields = parse_fields(text[match.start():], FIELD_ALIASES)
    renamed = {("new_company" if k == "company" else k): v for k, v in fields.items()}
    return _given("edit", company=text[:match.start()].strip(), **renamed)


def _draft(text: str) -> CommandRef:
    """`draft alternate-roles acme: data roles`."""
    head, _colon, details = text.partition(":")
    kind, _, company = head.strip().partition(" ")
    return _given("draft", kind=kind, company=company.strip(), details=details.strip())


def _replied(text: str) -> CommandRef:
    """`replied acme labs conversation: <their message>`: how they answered is the last word
    before the colon."""
    head, _colon, message = text.partition(":")
    company, _, how = head.strip().rpartition(" ")
    return _given("replied", company=company.strip(), how=how, message=message.strip())


def _feedback(text: str) -> CommandRef:
    """`feedback acme: more SQL`."""
    company, _colon, said = text.partition(":")
    return _given("feedback", company=company.strip(), text=said.strip())


def _snooze(text: str) -> CommandRef:
    """`snooze acme 2w`, `snooze acme for 2 weeks`, `snooze acme until next tuesday`."""
    text = text.strip()
    until = _UNTIL.search(text)
    if until is not None:
        return _given("snooze", company=text[:until.start()].strip(),
                      duration=until.group(1).strip())
    words = text.split()
    for size in (2, 1):
        if len(words) < size:
            continue
        try:
            parse_duration(" ".join(words[-size:]))
        except UserError:
            continue
        company = words[:-size]
        if company and company[-1].lower() in ("in", "for", "by"):
            company = company[:-1]
        return _given("snooze", company=" ".join(company), duration=" ".join(words[-size:]))
    raise UserError("Say how long to snooze, or until when: ", cmd("snooze", duration="3d"),
                    ", ", cmd("snooze", duration="2w"), ", ",
                    cmd("snooze", company="acme", duration="1mo"), ", or ",
                    cmd("snooze", company="acme", duration="until next tuesday"), ".")


def _profile(text: str) -> CommandRef:
    """`profile name: Sam Lee; email: sam@example.com`."""
    return cmd("profile", **parse_fields(text, PROFILE_ALIASES)) if text.strip() \
        else cmd("profile")


def _quiet(text: str) -> CommandRef:
    """`quiet 20:00-08:00` (or `20:00 to 08:00`)."""
    start, end = split_range(text)
    return _given("quiet", start=start, end=end)


_READERS: Mapping[str, Callable[[str], CommandRef]] = {
    "log": _log, "edit": _edit, "draft": _draft, "replied": _replied, "feedback": _feedback,
    "snooze": _snooze, "profile": _profile, "quiet": _quiet,
}
"""Commands whose arguments need more than `_by_signature`; `review` is read by its handler's
module, since telling a company from a draft takes the user's rejections."""
