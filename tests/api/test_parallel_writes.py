"""Phones flush their queues in parallel: writers of one client never see a server error."""
from __future__ import annotations

import threading

from tests.support.api import ApiUser
from tests.support.bodies import a_breathing, a_mood

WRITERS, EACH = 4, 4


def test_four_parallel_writers_for_one_client_all_get_2xx_and_every_entry_is_stored_once(app, client_with_profile):
    statuses: list[int] = []

    def writer(n: int) -> None:
        phone = ApiUser(app.test_client(), client_with_profile.uid)  # its own client, its own requests
        for i in range(EACH):
            if i % 2:
                response = phone.put(f"/v1/breathing/w{n}-{i}", a_breathing(at=f"2026-03-0{1 + i}T08:0{n}:00+01:00"))
            else:
                response = phone.put(f"/v1/moods/w{n}-{i}", a_mood(at=f"2026-03-0{1 + i}T09:0{n}:00+01:00"))
            statuses.append(response.status_code)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert statuses == [201] * (WRITERS * EACH)
    items = client_with_profile.get("/v1/timeline", limit=100).get_json()["items"]
    assert sorted(item["id"] for item in items) == sorted(f"w{n}-{i}" for n in range(WRITERS) for i in range(EACH))
    counts = client_with_profile.get("/v1/summary").get_json()["counts"]["last_28_days"]
    assert counts["mood"] + counts["breathing"] == WRITERS * EACH  # the summary saw every one exactly once
