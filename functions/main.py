"""Cloud Functions entry points: wiring only; the application lives in the stepping_stones package."""
from firebase_functions import https_fn, options

from stepping_stones.app import create_app

# Deployment settings for every function in this codebase, in one place.
options.set_global_options(
    region=options.SupportedRegion.EUROPE_WEST1,
    memory=options.MemoryOption.MB_512,
    max_instances=20,
    timeout_sec=60,
)

# Built at import so a deployed instance with unsafe settings (emulator auth) fails to start.
flask_app = create_app()


@https_fn.on_request(concurrency=40)
def api(request: https_fn.Request) -> https_fn.Response:
    """The HTTP API: every /v1 route of the Flask app."""
    with flask_app.request_context(request.environ):
        return flask_app.full_dispatch_request()
