"""The layers keep their shape: the domain imports only the standard library and itself; services never import Flask."""
from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "functions" / "stepping_stones"
STANDARD_LIBRARY = frozenset(sys.stdlib_module_names)


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path, source: str | None = None) -> list[tuple[int, str]]:
    """Every module a file imports (at any depth of the file, relative imports made absolute), with its line."""
    tree = ast.parse(path.read_text(encoding="utf-8") if source is None else source, filename=str(path))
    package = _module_name(path) if path.name == "__init__.py" else _module_name(path).rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
                names = [module] if node.module else [f"{module}.{alias.name}" for alias in node.names]
            else:
                names = [node.module or ""]
            found += [(node.lineno, name) for name in names]
    return found


def _modules_of(layer: str) -> list[Path]:
    return sorted((PACKAGE / layer).rglob("*.py"))


def _is_within(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def domain_import_problems(path: Path, source: str | None = None) -> list[str]:
    """Imports that take the domain outside the standard library and its own package."""
    problems = []
    for line, module in imported_modules(path, source):
        top = module.split(".")[0]
        if _is_within(module, "stepping_stones.domain") or (top in STANDARD_LIBRARY and top != "stepping_stones"):
            continue
        problems.append(f"{path.relative_to(PACKAGE.parent)}:{line} imports {module}")
    return problems


def service_import_problems(path: Path, source: str | None = None) -> list[str]:
    """Imports of Flask (flask.request included) from a service."""
    return [f"{path.relative_to(PACKAGE.parent)}:{line} imports {module}"
            for line, module in imported_modules(path, source) if _is_within(module, "flask")]


def test_the_domain_imports_only_the_standard_library_and_itself():
    problems = [problem for path in _modules_of("domain") for problem in domain_import_problems(path)]
    assert problems == [], "\n".join(problems)


def test_no_service_imports_flask():
    problems = [problem for path in _modules_of("services") for problem in service_import_problems(path)]
    assert problems == [], "\n".join(problems)


def test_the_layer_checks_look_at_every_module_of_their_layer():
    assert len(_modules_of("domain")) >= 20 and len(_modules_of("services")) >= 20


@pytest.mark.parametrize("source", [
    "import flask", "from flask import request", "import google.cloud.firestore", "from google.cloud import firestore",
    "import firebase_admin", "from firebase_functions import https_fn", "from stepping_stones.storage import core",
    "from ..storage import core", "from .. import services", "from ..services.entries import decode",
    "from stepping_stones import config", "import marshmallow",
])
def test_a_domain_module_importing_a_framework_storage_or_services_is_refused(source):
    module = PACKAGE / "domain" / "guard_example.py"
    assert domain_import_problems(module, source) != []


@pytest.mark.parametrize("source", [
    "import json", "from datetime import date", "from . import habits", "from .measures import scoring",
    "from stepping_stones.domain.records import MOOD", "from __future__ import annotations",
])
def test_a_domain_module_importing_the_standard_library_or_the_domain_is_accepted(source):
    module = PACKAGE / "domain" / "guard_example.py"
    assert domain_import_problems(module, source) == []


@pytest.mark.parametrize("source", ["import flask", "from flask import request", "from flask.globals import g",
                                    "def handle():\n    from flask import request\n    return request"])
def test_a_service_importing_flask_is_refused(source):
    module = PACKAGE / "services" / "guard_example.py"
    assert service_import_problems(module, source) != []


REPOSITORY = PACKAGE.parents[1]
LONG_MODULE_LINES = 300
REASON_MARK = "over 300 lines"
SOURCE_SUFFIXES = {".py", ".js", ".mjs", ".ts"}
BUILT_OR_GENERATED = {"web/app/sw.js"}


def long_module_problem(relative: str, source: str) -> str | None:
    """A module past LONG_MODULE_LINES lines whose opening (docstring or first comment) gives no reason for it."""
    lines = source.splitlines()
    if len(lines) <= LONG_MODULE_LINES or any(REASON_MARK in line for line in lines[:40]):
        return None
    return f"{relative}: {len(lines)} lines and no reason at its top (write why it is one module, '{REASON_MARK}')"


def _sources_outside_tests() -> list[Path]:
    found = []
    for top in ("functions", "tools", "bench", "web"):
        for path in (REPOSITORY / top).rglob("*"):
            relative = path.relative_to(REPOSITORY).as_posix()
            if (path.suffix in SOURCE_SUFFIXES and path.is_file() and "node_modules" not in path.parts
                    and "dist" not in path.parts and not path.name.endswith(".d.ts")
                    and relative not in BUILT_OR_GENERATED):
                found.append(path)
    return sorted(found)


def test_no_module_outside_tests_is_over_300_lines_without_a_reason_at_its_top():
    problems = [long_module_problem(path.relative_to(REPOSITORY).as_posix(), path.read_text(encoding="utf-8"))
                for path in _sources_outside_tests()]
    assert [problem for problem in problems if problem] == []


def test_the_size_check_looks_at_the_backend_the_tools_and_both_pages():
    seen = {path.relative_to(REPOSITORY).as_posix() for path in _sources_outside_tests()}
    assert {"functions/stepping_stones/domain/wins.py", "tools/run_local.py", "web/app/src/sync.js",
            "web/therapist/views/review.js", "web/shared/api.ts"} <= seen


def test_a_long_module_without_a_reason_is_refused_and_one_with_a_reason_is_accepted():
    body = "x = 1\n" * (LONG_MODULE_LINES + 1)
    assert long_module_problem("m.py", '"""Does things."""\n' + body) is not None
    assert long_module_problem("m.py", '"""Does things.\n\nOne module, over 300 lines, because..."""\n' + body) is None
    assert long_module_problem("m.py", '"""Short."""\n' + "x = 1\n" * 10) is None
