"""Shared benchmark plumbing: an emulator for the run, the request log's lines, timing and a small table printer."""
from __future__ import annotations

import contextlib
import json
import logging
import os
import statistics
import time

from tools.emulator import PROJECT_ID, FirestoreEmulator


@contextlib.contextmanager
def emulator_for_benchmark():
    print("Starting a Firestore emulator for the benchmark…", flush=True)
    emulator = FirestoreEmulator(project_id=PROJECT_ID).start()
    os.environ["FIRESTORE_EMULATOR_HOST"] = emulator.host
    os.environ["GCLOUD_PROJECT"] = PROJECT_ID
    try:
        yield emulator
    finally:
        emulator.stop()


def median_ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000, 1)


def timed(work) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def print_table(headers: list[str], rows: list[list]) -> None:
    widths = [max(len(str(x)) for x in column) for column in zip(headers, *rows)]
    for row in [headers, *rows]:
        print("  ".join(str(cell).rjust(width) for cell, width in zip(row, widths)))


class RequestLines(logging.Handler):
    """Keeps each request-log line (JSON) the app writes: its `firestore` reads and writes are the counts."""

    def __init__(self):
        super().__init__()
        self.lines = []

    def emit(self, record):
        self.lines.append(json.loads(record.getMessage()))
