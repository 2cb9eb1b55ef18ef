"""The Flask application factory."""
from __future__ import annotations

from datetime import datetime, timezone

from flask import Flask

from .config import Config
from .services.help import load_resources


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app; `test_config` may override SETTINGS (a Config), CLOCK and Flask options."""
    app = Flask(__name__, static_folder=None)  # an API: no files served
    configure(app, test_config)
    from .api.json_text import Utf8JSONProvider

    app.json = Utf8JSONProvider(app)

    from .api import (
        agenda,
        away,
        clients,
        devices,
        entries,
        errors,
        experiments,
        former_clients,
        goals,
        headers,
        help,
        links,
        measures,
        my_data,
        notifications,
        profile,
        progress,
        request_log,
        safety_plan,
        sessions,
        suggestions,
        sync,
        therapist_profile,
        timeline,
        what_helps,
    )

    errors.register_error_handlers(app)
    headers.register_response_headers(app)
    request_log.register_request_logging(app)
    for module in (profile, away, entries, experiments, timeline, progress, goals, links, clients, former_clients,
                   my_data):
        app.register_blueprint(module.blueprint)
    for module in (devices, notifications, therapist_profile, help, measures, safety_plan, suggestions, agenda,
                   sessions, sync, what_helps):
        app.register_blueprint(module.blueprint)
    return app


def configure(app: Flask, test_config: dict | None = None) -> None:
    """Give `app` a fresh configuration: Flask's defaults, SETTINGS from the environment, then `test_config`.
    (Tests reconfigure one app per test: building an app compiles every URL rule, about 70 ms.)"""
    app.config = app.make_config()
    app.config.from_mapping(SETTINGS=Config.from_env(), CLOCK=utc_now)
    if test_config:
        app.config.from_mapping(test_config)
    settings: Config = app.config["SETTINGS"]
    settings.assert_safe_to_serve()
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body_bytes
    load_resources(settings.crisis_resources_file)  # a broken crisis-lines file stops the start, not a bad moment
