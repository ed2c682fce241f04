"""What each `rebound doctor` check reports: a status, the area it looked at, and a message
that says what is fine or what to fix."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Status(StrEnum):
    """How one check went; FAIL is what makes `rebound doctor` exit non-zero."""

    OK = "ok"
    WARN = "warn"
    FAIL = "FAIL"


@dataclass(frozen=True)
class Finding:
    """The outcome of one check, printed as one line of the report (never with a secret)."""

    status: Status
    area: str
    message: str

    def line(self) -> str:
        """`ok    database  /path/rebound.db (schema v4, current)`."""
        return f"{self.status:<6}{self.area:<10}{self.message}"
