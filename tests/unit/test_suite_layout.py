"""When `make` runs `npm ci`, and which install scripts it runs."""
from __future__ import annotations

import json

import pytest

from tools.npm_install import LOCK, installed_as_locked, packages_with_install_scripts


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


def test_a_kept_node_modules_is_restored_as_hard_links_and_an_unfinished_copy_is_never_used(tmp_path):
    from tools.npm_install import keep, restore

    installed = tmp_path / "first" / "node_modules"
    (installed / "pkg" / "bin").mkdir(parents=True)
    (installed / "pkg" / "index.js").write_text("module.exports = 1;")
    (installed / ".bin").mkdir()
    (installed / ".bin" / "pkg").symlink_to("../pkg/index.js")
    kept = tmp_path / "cache" / "node_modules-123"
    assert not restore(kept, tmp_path / "second" / "node_modules")  # nothing kept yet
    keep(kept, installed)
    (tmp_path / "second").mkdir()
    here = tmp_path / "second" / "node_modules"
    assert restore(kept, here)
    assert (here / "pkg" / "index.js").read_text() == "module.exports = 1;"
    assert (here / "pkg" / "index.js").stat().st_ino == (installed / "pkg" / "index.js").stat().st_ino
    assert (here / ".bin" / "pkg").is_symlink() and not (here / ".complete").exists()
    assert not restore(kept, here)  # an existing node_modules is left alone

    unfinished = tmp_path / "cache" / "node_modules-456"
    (unfinished / "pkg").mkdir(parents=True)
    assert not restore(unfinished, tmp_path / "third" / "node_modules")
