"""Configuration from the environment, and the refusal to serve emulator auth when deployed."""
from __future__ import annotations

import pytest

from stepping_stones.app import create_app
from stepping_stones.config import DEMO_PROJECT_ID, Config
from stepping_stones.errors import UnsafeConfiguration


def test_local_defaults_use_the_demo_project():
    config = Config.from_env({})
    assert config.project_id == DEMO_PROJECT_ID
    assert not config.deployed
    assert config.max_body_bytes == 64 * 1024


def test_a_deployed_function_always_requires_therapists_to_have_a_verified_email():
    assert Config.from_env({"K_SERVICE": "api"}).require_verified_email
    assert Config.from_env({"K_SERVICE": "api", "REQUIRE_VERIFIED_EMAIL": "false"}).require_verified_email
    assert not Config.from_env({}).require_verified_email  # make run's demo accounts are unverified
    assert Config.from_env({"REQUIRE_VERIFIED_EMAIL": "true"}).require_verified_email


def test_cloud_run_marks_the_process_as_deployed_unless_it_is_the_functions_emulator():
    assert Config.from_env({"K_SERVICE": "api"}).deployed
    assert not Config.from_env({"K_SERVICE": "api", "FUNCTIONS_EMULATOR": "true"}).deployed


@pytest.mark.parametrize("variable", ["FIREBASE_AUTH_EMULATOR_HOST", "FIRESTORE_EMULATOR_HOST"])
def test_the_app_factory_refuses_a_deployed_config_pointing_at_an_emulator(variable):
    config = Config.from_env({"K_SERVICE": "api", variable: "127.0.0.1:9099", "GCLOUD_PROJECT": "real-project"})
    with pytest.raises(UnsafeConfiguration, match=variable):
        create_app({"SETTINGS": config})


def test_emulator_auth_is_fine_outside_a_deployment():
    config = Config.from_env({"FIREBASE_AUTH_EMULATOR_HOST": "127.0.0.1:9099"})
    assert create_app({"SETTINGS": config}) is not None


def test_a_deployed_function_refuses_to_start_without_a_secret_to_sign_export_cursors():
    deployed = {"K_SERVICE": "api", "GCLOUD_PROJECT": "real-project"}
    for missing_or_short in ({}, {"EXPORT_CURSOR_KEY": "short"}):
        with pytest.raises(UnsafeConfiguration, match="EXPORT_CURSOR_KEY"):
            create_app({"SETTINGS": Config.from_env({**deployed, **missing_or_short})})
    secret = "s" * 40
    assert Config.from_env({**deployed, "EXPORT_CURSOR_KEY": secret}).export_cursor_key == secret


def test_locally_export_cursors_are_signed_with_a_key_derived_from_the_project():
    assert len(Config.from_env({}).export_cursor_key) >= 32
    assert Config.from_env({}).export_cursor_key != Config.from_env({"GCLOUD_PROJECT": "other"}).export_cursor_key


def test_configuring_an_app_again_leaves_nothing_of_its_earlier_configuration():
    from stepping_stones.app import configure

    app = create_app({"SETTINGS": Config(), "TESTING": True})
    app.config["SETTINGS"] = Config().with_overrides(invite_attempt_budget=1)
    app.config["SOMETHING_A_TEST_SET"] = True
    small = Config().with_overrides(max_body_bytes=1024)
    configure(app, {"SETTINGS": small})
    assert app.config["SETTINGS"] is small
    assert app.config["MAX_CONTENT_LENGTH"] == 1024
    assert "SOMETHING_A_TEST_SET" not in app.config
    assert not app.testing
