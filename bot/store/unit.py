"""`UnitOfWork`: one atomic change to the store that knows what it changed.

The coach opens one per message (`Store.unit()`) and asks it afterwards what to do: re-plan
the nudges of exactly the rejections it touched (or of the whole user, when their settings
changed), and refresh a user's App Home only when that user's data changed. Another user's
write, committed meanwhile by another task, is never counted here.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class UnitOfWork:
    """What the writes inside one `Store.unit()` changed, by user id."""

    _rejections: dict[int, set[int]] = field(default_factory=dict)
    _whole_plans: set[int] = field(default_factory=set)
    _users: set[int] = field(default_factory=set)

    def touched(self, user_id: int, *, rejection_id: int | None = None,
                plan: bool = False) -> None:
        """Record a write to the user's data: one rejection's (events included), or, with
        `plan`, something every nudge of theirs depends on (zone, hours, check-ins)."""
        self._users.add(user_id)
        if rejection_id is not None:
            self._rejections.setdefault(user_id, set()).add(rejection_id)
        if plan:
            self._whole_plans.add(user_id)

    def changed(self, user_id: int) -> bool:
        """Whether the user's data (what their App Home shows) changed in this unit."""
        return user_id in self._users

    def rejections(self, user_id: int) -> frozenset[int]:
        """The user's rejections written in this unit (added, edited, deleted, new events)."""
        return frozenset(self._rejections.get(user_id, ()))

    def whole_plan(self, user_id: int) -> bool:
        """Whether every nudge of the user must be planned again (their settings changed)."""
        return user_id in self._whole_plans

    def merge(self, inner: UnitOfWork) -> None:
        """Take over what a unit nested in this one changed, once it succeeded."""
        for user_id, ids in inner._rejections.items():
            self._rejections.setdefault(user_id, set()).update(ids)
        self._whole_plans |= inner._whole_plans
        self._users |= inner._users
