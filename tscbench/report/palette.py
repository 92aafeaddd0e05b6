"""One look per generator, the same on every plot and page of a board.

Contenders take the 20 Tableau colours (matplotlib's "tab20") in the order of their names over
the whole board, so a generator keeps its colour from task to task and in the HTML site.
References (real, bootstrap, the noise floor, the diagnostics) are drawn apart: greys, dashed or
dotted lines, markers of their own. Past 20 contenders the colours repeat with another line style
and marker, so no two series look alike.
"""
from __future__ import annotations

from dataclasses import dataclass

from tscbench.report.reference import is_reference

TAB20 = ("#1f77b4", "#aec7e8", "#ff7f0e", "#ffbb78", "#2ca02c", "#98df8a", "#d62728", "#ff9896",
         "#9467bd", "#c5b0d5", "#8c564b", "#c49c94", "#e377c2", "#f7b6d2", "#7f7f7f", "#c7c7c7",
         "#bcbd22", "#dbdb8d", "#17becf", "#9edae5")
_LINES, _MARKERS = ("-", "--", ":", "-."), ("o", "s", "^", "D")
_REFERENCE_LOOKS = (("#000000", "--", "*"), ("#505050", "--", "x"), ("#808080", ":", "v"),
                    ("#a0a0a0", "-.", "P"))
_REFERENCE_ORDER = ("real", "bootstrap", "noise", "prototypes")


@dataclass(frozen=True)
class Look:
    color: str  # "#rrggbb"
    line: str  # matplotlib line style
    marker: str  # matplotlib marker
    reference: bool

    def matplotlib(self) -> dict:
        return {"color": self.color, "ls": self.line, "marker": self.marker}


def board_looks(names) -> dict[str, Look]:
    """{generator name: Look} for every name on a board (contenders and references)."""
    names = sorted(set(names))
    contenders = [n for n in names if not is_reference(n)]
    references = sorted((n for n in names if is_reference(n)),
                        key=lambda n: (_REFERENCE_ORDER.index(n) if n in _REFERENCE_ORDER
                                       else len(_REFERENCE_ORDER), n))
    looks = {name: Look(TAB20[i % 20], _LINES[i // 20 % 4], _MARKERS[i // 20 % 4], False)
             for i, name in enumerate(contenders)}
    for i, name in enumerate(references):
        color, line, marker = _REFERENCE_LOOKS[i % len(_REFERENCE_LOOKS)]
        looks[name] = Look(color, line, marker, True)
    return looks
