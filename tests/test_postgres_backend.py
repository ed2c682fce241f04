"""PostgreSQL is there for the store's tests, or its absence is said once (or, in CI, fails)."""

from __future__ import annotations

import pytest
from backends import URL_VARIABLE, required, unreachable


def test_a_postgres_server_answers_for_the_store_tests() -> None:
    reason = unreachable()
    if reason is None:
        return
    if required():
        pytest.fail(f"{reason}, and REBOUND_REQUIRE_POSTGRES=1 requires it")
    pytest.skip(f"{reason}: set {URL_VARIABLE} to run them")
