"""`make schemas`: write schemas/openapi.json and schemas/json/*.json from the app's own schemas."""
from __future__ import annotations

from pathlib import Path

from stepping_stones.app import create_app
from stepping_stones.config import Config

from .openapi import build_spec, json_schemas, render

OUT = Path(__file__).resolve().parents[1] / "schemas"


def generated_files() -> dict[Path, str]:
    document = build_spec(create_app({"SETTINGS": Config()}))
    files = {OUT / "openapi.json": render(document)}
    for name, schema in json_schemas(document).items():
        files[OUT / "json" / f"{name}.json"] = render(schema)
    return files


def main() -> None:
    files = generated_files()
    (OUT / "json").mkdir(parents=True, exist_ok=True)
    for stale in set((OUT / "json").glob("*.json")) - set(files):
        stale.unlink()
    for path, text in files.items():
        path.write_text(text)
    print(f"Wrote {len(files)} files under {OUT.relative_to(Path.cwd()) if OUT.is_relative_to(Path.cwd()) else OUT}")


if __name__ == "__main__":
    main()
