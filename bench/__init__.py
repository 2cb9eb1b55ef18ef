"""Benchmarks, run by hand (`make bench`): they print figures and ratios, they assert nothing."""
