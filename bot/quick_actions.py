"""Quick actions: the buttons of each playbook step, built once for replies and nudges alike.

A step's buttons are the same wherever the step comes up (a `plan`, the answer to `sent`, the
nudge that says it's due), so a user always meets the same choices, worded the same way. A
button names its rejection by `ref`: a reply's short reference (`Acme`), a nudge's `#id`
(which stays unambiguous however many rejections are logged later).
"""

from __future__ import annotations

from datetime import timedelta
from functools import cache

from bot.models import DraftKind, ReplyKind
from bot.playbook import ACTIONS, ActionKey
from bot.replies import Button, FormRequest
from bot.timings import spoken

SNOOZE_STEP = timedelta(weeks=1)
"""How far the snooze button pushes a step back."""
_REPLY_CHOICES = (("Brief reply", ReplyKind.BRIEF), ("A conversation", ReplyKind.CONVERSATION),
                  ("No reply", ReplyKind.NONE))


def step_buttons(key: ActionKey, ref: str) -> tuple[Button, ...]:
    """Everything a user may want to do when the step `key` is due: see its draft, mark it
    sent (or say how they replied), push it back (`SNOOZE_STEP`), or stop its reminders.

    Worded once per step (`_step_template`): a scheduler sends thousands of these."""
    return tuple([Button(button.label, button.command.replace(_REF, ref), button.form)
                  for button in _step_template(key)])  # a list first: a third cheaper


_REF = "\x00"
"""Stands for the rejection's reference in a step's template."""


@cache
def _step_template(key: ActionKey) -> tuple[Button, ...]:
    action = ACTIONS[key]
    ref = _REF
    buttons: list[Button] = []
    if action.draft is not None:
        buttons.append(draft_button(action.draft, ref))
    if action.completed_by_sent:
        buttons.append(sent_button(ref))
    if key is ActionKey.CHECK_REPLY:
        buttons += reply_buttons(ref)
    return (*buttons, snooze_button(ref), Button("Stop reminders for this one", f"stop {ref}"))


def draft_button(kind: DraftKind, ref: str) -> Button:
    """Shows the draft the step calls for."""
    label = "Show the LinkedIn note" if kind is DraftKind.LINKEDIN else "Show the draft"
    return Button(label, f"draft {kind.value} {ref}")


def sent_button(ref: str) -> Button:
    """Marks the step's message as sent."""
    return Button("Mark as sent", f"sent {ref}")


def reply_buttons(ref: str) -> tuple[Button, ...]:
    """How they answered the thank-you email."""
    return tuple(Button(label, f"replied {ref} {kind.value}") for label, kind in _REPLY_CHOICES)


def snooze_button(ref: str) -> Button:
    """Pushes the step back by `SNOOZE_STEP`."""
    weeks, days = divmod(SNOOZE_STEP.days, 7)
    typed = f"{weeks}w" if not days else f"{SNOOZE_STEP.days}d"
    return Button(f"Snooze {spoken(SNOOZE_STEP)}", f"snooze {ref} {typed}")


def log_button(label: str = "Log a rejection", command: str = "log",
               form: FormRequest | None = None) -> Button:
    """Asks to log a rejection: the form where the platform has forms (filled in with
    `form`'s values), the chat's questions elsewhere."""
    return Button(label, command, form=form or FormRequest())
