"""Export in verifiable pages of everything stored about a user; erasure that takes effect at once,
leaves nothing of theirs behind, keeps a therapist's notes detached, and stays erased."""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
from datetime import date, datetime, timedelta

import pytest

from stepping_stones.auth_users import sign_in_deleter
from stepping_stones.services import erasure, my_data
from stepping_stones.storage import get_store
from tests.support.api import ApiUser
from tests.support.bodies import a_breathing, a_checkin, a_mood, a_profile, an_experiment, an_outcome
from tests.support.export_check import ExportMismatch, download, verify_export
from tests.support.firestore_paths import all_documents
from tests.support.history import daily_records, import_history
from tests.support.therapy import link
from tests.support.tokens import mint_emulator_token


@pytest.fixture
def store(app):
    return get_store(app.config["SETTINGS"])


@pytest.fixture
def delete_sign_in(app):
    """The deployed code's Auth deletion (its firebase-admin call faked by the `sign_ins` fixture)."""
    return sign_in_deleter(app.config["SETTINGS"])


def a_full_record(user):
    user.put("/v1/checkins/c", a_checkin(on="2026-03-09", note="client secret note"))
    user.put("/v1/moods/m", a_mood(emotions=["calm"]))
    user.put("/v1/breathing/b", a_breathing(stress_before=6, stress_after=3))
    user.put("/v1/experiments/x", an_experiment(planned_for="2026-03-08"))
    user.put("/v1/experiments/x/outcome", an_outcome(done_on="2026-03-08"))
    user.put("/v1/goals/g", {"title": "Walk", "why": "Energy"})
    user.put("/v1/goals/g/steps/s", {"title": "Round the block", "done_when": "Back home"})
    user.put("/v1/me/away/a", {"from": "2026-03-01", "to": "2026-03-02"})
    user.put("/v1/devices/phone", {"fcm_token": "token-1", "platform": "android"})


def signed_in_at(user: ApiUser, moment: datetime) -> ApiUser:
    """The same account with a token whose sign-in (`auth_time`) was at `moment`."""
    again = ApiUser(user.http, user.uid, user.role)
    again.headers = {"Authorization": f"Bearer {mint_emulator_token(user.uid, user.role, auth_time=int(moment.timestamp()))}"}
    return again


def documents_about(store, uid: str) -> list[str]:
    return [path for path, data in all_documents(store.client) if uid in path or uid in json.dumps(data, default=str)]


# -- export
def test_the_export_holds_every_document_a_full_listing_finds_with_a_schema_version(client_with_profile, new_user,
                                                                                       store):
    a_full_record(client_with_profile)
    therapist = new_user("therapist")
    link(client_with_profile, therapist)
    therapist.get(f"/v1/clients/{client_with_profile.uid}/review")

    records = verify_export(download(client_with_profile))

    prefix = f"users/{client_with_profile.uid}"
    listed = {path for path, _ in all_documents(store.client) if path == prefix or path.startswith(prefix + "/")}
    exported = {f"{prefix}/{r['collection']}/{r['id']}".replace("//", "/") if r["collection"] else prefix
                for r in records if r["collection"] != my_data.INVITES}
    assert exported == listed
    kinds = {r["data"]["kind"] for r in records if r["collection"] == "entries"}
    assert kinds == {"checkin", "mood", "breathing", "experiment"}
    summary = next(r for r in records if r["collection"] == "private" and r["id"] == "summary")
    assert isinstance(summary["data"]["state"], dict)
    assert [r for r in records if r["collection"] == my_data.INVITES] != []  # the code they linked with
    header = json.loads(download(client_with_profile)[0].decode().split("\n", 1)[0])["export"]
    assert header["schema_version"] == 2 and header["uid"] == client_with_profile.uid
    assert "client secret note" in json.dumps(records)


