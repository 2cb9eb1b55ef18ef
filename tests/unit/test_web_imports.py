"""The pages' JavaScript and TypeScript modules under web/ import one another without a cycle."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "web"
BUILT = ("dist", "node_modules")
# Static imports and re-exports: `import {a} from "./x.js"`, `import "./x.js"`, `export {a} from "./x.js"`.
# A dynamic import() loads later, on demand, and is left out.
STATIC_IMPORT = re.compile(r"""^\s*(?:import|export)\b[^;'"]*?(?:\bfrom\s*)?["'](\.{1,2}/[^"']+)["']""", re.M)


def web_modules(web: Path) -> list[Path]:
    return sorted(path for path in web.rglob("*") if path.suffix in (".js", ".ts", ".mjs")
                  and not path.name.endswith(".d.ts") and not set(path.relative_to(web).parts) & set(BUILT))


def import_graph(web: Path) -> dict[str, list[str]]:
    """Each module (relative to `web`) and the local modules it imports statically."""
    graph = {}
    for module in web_modules(web):
        targets = []
        for spec in STATIC_IMPORT.findall(module.read_text()):
            target = (module.parent / spec).resolve()
            if not target.suffix:
                target = target.with_suffix(".ts")  # `import type ... from "./contract"`
            targets.append(target.relative_to(web.resolve()).as_posix())
        graph[module.relative_to(web).as_posix()] = targets
    return graph


def cycles(graph: dict[str, list[str]]) -> list[list[str]]:
    """One path per cycle found by a depth-first walk: [a, b, ..., a]."""
    found, done, trail = [], set(), []

    def walk(node: str) -> None:
        if node in trail:
            found.append(trail[trail.index(node):] + [node])
            return
        if node in done:
            return
        trail.append(node)
        for target in graph.get(node, []):
            walk(target)
        trail.pop()
        done.add(node)

    for node in sorted(graph):
        walk(node)
    return found


def test_the_import_graph_finds_both_pages_and_their_shared_modules():
    graph = import_graph(WEB)
    assert "app/src/main.js" in graph and "therapist/main.js" in graph
    assert "shared/api.ts" in graph["app/src/sync.js"]


def test_a_cycle_between_modules_is_found(tmp_path):
    (tmp_path / "views").mkdir()
    (tmp_path / "main.js").write_text('import { showToday } from "./views/today.js";\nexport function redraw() {}\n')
    (tmp_path / "views" / "today.js").write_text(
        'import {\n  redraw,\n} from "../main.js";\nexport function showToday() { redraw(); }\n')
    assert cycles(import_graph(tmp_path)) == [["main.js", "views/today.js", "main.js"]]


def test_no_module_in_web_imports_itself_through_others():
    assert cycles(import_graph(WEB)) == []


IMPORTED_NAMES = re.compile(r"""^\s*import\s*\{([^}]*)\}\s*from\s*["']([^"']+)["']""", re.M)


def names_imported_from(module: Path, source: str) -> set[str]:
    return {name.strip().split(" as ")[0] for names, spec in IMPORTED_NAMES.findall(module.read_text())
            if spec.endswith(source) for name in names.split(",") if name.strip()}


def test_a_change_reaches_sync_from_the_store_and_never_from_a_screen():
    app = WEB / "app" / "src"
    assert "changed" in names_imported_from(app / "store.js", "/sync.js")
    callers = [view.name for view in (app / "views").glob("*.js") if "changed" in names_imported_from(view, "/sync.js")]
    assert callers == []
