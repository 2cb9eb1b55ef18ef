"""`make run`'s erasure job: a thread that runs what the deployed trigger and sweep run (main.py)."""
from __future__ import annotations

import logging
import threading
from datetime import datetime, timezone
from typing import Callable

from stepping_stones.services import erasure

log = logging.getLogger("stepping_stones.erasure")
INTERVAL_SECONDS = 2.0  # how soon a released lease is picked up (the deployed trigger: at once)


class ErasureRunner:
    """Every INTERVAL_SECONDS, `erasure.resume_stalled`: the sweep's function, which runs the trigger's
    `run_erasure_job` on each running erasure whose lease is free (a chunk just ended: the trigger's
    case) or expired (a worker died: the sweep's case). Without it a 202 erasure stays half done locally."""

    def __init__(self, store, delete_sign_in: Callable[[str], bool], *, interval: float = INTERVAL_SECONDS,
                 clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc)):
        self.store, self.delete_sign_in, self.interval, self.clock = store, delete_sign_in, interval, clock
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="erasure-runner", daemon=True)

    def start(self) -> "ErasureRunner":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join()

    def run_once(self) -> int:
        """One look, as one invocation of the sweep; returns how many erasures it carried on."""
        return erasure.resume_stalled(self.store, self.clock(), self.delete_sign_in,
                                      erasure.deadline_in(erasure.CHUNK_SECONDS))

    def _loop(self) -> None:
        while not self._stopping.wait(self.interval):
            try:
                self.run_once()
            except Exception:  # noqa: BLE001 — as a failed invocation: the next look retries
                log.exception("erasure runner: a run failed; the next one retries")
