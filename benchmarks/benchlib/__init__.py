"""Helpers shared by the benchmark scripts; a package, so `./dev bench` (which runs
every `benchmarks/*.py`) does not run them as a benchmark."""

from __future__ import annotations


def report_target(target: str, met: bool, figure: str) -> None:
    """Print the closing line every benchmark gives each target: `target …: meets (…)`."""
    print(f"target {target}: {'meets' if met else 'MISSES'} ({figure})")
