"""Services reach storage through one public surface: the names `stepping_stones.storage` exports."""
from __future__ import annotations

import ast
from pathlib import Path

import stepping_stones.storage as storage

SERVICES = Path(storage.__file__).parent.parent / "services"
PACKAGE = "stepping_stones.storage"


def storage_imports(source: str, module: str) -> list[tuple[str, list[str]]]:
    """(absolute module, imported names) of each import of storage in one module's source."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            base = module.split(".")[:len(module.split(".")) - node.level] if node.level else []
            target = ".".join(base + ([node.module] if node.module else []))
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names if alias.name.startswith(PACKAGE)]
            continue
        else:
            continue
        if target == PACKAGE or target.startswith(PACKAGE + "."):
            found.append((target, names))
    return found


def surface_problems(source: str, module: str) -> list[str]:
    problems = []
    for target, names in storage_imports(source, module):
        if target != PACKAGE:
            problems.append(f"{module} imports {target}: import from {PACKAGE} instead")
        problems += [f"{module} imports {PACKAGE}.{name}, which the package does not export"
                     for name in names if name not in storage.__all__]
    return problems


def test_services_import_storage_only_through_the_names_its_package_exports():
    problems = [problem for path in sorted(SERVICES.glob("*.py"))
                for problem in surface_problems(path.read_text(), f"stepping_stones.services.{path.stem}")]
    assert problems == []


def test_an_import_of_a_storage_submodule_or_an_unexported_name_is_found():
    module = "stepping_stones.services.example"
    assert surface_problems("from ..storage.account import START\n", module) == [
        f"{module} imports stepping_stones.storage.account: import from stepping_stones.storage instead"]
    assert surface_problems("import stepping_stones.storage.paths\n", module) == [
        f"{module} imports stepping_stones.storage.paths: import from stepping_stones.storage instead"]
    assert surface_problems("from ..storage import paths\n", module) == [
        f"{module} imports stepping_stones.storage.paths, which the package does not export"]
    assert surface_problems("from ..storage import Store, Stored\nfrom .paging import page\n", module) == []
