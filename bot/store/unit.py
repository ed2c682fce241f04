"""`UnitOfWork`: one atomic change to the store that knows what it changed.

The coach opens one per message (`Store.unit()`) and asks it afterwards what to do: re-plan
the nudges of exactly the rejections it touched (or of the whole user, when their settings
changed), and refresh a user's App Home only when that user's data changed. Another user's
write, committed meanwhile by another task, is never counted here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.models import Event


@dataclass
class UnitOfWork:
    """What the writes inside one `Store.unit()` changed, by user id."""

    _rejections: dict[int, set[int]] = field(default_factory=dict)
    _whole_plans: set[int] = field(default_factory=set)
    _users: set[int] = field(default_factory=set)
    _reshaped: set[int] = field(default_factory=set)
    _events: dict[int, list[Event]] = field(default_factory=dict)

    def touched(self, user_id: int, *, rejection_id: int | None = None,
                event: Event | None = None, plan: bool = False) -> None:
        """Record a write to the user's data: one rejection's (`event` when it only gained
        that event; else it was added, edited, deleted or lost an event), or, with `plan`,
        something every nudge of theirs depends on (zone, hours, check-ins)."""
        self._users.add(user_id)
        if rejection_id is not None:
            self._rejections.setdefault(user_id, set()).add(rejection_id)
            if event is None:
                self._reshaped.add(user_id)
            else:
                self._events.setdefault(user_id, []).append(event)
        if plan:
            self._whole_plans.add(user_id)

    def changed(self, user_id: int) -> bool:
        """Whether the user's data (what their App Home shows) changed in this unit."""
        return user_id in self._users

    def rejections(self, user_id: int) -> frozenset[int]:
        """The user's rejections written in this unit (added, edited, deleted, new events)."""
        return frozenset(self._rejections.get(user_id, ()))

    def reshaped(self, user_id: int) -> bool:
        """Whether one of the user's rejections was added, edited, deleted or lost an event
        (more than gaining events)."""
        return user_id in self._reshaped

    def events(self, user_id: int) -> tuple[Event, ...]:
        """The events this unit added to the user's rejections."""
        return tuple(self._events.get(user_id, ()))

    def whole_plan(self, user_id: int) -> bool:
        """Whether every nudge of the user must be planned again (their settings changed)."""
        return user_id in self._whole_plans

    def merge(self, inner: UnitOfWork) -> None:
        """Take over what a unit nested in this one changed, once it succeeded."""
        for user_id, ids in inner._rejections.items():
            self._rejections.setdefault(user_id, set()).update(ids)
        self._whole_plans |= inner._whole_plans
        self._users |= inner._users
        self._reshaped |= inner._reshaped
        for user_id, events in inner._events.items():
            self._events.setdefault(user_id, []).extend(events)
