"""Markdown that no value can break: every cell is escaped, every table built the same way."""
from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

_BACKSLASHED = str.maketrans({c: "\\" + c for c in "\\*_[]#!~"})


def cell(value: object) -> str:
    """One table cell: HTML-escaped, pipes and backticks as entities, markdown syntax escaped."""
    text = " ".join(str(value).split())  # newlines and runs of spaces -> one space
    text = html.escape(text, quote=False).translate(_BACKSLASHED)
    return text.replace("|", "&#124;").replace("`", "&#96;")


def table(header: Sequence[str], rows: Iterable[Sequence[object]],
          align: Sequence[str] | None = None) -> str:
    """A GitHub table; `align` per column: "l" or "r". Cells are escaped unless pre-formatted
    with `raw()`."""
    align = align or ["l"] * len(header)
    lines = ["| " + " | ".join(_cell_or_raw(h) for h in header) + " |",
             "|" + "|".join("---:" if a == "r" else "---" for a in align) + "|"]
    for row in rows:
        lines.append("| " + " | ".join(_cell_or_raw(v) for v in row) + " |")
    return "\n".join(lines)


def _cell_or_raw(value: object) -> str:
    return value.text if isinstance(value, Raw) else cell(value)


class Raw:
    """Markdown we wrote ourselves (bold, links): inserted into a table as is."""

    def __init__(self, text: str):
        self.text = text


def raw(text: str) -> Raw:
    return Raw(text)
