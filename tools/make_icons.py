"""Draws the companion app's icons (web/app/icons/*.png, *.svg): three stepping stones on a calm green.

Run once by hand (`.venv/bin/python -m tools.make_icons`); the PNGs are committed. Pure Python: no imaging library.
"""
from __future__ import annotations

import struct
import zlib
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "web" / "app" / "icons"
BACKGROUND = (0x1F, 0x5C, 0x4F)
STONE = (0xF3, 0xEE, 0xE2)
# Stones as (centre x, centre y, radius x, radius y), in units of the icon's size; inside the maskable safe zone.
STONES = ((0.32, 0.66, 0.12, 0.075), (0.52, 0.50, 0.11, 0.07), (0.70, 0.35, 0.10, 0.065))


def pixel(x: float, y: float) -> tuple[int, int, int]:
    for cx, cy, rx, ry in STONES:
        if ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1.0:
            return STONE
    return BACKGROUND


def png(size: int) -> bytes:
    rows = bytearray()
    for j in range(size):
        rows.append(0)
        for i in range(size):
            rows.extend(pixel((i + 0.5) / size, (j + 0.5) / size))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(rows), 9))
            + chunk(b"IEND", b""))


def svg() -> str:
    stones = "".join(f'<ellipse cx="{cx * 512:g}" cy="{cy * 512:g}" rx="{rx * 512:g}" ry="{ry * 512:g}"/>'
                     for cx, cy, rx, ry in STONES)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512"><rect width="512" height="512" '
            f'fill="#{"".join(f"{c:02x}" for c in BACKGROUND)}"/><g fill="#{"".join(f"{c:02x}" for c in STONE)}">'
            f"{stones}</g></svg>\n")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        (OUT / f"icon-{size}.png").write_bytes(png(size))
    (OUT / "icon.svg").write_text(svg())


if __name__ == "__main__":
    main()
