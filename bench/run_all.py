"""Run every benchmark in turn."""
from __future__ import annotations

from . import account_export_erase, progress_costs, reminder_slot, therapist_reads

BENCHMARKS = [progress_costs, therapist_reads, reminder_slot, account_export_erase]


def main() -> None:
    for benchmark in BENCHMARKS:
        print(f"\n=== {benchmark.__name__} ===", flush=True)
        benchmark.main()


if __name__ == "__main__":
    main()