def test_a_therapists_export_holds_their_session_notes_under_each_client_across_small_pages(
        client_with_profile, new_user, store, monkeypatch):
    therapist = new_user("therapist")
    second = new_user()
    second.put("/v1/me", a_profile())
    for client in (client_with_profile, second):
        link(client, therapist)
        for day in ("2026-03-01", "2026-03-03", "2026-03-08"):
            therapist.put(f"/v1/clients/{client.uid}/sessions/{day}", {"note": f"session {day}"})
    second.delete(f"/v1/links/{therapist.uid}")  # an ended link: the notes are still the therapist's
    monkeypatch.setattr(my_data, "PAGE_DOCUMENTS", 2)  # page ends fall inside the nested collections

    pages = download(therapist)
    records = verify_export(pages)

    assert len(pages) >= 4
    prefix = f"users/{therapist.uid}"
    listed = sorted(path.removeprefix(prefix + "/") for path, _ in all_documents(store.client)
                    if path.startswith(prefix + "/"))
    exported = sorted(f"{r['collection']}/{r['id']}" for r in records
                      if r["collection"] not in ("", my_data.INVITES))
    assert exported == listed
    notes = [r for r in records if r["collection"] == f"clients/{second.uid}/sessions"]
    assert [n["data"]["note"] for n in notes] == ["session 2026-03-01", "session 2026-03-03", "session 2026-03-08"]


def test_years_of_data_export_in_bounded_pages_that_add_up(client_with_profile, store, monkeypatch):
    monkeypatch.setattr(my_data, "PAGE_DOCUMENTS", 700)
    import_history(store, client_with_profile.uid, daily_records(date(2026, 3, 9), 2 * 365), date(2026, 3, 10))

    pages = download(client_with_profile)
    records = verify_export(pages)

    assert len(pages) >= 4
    assert all(page.count(b"\n") <= 700 + 2 for page in pages)  # documents + trailer (+ header on the first)
    assert sum(1 for r in records if r["collection"] == "entries") == 2 * 365 * 3


def test_a_truncated_or_altered_download_is_detected(client_with_profile, store, monkeypatch):
    monkeypatch.setattr(my_data, "PAGE_DOCUMENTS", 50)
    import_history(store, client_with_profile.uid, daily_records(date(2026, 3, 9), 60), date(2026, 3, 10))
    pages = download(client_with_profile)
    assert len(pages) >= 3
    verify_export(pages)

    last_lines = pages[-1].split(b"\n")
    at = next(i for i, page in enumerate(pages) if b'"checkin"' in page)
    altered = pages[:at] + [pages[at].replace(b'"checkin"', b'"checkim"', 1)] + pages[at + 1:]
    cases = {
        "a page lost": pages[:1] + pages[2:],
        "the last page lost": pages[:-1],
        "cut mid-page": pages[:-1] + [pages[-1][: len(pages[-1]) // 2]],
        "a line lost": pages[:-1] + [b"\n".join(last_lines[:1] + last_lines[2:])],
        "a byte changed": altered,
    }
    for name, broken in cases.items():
        with pytest.raises(ExportMismatch):
            verify_export(broken)
            pytest.fail(name)


def test_a_cursor_that_is_not_this_users_is_refused_naming_the_field(client_with_profile, new_user, store,
                                                                     monkeypatch):
    monkeypatch.setattr(my_data, "PAGE_DOCUMENTS", 5)
    import_history(store, client_with_profile.uid, daily_records(date(2026, 3, 9), 5), date(2026, 3, 10))
    first = client_with_profile.get("/v1/me/export").get_data(as_text=True).rstrip("\n").rsplit("\n", 1)[-1]
    cursor = json.loads(first)["page"]["next_cursor"]
    other = new_user()

    for who, bad in ((other, cursor), (client_with_profile, "not-a-cursor"), (client_with_profile, cursor[:-4])):
        response = who.get("/v1/me/export", cursor=bad)
        assert response.status_code == 400, response.get_data(as_text=True)
        assert "cursor" in response.json["error"]["fields"]


def signed_fields(cursor: str) -> tuple[dict, str]:
    payload, signature = cursor.split(".")
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))), signature


