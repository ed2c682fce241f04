"""`value`: the decorator of the immutable values the fire path builds thousands of a second.

A `@dataclass(frozen=True)` enforces immutability at run time by setting every field through
`object.__setattr__` in `__init__`, which makes building one about three times dearer than a
plain slotted dataclass (~400 ns against ~140 ns for three fields). Delivering one nudge builds
about ten of them (the claimed row, its recipient, the reply with its text and buttons, the
outgoing message, the outcome), so that overhead alone was a sixth of a nudge's cost.

A `value` class is a slotted dataclass, equal and hashable by its fields like a frozen one, and
frozen for the type checker (`frozen_default`): mypy refuses any assignment to a field, and
`dataclasses.replace` makes changed copies. What it gives up is only the run-time check, which
mypy already makes for all of our code. Use it for values on hot paths; elsewhere plain
`@dataclass(frozen=True)` is as good and simpler to read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar, dataclass_transform

_T = TypeVar("_T")


@dataclass_transform(frozen_default=True, eq_default=True)
def value(cls: type[_T]) -> type[_T]:
    """`cls` as a slotted dataclass, equal and hashable by value, immutable to mypy."""
    return dataclass(slots=True, unsafe_hash=True)(cls)
