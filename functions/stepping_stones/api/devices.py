"""The devices a signed-in client or therapist receives pushes on."""
from __future__ import annotations

from flask import Blueprint

from ..schemas.notifications import DeviceRegistrationSchema, DeviceSchema
from ..services import devices
from .context import ANY_ROLE, now, store
from .contract import endpoint

blueprint = Blueprint("devices", __name__, url_prefix="/v1")


@blueprint.put("/devices/<device_id>")
@endpoint(role=ANY_ROLE, body=DeviceRegistrationSchema, response=DeviceSchema, statuses=(201, 200), errors=(409,))
def put_device(uid, device_id, body):
    """Register (201) or refresh (200) a device for pushes: send it at every app start."""
    view, created = devices.put_device(store(), uid, device_id, body, now())
    return view, 201 if created else 200


@blueprint.delete("/devices/<device_id>")
@endpoint(role=ANY_ROLE, statuses=(204,))
def delete_device(uid, device_id):
    """Stop pushes to this device (e.g. on sign-out); repeating it is harmless."""
    devices.delete_device(store(), uid, device_id)
    return None, 204