def with_fields(fields: dict, signature: str) -> str:
    payload = base64.urlsafe_b64encode(json.dumps(fields, separators=(",", ":")).encode()).decode().rstrip("=")
    return f"{payload}.{signature}"


def test_a_cursor_moved_ahead_to_skip_documents_is_refused_even_with_a_checksum_that_adds_up(
        client_with_profile, store, monkeypatch):
    monkeypatch.setattr(my_data, "PAGE_DOCUMENTS", 5)
    import_history(store, client_with_profile.uid, daily_records(date(2026, 3, 9), 5), date(2026, 3, 10))
    first = client_with_profile.get("/v1/me/export").get_data(as_text=True).rstrip("\n").split("\n")
    second_cursor = json.loads(
        client_with_profile.get("/v1/me/export", cursor=json.loads(first[-1])["page"]["next_cursor"])
        .get_data(as_text=True).rstrip("\n").rsplit("\n", 1)[-1])["page"]["next_cursor"]
    fields, signature = signed_fields(json.loads(first[-1])["page"]["next_cursor"])
    later, _ = signed_fields(second_cursor)
    # The second page skipped: the position after it, with the count and checksum of the first page only.
    skipping = {**fields, "p": later["p"]}
    forged_key = hmac.new(b"a guess", f"{client_with_profile.uid}\n".encode(), hashlib.sha256).digest()
    for cursor in (with_fields(skipping, signature), with_fields(skipping, base64.urlsafe_b64encode(forged_key)
                                                                  .decode().rstrip("="))):
        response = client_with_profile.get("/v1/me/export", cursor=cursor)
        assert response.status_code == 400, response.get_data(as_text=True)
        assert response.json["error"]["fields"]["cursor"] == [
            "That cursor is not one this API gave out: start the export again without one."]
    assert client_with_profile.get("/v1/me/export", cursor=second_cursor).status_code == 200


def test_a_cursor_signed_for_another_user_is_refused_even_with_their_owner_tag(client_with_profile, new_user, store,
                                                                               monkeypatch):
    monkeypatch.setattr(my_data, "PAGE_DOCUMENTS", 2)
    other = new_user()
    other.put("/v1/me", a_profile())
    for user in (client_with_profile, other):
        import_history(store, user.uid, daily_records(date(2026, 3, 9), 2), date(2026, 3, 10))
    mine = client_with_profile.get("/v1/me/export").get_data(as_text=True).rstrip("\n").rsplit("\n", 1)[-1]
    theirs = other.get("/v1/me/export").get_data(as_text=True).rstrip("\n").rsplit("\n", 1)[-1]
    my_fields, _ = signed_fields(json.loads(mine)["page"]["next_cursor"])
    their_fields, their_signature = signed_fields(json.loads(theirs)["page"]["next_cursor"])
    assert client_with_profile.get(
        "/v1/me/export", cursor=with_fields({**their_fields, "u": my_fields["u"]}, their_signature)).status_code == 400


# -- erasure
def test_erasure_needs_an_explicit_confirmation(client_with_profile):
    assert client_with_profile.http.delete("/v1/me", json={}, headers=client_with_profile.headers).status_code == 400
    response = client_with_profile.http.delete("/v1/me", json={"confirm": "yes"}, headers=client_with_profile.headers)
    assert response.status_code == 400 and "confirm" in response.json["error"]["fields"]
    assert client_with_profile.get("/v1/me").status_code == 200


def erase(user, expected_status=200):
    response = user.http.delete("/v1/me", json={"confirm": "DELETE"}, headers=user.headers)
    assert response.status_code == expected_status, response.json
    return response.json


def test_a_clients_erasure_leaves_no_document_about_them_and_counts_exactly(client_with_profile, new_user, store,
                                                                            sign_ins):
    a_full_record(client_with_profile)
    therapist = new_user("therapist")
    link(client_with_profile, therapist, share_notes=True)
    therapist.get(f"/v1/clients/{client_with_profile.uid}/review")
    before = documents_about(store, client_with_profile.uid)

    answer = erase(client_with_profile)

    assert answer["state"] == "done" and answer["status_url"] == "/v1/me/erasure"
    assert answer["deleted_documents"] == len(before)  # both sides of the link once each, the invite used
    assert documents_about(store, client_with_profile.uid) == [f"erasures/{client_with_profile.uid}"]
    assert therapist.get("/v1/clients").json["items"] == []
    assert sign_ins.deleted == [client_with_profile.uid]


