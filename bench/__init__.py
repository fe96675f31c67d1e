"""Benchmarks: `python -m bench.run --quick|--full` (see docs/BENCHMARKS.md)."""
