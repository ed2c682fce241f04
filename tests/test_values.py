"""`bot.values.value`: what the hot-path values keep of a frozen dataclass, and who enforces it."""

from __future__ import annotations

import dataclasses
import textwrap
from pathlib import Path

import pytest
from mypy import api as mypy_api

from bot.replies import Button
from bot.values import value


@value
class Pair:
    left: str
    right: int = 0


def test_values_are_equal_and_hashable_by_their_fields() -> None:
    assert Pair("a", 1) == Pair("a", 1)
    assert Pair("a", 1) != Pair("a", 2)
    assert len({Pair("a", 1), Pair("a", 1), Pair("b")}) == 2
    assert dataclasses.replace(Pair("a", 1), right=5) == Pair("a", 5)


def test_values_are_slotted_so_a_typo_cannot_add_a_field() -> None:
    pair = Pair("a")
    with pytest.raises(AttributeError):
        pair.lefft = "b"  # type: ignore[attr-defined]


def test_the_type_checker_refuses_to_change_a_value(tmp_path: Path) -> None:
    """Immutability is mypy's to enforce (the suite runs it on all of our code): an assignment
    to a field of a `value`, ours or a hot-path one like `Button`, is an error."""
    source = tmp_path / "mutates.py"
    source.write_text(textwrap.dedent("""
        from bot.replies import Button
        from bot.values import value

        @value
        class Pair:
            left: str

        Pair("a").left = "b"
        Button("Label", "command").label = "other"
    """))
    report, _, status = mypy_api.run([str(source), "--no-incremental",
                                      "--cache-dir", str(tmp_path / "cache")])
    assert status == 1
    assert report.count("is read-only") == 2, report
    assert Button("x", "y") == Button("x", "y")
