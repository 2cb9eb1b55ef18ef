"""Small pieces of the words people read: a number with its noun."""
from __future__ import annotations


def counted(n: int, one: str, many: str) -> str:
    """`n` with the singular or the plural: "1 practice", "3 practices"."""
    return f"{n} {one if n == 1 else many}"
