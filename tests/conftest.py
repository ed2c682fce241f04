"""Hypothesis runs the same examples on every run of the suite (a suite that fails only now and
then is a bug of its own); `pytest --hypothesis-profile=explore` draws new ones to hunt for
fresh failures, which then become fixed examples or fixes."""

from __future__ import annotations

from hypothesis import settings

settings.register_profile("repeatable", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False)
settings.load_profile("repeatable")
