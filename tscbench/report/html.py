"""HTML that no value can break: every text escaped, every table built the same way.

Tables are sortable (a button per header, see site_assets/site.js) and may carry filters. The
sort key of a cell is its number where it has one (`Cell.value`), else its text; "-" sorts last.
"""
from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass


def esc(value: object) -> str:
    return html.escape(str(value), quote=True)


@dataclass(frozen=True)
class Cell:
    text: str  # plain text, escaped when written
    value: float | None = None  # the sort key, where the cell is a number
    href: str | None = None  # a link around the text
    strong: bool = False  # the best on its task
    note: str = ""  # plain text after the main text (e.g. "tied", "copies")
    swatch: str = ""  # a colour square before the text ("#rrggbb"); "ref:" prefix: a reference

    def html(self) -> str:
        body = esc(self.text)
        if self.href:
            body = f'<a href="{esc(self.href)}">{body}</a>'
        if self.strong:
            body = f"<strong>{body}</strong>"
        if self.swatch:
            reference = self.swatch.startswith("ref:")
            colour = self.swatch.removeprefix("ref:")
            kind = "swatch reference" if reference else "swatch"
            body = f'<span class="{kind}" style="--c:{esc(colour)}" aria-hidden="true"></span>{body}'
        if self.note:
            body += f' <span class="note">{esc(self.note)}</span>'
        value = "" if self.value is None else f' data-value="{self.value!r}"'
        return f"<td{value}>{body}</td>"


def as_cell(value: object) -> Cell:
    return value if isinstance(value, Cell) else Cell(str(value))


def table(table_id: str, caption: str, header: Sequence[str], rows: Sequence[Sequence[object]],
          *, filters: Sequence[int] = (), search: bool = True) -> str:
    """A sortable table; `filters`: column indexes that get a drop-down of their values; `search`:
    a text box that keeps the rows containing its text."""
    head = "".join(f'<th scope="col"><button type="button">{esc(h)}</button></th>' for h in header)
    body = "\n".join("<tr>" + "".join(as_cell(v).html() for v in row) + "</tr>" for row in rows)
    controls = _controls(table_id, header, rows, filters, search)
    return (f'<figure class="table">{controls}<div class="scroll">'
            f'<table id="{esc(table_id)}" class="sortable"><caption>{esc(caption)}</caption>'
            f"<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody></table></div></figure>")


def _controls(table_id: str, header, rows, filters, search: bool) -> str:
    if not search and not filters:
        return ""
    parts = []
    for column in filters:
        options = sorted({as_cell(row[column]).text for row in rows})
        choices = "".join(f'<option value="{esc(o)}">{esc(o)}</option>' for o in options)
        parts.append(f'<label>{esc(header[column])} <select data-column="{column}">'
                     f'<option value="">all</option>{choices}</select></label>')
    if search:
        parts.append('<label>filter <input type="search" placeholder="text in any cell"></label>')
    return (f'<div class="controls" data-table="{esc(table_id)}">{"".join(parts)}'
            f'<output aria-live="polite"></output></div>')


def page(title: str, body: str, nav: Sequence[tuple[str, str]]) -> str:
    """A whole page: the shared stylesheet and script, a skip link and the site's navigation."""
    links = " ".join(f'<a href="{esc(href)}">{esc(text)}</a>' for text, href in nav)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n"
        '<link rel="stylesheet" href="site.css">\n<script src="site.js" defer></script>\n'
        "</head>\n<body>\n"
        '<a class="skip" href="#main">skip to content</a>\n'
        f'<nav aria-label="site">{links}</nav>\n'
        f'<main id="main">\n<h1>{esc(title)}</h1>\n{body}\n</main>\n'
        "</body>\n</html>\n"
    )


def para(text: str) -> str:
    return f"<p>{esc(text)}</p>"


def heading(text: str, level: int = 2, anchor: str = "") -> str:
    ident = f' id="{esc(anchor)}"' if anchor else ""
    return f"<h{level}{ident}>{esc(text)}</h{level}>"


def bullets(items: Sequence[str]) -> str:
    """A list of items already written as HTML."""
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def image(src: str, alt: str) -> str:
    return f'<img src="{esc(src)}" alt="{esc(alt)}" loading="lazy">'


def link(text: str, href: str) -> str:
    return f'<a href="{esc(href)}">{esc(text)}</a>'
