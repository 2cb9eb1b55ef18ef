"""The deployed trigger itself: `main.deliver_notification` fed the CloudEvent Firestore sends when an
outbox document is created, delivered twice (Eventarc delivers at least once): one push."""
from __future__ import annotations

import json
import os
from datetime import UTC, datetime

from stepping_stones.domain.notify_timing import win_notification_id
from stepping_stones.domain.records import CHECKIN
from stepping_stones.services import entries
from tests.integration.test_deploy import run_in_functions_dir
from tests.support.push_fake import a_client

NOW = datetime.now(UTC)  # the entry point reads the real clock


TRIGGER_TWICE = """
import json, sys
from cloudevents.http import CloudEvent
from google.events.cloud.firestore import Document, DocumentEventData
import main
from stepping_stones.push import PushResult
from stepping_stones.services import delivery

calls = []
def fake_send_push(tokens, payload):
    calls.append({"tokens": tokens, "payload": payload})
    return [PushResult(token, message_id="m-%d" % len(calls)) for token in tokens]
delivery.send_push = fake_send_push

project, uid, nid = sys.argv[1:4]
document = "users/%s/outbox/%s" % (uid, nid)
data = DocumentEventData(value=Document(name="projects/%s/databases/(default)/documents/%s" % (project, document)))
event = CloudEvent({
    "type": "google.cloud.firestore.document.v1.created", "source": "//firestore.googleapis.com/projects/" + project,
    "id": "event-1", "specversion": "1.0", "time": "2026-03-10T12:00:00Z", "location": "europe-west1",
    "project": project, "namespace": "(default)", "database": "(default)", "document": document,
    "subject": "documents/" + document, "datacontenttype": "application/protobuf",
}, DocumentEventData.serialize(data))
main.deliver_notification(event)
main.deliver_notification(event)  # the same event, delivered again
print(json.dumps(calls))
"""


def test_the_trigger_delivered_twice_sends_one_push(store):
    uid = a_client(store, "trigger-user", NOW)
    today = datetime.now(UTC).date()  # Berlin's date may differ near midnight; a yesterday win is pushed too
    entries.put_entry(store, uid, CHECKIN, "c1", {"local_date": today, "mood": 5}, NOW)
    nid = win_notification_id("first-entry:checkin", uid)

    project = os.environ["GCLOUD_PROJECT"]
    code = TRIGGER_TWICE.replace("sys.argv[1:4]", repr([project, uid, nid]))
    result = run_in_functions_dir(code, FIRESTORE_EMULATOR_HOST=os.environ["FIRESTORE_EMULATOR_HOST"],
                                  GCLOUD_PROJECT=project)

    assert result.returncode == 0, result.stderr
    calls = json.loads(result.stdout.strip().splitlines()[-1])
    assert [call["payload"]["data"]["notification_id"] for call in calls] == [nid]
    assert calls[0]["tokens"] == ["trigger-user-token"]
    assert store.get_outbox(uid, nid)["status"] == "sent"
