"""Each task's operating point: the student size at which the board reads the TSC Score, as the
validity study chose it, and the file that carries the choice from the study to the board.

The point is a reporting setting, not part of a cell's spec: the task's `reference_student`
(benchmark.toml) is in every cell key, so moving it there would orphan every stored result. The
board instead reads the study's choice from this file (`tscbench leaderboard --operating-points
FILE`); stored results are re-read at the new point and nothing is re-run. A task the file does
not name, or names without a size (too little evidence), keeps its own rule.

The rule itself lives with the study (report/validity.py `operating_point`) and reads only the
diagnostic families, never a contender's result. This module holds the choice as data and
checks the file on read: a bad file is a one-line ConfigError naming the field.
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tscbench.errors import ConfigError

FORMAT = "tscbench operating points 1"


@dataclass(frozen=True)
class OperatingPoint:
    """The rule's reading of one task: adjacent diagnostic levels the TSC Score resolves at each
    student size, how many a size needs to be beyond chance, and the size chosen (None: no size
    reached it, so the task keeps its own rule)."""

    task: str
    size: int | None
    resolved: Mapping[int, int]  # student size -> adjacent levels resolved
    pairs: int  # adjacent levels compared at each size
    needed: int  # the fewest resolved levels that chance alone gives less than 5% of the time
    # synthetic budget below 1x -> student size -> levels resolved there (where studied)
    at_budgets: Mapping[float, Mapping[int, int]] = field(default_factory=dict)

    @property
    def best(self) -> tuple[int, float] | None:
        """The (size, budget) resolving the most levels over 1x and the studied budgets, ties
        to the larger budget, then the larger size; None when no count is beyond chance."""
        counts = {(k, 1.0): c for k, c in self.resolved.items()}
        counts |= {(k, b): c for b, per in self.at_budgets.items() for k, c in per.items()}
        top = max(counts.values())
        if top < self.needed:
            return None
        return max((point for point, c in counts.items() if c == top),
                   key=lambda point: (point[1], point[0]))

    def to_json(self) -> dict[str, Any]:
        out = {"size": self.size,
               "resolved": {str(k): self.resolved[k] for k in sorted(self.resolved)},
               "pairs": self.pairs, "needed": self.needed}
        if self.at_budgets:  # left out when none were studied: older files keep their bytes
            out["budgets"] = {f"{b:g}": {str(k): per[k] for k in sorted(per)}
                              for b, per in sorted(self.at_budgets.items())}
        return out


def points_text(points: Mapping[str, OperatingPoint], benchmark_version: str, rule: str) -> str:
    """The file's text (written by the caller, atomically): tasks and sizes in order, so the
    same study gives the same bytes."""
    doc = {"format": FORMAT, "benchmark_version": benchmark_version, "rule": rule,
           "tasks": {name: points[name].to_json() for name in sorted(points)}}
    return json.dumps(doc, indent=1) + "\n"


def read_points(path: Path) -> tuple[str, dict[str, OperatingPoint]]:
    """(benchmark version, task -> point) from a file `write_points` wrote."""
    where = f"--operating-points {path}"
    try:
        doc = json.loads(Path(path).read_text())
    except FileNotFoundError:
        raise ConfigError(f"{where}: no such file; `tscbench study` writes it beside its page") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(f"{where}: not readable JSON ({exc}); regenerate it with "
                          f"`tscbench study`") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ConfigError(f"{where}: not an operating-points file (format is not {FORMAT!r}); "
                          f"regenerate it with `tscbench study`")
    version, tasks = doc.get("benchmark_version"), doc.get("tasks")
    if not isinstance(version, str) or not isinstance(tasks, dict):
        raise ConfigError(f"{where}: benchmark_version must be text and tasks an object")
    return version, {name: _point(where, name, one) for name, one in tasks.items()}


def _point(where: str, name: str, doc: Any) -> OperatingPoint:
    def whole(value: Any, field: str, low: int) -> int:
        if type(value) is not int or value < low:
            raise ConfigError(f"{where}: tasks.{name}.{field} = {value!r} is not a whole "
                              f"number >= {low}")
        return value

    if not isinstance(doc, dict) or not isinstance(doc.get("resolved"), dict):
        raise ConfigError(f"{where}: tasks.{name} must be an object with a 'resolved' object")
    try:
        resolved = {int(k): whole(v, f"resolved.{k}", 0) for k, v in doc["resolved"].items()}
    except ValueError:
        raise ConfigError(f"{where}: tasks.{name}.resolved has a key that is not a student "
                          f"size") from None
    size = doc.get("size")
    if size is not None and whole(size, "size", 1) not in resolved:
        raise ConfigError(f"{where}: tasks.{name}.size = {size} is not one of the sizes it "
                          f"resolved levels at ({sorted(resolved)})")
    return OperatingPoint(name, size, resolved, whole(doc.get("pairs"), "pairs", 0),
                          whole(doc.get("needed"), "needed", 0),
                          _budgets(where, name, doc.get("budgets", {}), whole))


def _budgets(where: str, name: str, doc: Any, whole) -> dict[float, dict[int, int]]:
    """The optional `budgets` object: budget -> student size -> levels resolved."""
    bad = ConfigError(f"{where}: tasks.{name}.budgets must map budgets below 1 (e.g. \"0.1\") "
                      f"to objects of student size -> levels resolved")
    if not isinstance(doc, dict):
        raise bad
    out = {}
    for budget, per in doc.items():
        try:
            share, sizes = float(budget), {int(k): v for k, v in per.items()}
        except (AttributeError, ValueError):
            raise bad from None
        if not 0 < share < 1:
            raise bad
        out[share] = {k: whole(v, f"budgets.{budget}.{k}", 0) for k, v in sizes.items()}
    return out


def board_points(points: Mapping[str, OperatingPoint] | None, version: str | None,
                 board_version: str, ladders: Mapping[str, tuple[int, ...]]
                 ) -> dict[str, OperatingPoint]:
    """The points a board applies: those with a size, checked against the board's benchmark
    version and each task's student ladder (a point off the ladder is a one-line error)."""
    if not points:
        return {}
    if version != board_version:
        raise ConfigError(f"--operating-points: the study ran benchmark version {version!r}, the "
                          f"board's results are version {board_version!r}; re-run the study")
    chosen = {name: p for name, p in points.items() if p.size is not None and name in ladders}
    for name, point in chosen.items():
        if point.size not in ladders[name]:
            raise ConfigError(f"--operating-points: {name}'s size {point.size} is not on its "
                              f"student ladder {list(ladders[name])}; re-run the study")
    return chosen
