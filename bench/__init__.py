"""Benchmarks: `make bench` (they report, never fail the build)."""
