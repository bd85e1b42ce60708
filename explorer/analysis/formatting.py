"""Numbers and names as a page writes them (pure; no streamlit)."""
from __future__ import annotations

from typing import Sequence


def human_bytes(n: float) -> str:
    """1536 -> '1.50 KiB' (binary units, as memory is sized).

    >>> human_bytes(1536)
    '1.50 KiB'
    """
    for unit, size in (("TiB", 2**40), ("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if abs(n) >= size:
            return f"{n / size:.2f} {unit}"
    return f"{int(n)} B"


def human_count(n: float) -> str:
    """124439808 -> '124.4M'.

    >>> human_count(124439808)
    '124.4M'
    """
    for unit, size in (("T", 1e12), ("B", 1e9), ("M", 1e6), ("k", 1e3)):
        if abs(n) >= size:
            return f"{n / size:.1f}{unit}"
    return str(int(n))


def parse_head_labels(labels: Sequence[str]) -> frozenset[tuple[int, int]]:
    """{"L0H1", "L2H3"} -> {(0, 1), (2, 3)}."""
    heads = set()
    for label in labels:
        layer, head = label.removeprefix("L").split("H")
        heads.add((int(layer), int(head)))
    return frozenset(heads)
