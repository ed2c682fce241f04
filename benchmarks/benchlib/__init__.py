"""Helpers shared by the benchmark scripts; a package, so `./dev bench` (which runs
every `benchmarks/*.py`) does not run them as a benchmark."""
