"""Shared benchmark plumbing: an emulator for the run, the site in Chromium, the request log's lines, timing and a
small table printer."""
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


@contextlib.contextmanager
def site_in_chromium(seed=lambda app: None):
    """The `make run` stack for a browser benchmark: Firestore and Auth emulators (with the demo accounts), the
    API and pages on one free port after `seed(app)`, and Chromium. Yields (browser, base URL)."""
    from playwright.sync_api import sync_playwright

    from stepping_stones.app import create_app
    from tests.support.web_stack import SiteServer, launch_chromium
    from tools.auth_emulator import AuthEmulator
    from tools.demo_accounts import create_demo_accounts, local_web_config
    from tools.web_server import HostingLikeApp

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    auth = AuthEmulator()
    with emulator_for_benchmark():
        try:
            print("Starting the Auth emulator…", flush=True)
            auth.start()
            create_demo_accounts(auth)
            os.environ["FIREBASE_AUTH_EMULATOR_HOST"] = auth.host
            app = create_app()
            seed(app)
            logging.getLogger("stepping_stones.requests").disabled = True
            site = SiteServer(HostingLikeApp(app, local_web_config(auth.origin),
                                             auth_emulator_origin=auth.origin)).start()
            try:
                with sync_playwright() as playwright:
                    browser = launch_chromium(playwright)
                    try:
                        yield browser, site.base
                    finally:
                        browser.close()
            finally:
                site.stop()
        finally:
            auth.stop()


def median_ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000, 1)


def timed(work) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def print_table(headers: list[str], rows: list[list]) -> None:
    widths = [max(len(str(x)) for x in column) for column in zip(headers, *rows, strict=False)]
    for row in [headers, *rows]:
        print("  ".join(str(cell).rjust(width) for cell, width in zip(row, widths, strict=False)))


class RequestLines(logging.Handler):
    """Keeps each request-log line (JSON) the app writes: its `firestore` reads and writes are the counts."""

    def __init__(self):
        super().__init__()
        self.lines = []

    def emit(self, record):
        self.lines.append(json.loads(record.getMessage()))
