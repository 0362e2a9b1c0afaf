"""Benchmarks of the aggregates on a synthetic organisation (run by hand, not by pytest)."""