def test_the_therapists_session_notes_are_detached_and_cannot_return_on_a_relink(client_with_profile, new_user,
                                                                                  store, clock):
    therapist = new_user("therapist")
    link(client_with_profile, therapist)
    therapist.put(f"/v1/clients/{client_with_profile.uid}/sessions/2026-03-01", {"note": "first session"})
    therapist.put(f"/v1/clients/{client_with_profile.uid}/sessions/2026-03-08", {"note": "second session"})
    client_with_profile.delete(f"/v1/links/{therapist.uid}")  # unlink first, then erase

    erase(client_with_profile)

    kept = [(path, data) for path, data in all_documents(store.client)
            if path.startswith(f"users/{therapist.uid}/former_clients/")]
    former = [data for path, data in kept if path.count("/") == 3]
    notes = sorted(data["note"] for path, data in kept if "/sessions/" in path)
    assert [(f["display_name"], f["erased_on"]) for f in former] == [(a_profile()["display_name"], "2026-03-10")]
    assert notes == ["first session", "second session"]
    assert client_with_profile.uid not in json.dumps(kept, default=str)

    clock.set("2026-03-10T13:00:00+00:00")
    again = signed_in_at(client_with_profile, clock.now())  # a new sign-in with the same uid
    assert again.put("/v1/me", a_profile()).status_code == 201
    link(again, therapist)
    assert therapist.get(f"/v1/clients/{again.uid}/sessions").json["items"] == []


def test_an_erased_account_stays_erased_for_every_token_signed_in_before(client_with_profile, clock):
    earlier = signed_in_at(client_with_profile, clock.now() - timedelta(minutes=30))
    a_full_record(earlier)
    erase(earlier)

    for method, path, body in [("PUT", "/v1/me", a_profile()), ("GET", "/v1/me", None),
                               ("PUT", "/v1/devices/d1", {"fcm_token": "t", "platform": "ios"}),
                               ("PUT", "/v1/checkins/c2", a_checkin(on="2026-03-10")),
                               ("GET", "/v1/me/export", None), ("GET", "/v1/timeline", None)]:
        response = earlier.http.open(path, method=method, json=body, headers=earlier.headers)
        assert response.status_code == 410, (method, path, response.json)
        assert response.json["error"]["code"] == "account_erased"
    assert earlier.get("/v1/me/erasure").json["state"] == "done"
    assert erase(earlier)["state"] == "done"  # asking again answers the same

    clock.set("2026-03-10T12:05:00+00:00")
    newer = signed_in_at(client_with_profile, clock.now())  # the uid's new account, signed in after
    assert newer.put("/v1/me", a_profile()).status_code == 201
    assert newer.put("/v1/checkins/c3", a_checkin(on="2026-03-10")).status_code == 201

    clock.set("2026-03-10T12:10:00+00:00")
    assert erase(newer)["requested_at"] == "2026-03-10T12:10:00+00:00"  # a new erasure, not the old answer
    assert newer.get("/v1/me").status_code == 410


