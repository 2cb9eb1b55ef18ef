"""The tables in docs/api.md name exactly what the code serves and bounds: every route of the URL map
with its methods, and every bound of domain/bounds.py with its limit."""
from __future__ import annotations

import re
from pathlib import Path

from stepping_stones.app import create_app
from stepping_stones.config import Config
from stepping_stones.domain import bounds

API_DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"


def table_after(heading_text: str, first_column: str) -> list[list[str]]:
    """The rows (lists of cells) of the markdown table whose header starts with `first_column`, after `heading_text`."""
    text = API_DOC.read_text(encoding="utf-8").split(heading_text, 1)[1]
    table = text.split(f"| {first_column} |", 1)[1].split("\n\n", 1)[0]
    return [[cell.strip() for cell in line.strip("|").split(" | ")] for line in table.splitlines()[2:]]


def documented_routes() -> set[tuple[str, str]]:
    """(method, path with `{}` for each parameter); `…/x` continues the previous path before its `/x`."""
    routes, previous = set(), ""
    for cell, *_ in table_after("# Calling the API", "Route"):
        for span in re.findall(r"`([A-Z/]+) ([^`\s]+)`", cell):
            methods, path = span[0].split("/"), span[1].split("?")[0]
            if path.startswith("…"):
                rest = path[1:]
                path = previous[:previous.index("/" + rest.split("/")[1])] + rest
            previous = path
            routes |= {(method, re.sub(r"\{\w+\}", "{}", path)) for method in methods}
    return routes


def served_routes() -> set[tuple[str, str]]:
    app = create_app({"SETTINGS": Config()})
    return {(method, re.sub(r"<(?:\w+:)?\w+>", "{}", rule.rule))
            for rule in app.url_map.iter_rules() if rule.rule.startswith("/v1")
            for method in rule.methods - {"HEAD", "OPTIONS"}}


def test_the_route_table_lists_every_served_route_and_method_and_no_other():
    documented, served = documented_routes(), served_routes()
    assert (sorted(served - documented), sorted(documented - served)) == ([], [])


def test_the_bounds_table_lists_every_bound_with_its_limit():
    rows = table_after("**Bounds on what a client can add.**", "Bound (`fields` name)")
    listed = [(re.search(r"\(`(\w+)`\)", bound).group(1), int(limit.replace(",", ""))) for bound, limit, _ in rows]
    assert listed == [(bound.name, bound.limit) for bound in bounds.ALL]
