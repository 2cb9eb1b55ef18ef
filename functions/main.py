"""Cloud Functions entry points: wiring only; the application lives in the stepping_stones package."""
from datetime import datetime, timezone

from firebase_functions import firestore_fn, https_fn, options, scheduler_fn

from stepping_stones.app import create_app
from stepping_stones.auth_users import sign_in_deleter
from stepping_stones.services import delivery, devices, digests, erasure, reminders
from stepping_stones.storage import Store, get_store

# Deployment settings for every function in this codebase, in one place.
options.set_global_options(
    region=options.SupportedRegion.EUROPE_WEST1,
    memory=options.MemoryOption.MB_512,
    max_instances=20,
    timeout_sec=60,
)

# Built at import so a deployed instance with unsafe settings (emulator auth) fails to start.
flask_app = create_app()


@https_fn.on_request(concurrency=40, secrets=["EXPORT_CURSOR_KEY"])  # signs export cursors (config.py)
def api(request: https_fn.Request) -> https_fn.Response:
    """The HTTP API: every /v1 route of the Flask app."""
    with flask_app.request_context(request.environ):
        return flask_app.full_dispatch_request()


# -- notifications: scheduled jobs and the outbox trigger. Each reads the clock here and only here,
# and uses the app's own settings and store; the work is in stepping_stones.services.
JOB_TIMEOUT_SEC = 540


def _store() -> Store:
    return get_store(flask_app.config["SETTINGS"])


def _now() -> datetime:
    return datetime.now(timezone.utc)


@firestore_fn.on_document_created(document="users/{uid}/outbox/{notification_id}")
def deliver_notification(event: firestore_fn.Event) -> None:
    """A notification was created: send its push now if it is due (claiming it first, so a retried
    event never sends twice)."""
    delivery.deliver(_store(), event.params["uid"], event.params["notification_id"], _now())


@scheduler_fn.on_schedule(schedule="*/15 * * * *", timeout_sec=JOB_TIMEOUT_SEC)
def send_reminders(event: scheduler_fn.ScheduledEvent) -> None:
    """Every 15 minutes: the day's gentle reminder for clients whose reminder slot has come."""
    reminders.send_reminders(_store(), _now())


@scheduler_fn.on_schedule(schedule="*/5 * * * *", timeout_sec=JOB_TIMEOUT_SEC)
def sweep_outbox(event: scheduler_fn.ScheduledEvent) -> None:
    """Every 5 minutes: retries after FCM errors, pushes held back by quiet hours, missed triggers."""
    delivery.sweep_outbox(_store(), _now())


@scheduler_fn.on_schedule(schedule="*/15 * * * *", timeout_sec=JOB_TIMEOUT_SEC)
def send_therapist_digests(event: scheduler_fn.ScheduledEvent) -> None:
    """Every 15 minutes: weekly digests for therapists whose chosen local weekday and time have come."""
    digests.send_digests(_store(), _now())


@scheduler_fn.on_schedule(schedule="30 3 * * *", timeout_sec=JOB_TIMEOUT_SEC)
def prune_devices(event: scheduler_fn.ScheduledEvent) -> None:
    """Daily: remove devices not refreshed for 60 days."""
    devices.prune_devices(_store(), _now())


# -- erasure: DELETE /v1/me records the job in erasures/{uid} and deletes what it can inline; each
# chunk here runs at most erasure.CHUNK_SECONDS, well inside this function's timeout, and ends by
# releasing the job's lease, a write that starts the next chunk. A chunk that crashed is resumed by
# the scheduled sweep once its lease has expired. `make run` runs the same two functions from a
# thread (tools/erasure_runner.py).
ERASE_TIMEOUT_SEC = 120


@firestore_fn.on_document_written(document="erasures/{uid}", timeout_sec=ERASE_TIMEOUT_SEC)
def erase_account(event: firestore_fn.Event) -> None:
    """An erasure record was written: run the next chunk if the job is running and nobody holds it."""
    after = event.data.after
    if after is None or not erasure.wants_a_worker(after.to_dict() if after.exists else None):
        return
    erasure.run_erasure_job(_store(), event.params["uid"], _now(), sign_in_deleter(flask_app.config["SETTINGS"]),
                            erasure.deadline_in(erasure.CHUNK_SECONDS))


@scheduler_fn.on_schedule(schedule="*/10 * * * *", timeout_sec=ERASE_TIMEOUT_SEC)
def resume_erasures(event: scheduler_fn.ScheduledEvent) -> None:
    """Every 10 minutes: carry on erasures whose worker died (crash, timeout, redeploy)."""
    erasure.resume_stalled(_store(), _now(), sign_in_deleter(flask_app.config["SETTINGS"]),
                           erasure.deadline_in(erasure.CHUNK_SECONDS))