def test_a_large_erasure_answers_202_refuses_everything_at_once_and_finishes_in_the_background(
        client_with_profile, new_user, store, monkeypatch, clock, sign_ins, delete_sign_in):
    therapist = new_user("therapist")
    link(client_with_profile, therapist)
    import_history(store, client_with_profile.uid, daily_records(date(2026, 3, 9), 250), date(2026, 3, 10))
    before = len(documents_about(store, client_with_profile.uid))
    monkeypatch.setattr(erasure, "INLINE_SECONDS", 0.0)  # room for one step only

    response = client_with_profile.http.delete("/v1/me", json={"confirm": "DELETE"},
                                               headers=client_with_profile.headers)

    assert response.status_code == 202 and response.headers["Location"] == "/v1/me/erasure"
    assert 0 < response.json["deleted_documents"] < before
    assert client_with_profile.get("/v1/timeline").status_code == 410
    assert client_with_profile.get("/v1/me/erasure").json["state"] == "running"
    assert therapist.get(f"/v1/clients/{client_with_profile.uid}/review").status_code == 404
    assert sign_ins.deleted == []

    # the Firestore trigger runs the next chunk once the request released the job's lease
    record = store.get_erasure(client_with_profile.uid)
    assert erasure.wants_a_worker(record)
    erasure.run_erasure_job(store, client_with_profile.uid, clock.now(), delete_sign_in, lambda: 60.0)

    status = client_with_profile.get("/v1/me/erasure").json
    assert status["state"] == "done" and status["deleted_documents"] == before
    assert documents_about(store, client_with_profile.uid) == [f"erasures/{client_with_profile.uid}"]
    assert sign_ins.deleted == [client_with_profile.uid]


def test_a_therapists_erasure_ends_links_and_removes_their_notes_without_touching_clients_data(
        client_with_profile, new_user, store):
    a_full_record(client_with_profile)
    therapist = new_user("therapist")
    link(client_with_profile, therapist)
    therapist.put(f"/v1/clients/{client_with_profile.uid}/sessions/2026-03-01", {"note": "private note"})
    entries_before = client_with_profile.get("/v1/timeline").json["items"]

    erase(therapist)

    paths = [path for path, _ in all_documents(store.client)]
    assert [p for p in paths if therapist.uid in p] == [f"erasures/{therapist.uid}"]
    assert client_with_profile.get("/v1/links").json["items"] == []
    assert client_with_profile.get("/v1/timeline").json["items"] == entries_before
    assert client_with_profile.get("/v1/me/access-log").status_code == 200


def test_the_erasure_status_of_an_account_never_erased_is_404(client_with_profile):
    assert client_with_profile.get("/v1/me/erasure").status_code == 404


def test_a_failed_sign_in_deletion_keeps_the_job_running_until_it_succeeds(client_with_profile, store, sign_ins,
                                                                           clock, delete_sign_in):
    sign_ins.fail_with = RuntimeError("Auth is down")
    assert erase(client_with_profile, 202)["state"] == "running"
    assert documents_about(store, client_with_profile.uid) == [f"erasures/{client_with_profile.uid}"]

    record = store.get_erasure(client_with_profile.uid)
    assert not erasure.wants_a_worker(record)  # no retry at once, and again, while Auth is down
    sign_ins.fail_with = None
    assert erasure.resume_stalled(store, clock.now() + timedelta(minutes=5), delete_sign_in, lambda: 60.0) == 0
    later = clock.now() + erasure.SIGN_IN_RETRY
    assert erasure.resume_stalled(store, later, delete_sign_in, lambda: 60.0) == 1
    assert store.get_erasure(client_with_profile.uid)["state"] == "done"
    assert sign_ins.deleted == [client_with_profile.uid]



def test_a_failure_in_the_inline_part_answers_202_and_the_job_finishes(client_with_profile, store, monkeypatch,
                                                                       clock, delete_sign_in):
    a_full_record(client_with_profile)
    real = store.delete_account_page

    def firestore_fails(*args, **kwargs):
        raise RuntimeError("deadline exceeded")

    monkeypatch.setattr(store, "delete_account_page", firestore_fails)
    assert erase(client_with_profile, 202)["state"] == "running"
    assert client_with_profile.get("/v1/me").status_code == 410

    monkeypatch.setattr(store, "delete_account_page", real)
    assert erasure.wants_a_worker(store.get_erasure(client_with_profile.uid))  # the trigger carries on at once
    erasure.run_erasure_job(store, client_with_profile.uid, clock.now(), delete_sign_in, lambda: 60.0)
    assert documents_about(store, client_with_profile.uid) == [f"erasures/{client_with_profile.uid}"]
