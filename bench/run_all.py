"""Run every benchmark in turn."""
from __future__ import annotations

from . import (
    account_export_erase,
    companion_app,
    companion_chart,
    companion_history,
    companion_month,
    companion_slow_phone,
    deadlines,
    largest_answer,
    measures_review,
    progress_costs,
    reminder_slot,
    sync_cost,
    therapist_reads,
    web_review_paint,
    write_drill,
    write_path_history,
)

BENCHMARKS = [progress_costs, therapist_reads, reminder_slot, sync_cost, write_drill, write_path_history, deadlines,
              account_export_erase, web_review_paint, companion_app, companion_slow_phone, companion_month,
              companion_chart, companion_history, largest_answer, measures_review]


def main() -> None:
    for benchmark in BENCHMARKS:
        print(f"\n=== {benchmark.__name__} ===", flush=True)
        benchmark.main()


if __name__ == "__main__":
    main()
