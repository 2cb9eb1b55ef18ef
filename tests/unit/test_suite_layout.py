"""How `make test` lays the suite out: one xdist unit of work per test file, all browser tests in one; and when
`make` runs `npm ci` and which install scripts it runs."""
from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.conftest import pytest_collection_modifyitems
from tools.npm_install import LOCK, installed_as_locked, packages_with_install_scripts

ROOT = Path(__file__).resolve().parents[2]


class Item:
    def __init__(self, relative: str):
        self.path = ROOT / relative
        self.groups: list[str] = []

    def add_marker(self, mark) -> None:
        assert mark.name == "xdist_group"
        self.groups.append(mark.args[0])


def groups_of(*paths: str) -> dict[str, list[str]]:
    items = [Item(path) for path in paths]
    pytest_collection_modifyitems(SimpleNamespace(rootpath=ROOT), items)
    return {item.path.relative_to(ROOT).as_posix(): item.groups for item in items}


def test_each_test_file_is_its_own_unit_of_work_so_module_fixtures_start_once():
    groups = groups_of("tests/api/test_profile.py", "tests/api/test_profile.py", "tests/unit/test_wins.py",
                       "tests/integration/test_deadlines.py")
    assert groups == {"tests/api/test_profile.py": ["tests/api/test_profile.py"],
                      "tests/unit/test_wins.py": ["tests/unit/test_wins.py"],
                      "tests/integration/test_deadlines.py": ["tests/integration/test_deadlines.py"]}


def test_every_browser_test_file_lands_in_one_unit_with_the_one_seeded_site():
    groups = groups_of("tests/browser/test_therapist_page.py", "tests/browser/test_companion_app.py",
                       "tests/browser/a_file_added_later/test_new_screen.py")
    assert set(map(tuple, groups.values())) == {("browser",)}


def test_this_very_test_carries_its_files_group(request):
    assert request.node.get_closest_marker("xdist_group").args == ("tests/unit/test_suite_layout.py",)


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
