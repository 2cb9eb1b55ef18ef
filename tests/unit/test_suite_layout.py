"""How `make test` lays the suite out: one xdist unit of work per test file, all browser tests in one unit; and when
`make` runs `npm ci` and which install scripts it runs."""
from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from tests.conftest import pytest_xdist_make_scheduler, unit_of_work
from tools.npm_install import LOCK, installed_as_locked, packages_with_install_scripts


def test_each_test_file_is_its_own_unit_of_work_so_module_fixtures_start_once():
    assert unit_of_work("tests/api/test_profile.py::test_a[x::y]") == "tests/api/test_profile.py"
    assert unit_of_work("tests/integration/test_deadlines.py::Test::test_b") == "tests/integration/test_deadlines.py"


def test_every_browser_test_file_lands_in_one_unit_with_the_one_seeded_site():
    units = {unit_of_work(nodeid) for nodeid in ("tests/browser/test_therapist_page.py::test_a",
                                                 "tests/browser/test_companion_app.py::test_b",
                                                 "tests/browser/later/test_new_screen.py::test_c")}
    assert units == {"tests/browser/"}


def test_make_tests_scheduler_splits_the_suite_by_these_units():
    # pytest-xdist asks conftest for a scheduler; under --dist loadfile it gets the one that groups tests/browser/.
    config = SimpleNamespace(getvalue=lambda name: {"dist": "loadfile", "tx": ["2*popen"]}.get(name),
                             option=SimpleNamespace(numprocesses=2, dist="loadfile"))
    scheduler = pytest_xdist_make_scheduler(config, None)
    assert scheduler._split_scope("tests/browser/test_companion_app.py::test_b") == "tests/browser/"
    assert scheduler._split_scope("tests/unit/test_wins.py::test_c") == "tests/unit/test_wins.py"
    assert pytest_xdist_make_scheduler(SimpleNamespace(getvalue=lambda name: "load"), None) is None


def test_npm_install_scripts_run_for_every_locked_package_that_has_one_but_the_skipped():
    lock = json.loads(LOCK.read_text())
    with_scripts = {path.rsplit("node_modules/", 1)[-1] for path, entry in lock["packages"].items()
                    if entry.get("hasInstallScript")}
    assert "esbuild" in with_scripts and "re2" in with_scripts
    names = packages_with_install_scripts(lock, {"re2"})
    assert set(names) == with_scripts - {"re2"} and len(names) == len(set(names))


@pytest.mark.parametrize("skipped", [set(), {"esbuild", "re2"}])
def test_npm_skips_only_what_it_is_told(skipped):
    lock = {"packages": {"": {}, "node_modules/esbuild": {"hasInstallScript": True},
                         "node_modules/a/node_modules/re2": {"hasInstallScript": True},
                         "node_modules/uplot": {}}}
    assert packages_with_install_scripts(lock, skipped) == [n for n in ("esbuild", "re2") if n not in skipped]


LOCKED = {"packages": {"": {"name": "x"}, "node_modules/esbuild": {"version": "0.28.2"},
                       "node_modules/@esbuild/win32-x64": {"version": "0.28.2", "optional": True}}}


def test_a_node_modules_as_locked_is_not_installed_again_though_its_checkout_is_newer():
    assert installed_as_locked(LOCKED, {"packages": {"node_modules/esbuild": {"version": "0.28.2"}}})


@pytest.mark.parametrize("installed", [
    {"packages": {}},
    {"packages": {"node_modules/esbuild": {"version": "0.27.0"}}},
    {"packages": {"node_modules/esbuild": {"version": "0.28.2"}, "node_modules/left-over": {"version": "1.0.0"}}},
], ids=["nothing installed", "another version", "a package the lock no longer has"])
def test_a_node_modules_that_differs_from_the_lock_is_installed_again(installed):
    assert not installed_as_locked(LOCKED, installed)
