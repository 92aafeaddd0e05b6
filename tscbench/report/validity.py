"""The validity study: what each measure sees of defects of known size.

Each diagnostic family (generators/degradations.py) degrades the train set along one knob whose
effect on quality is known before any run. For every task, family and measure this module reads
how the measure moves along the knob:

* **order**: Spearman's rank correlation between the knob's levels (oriented so that larger is
  worse data) and the measure (oriented so that larger is worse by the measure's own reading),
  per seed, then averaged over seeds. +1: the measure ranks the levels exactly as they are.
* **resolution**: the share of adjacent knob levels the measure tells apart, in the right
  direction: a 95% paired t interval over seeds of the per-seed difference that excludes zero.

and gives one verdict per (measure, family): *resolves* (order >= ORDERS and at least half the
adjacent levels resolved), *orders* (order >= ORDERS), *reversed* (order <= -ORDERS) or *blind*.
The thresholds are fixed here, before any run.

For the two distortion families it also asks whether a measure tells *where* the distortion
is: at each noise level, the same amount of noise on the columns a forest finds most important
against the least important ones (paired by seed).

The operating-point rule reads only these diagnostics: per task, the student size at which the
TSC Score resolves the most adjacent levels of the quality families (copying excluded: it is a
privacy defect, not a fidelity one), ties going to the larger size, provided that count is more
than chance gives (`needed`); else the task keeps its own rule. No contender's result is read.
The board applies the choice through report/operating_points.py.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from scipy.stats import binom, spearmanr

from tscbench.protocol.result import Result
from tscbench.report.headline import is_floor, lift, over_floor, tsc
from tscbench.report.operating_points import OperatingPoint
from tscbench.report.stats import paired_t

ORDERS = 0.8  # mean Spearman correlation a measure needs to "order" a family
CONFIDENCE = 0.95


@dataclass(frozen=True)
class Family:
    label: str
    generator: str
    knob: str
    worse_when_larger: bool
    fixed: Mapping[str, Any] = field(default_factory=dict)
    quality: bool = True  # False: a defect of privacy, not of fit (copying)

    def holds(self, result: Result) -> bool:
        params = dict(result.generator.params)
        return (result.generator.name == self.generator and self.knob in params
                and all(params.get(k) == v for k, v in self.fixed.items()))


FAMILIES = (
    Family("diversity (fewer distinct rows)", "diag_diversity", "distinct", False),
    Family("coverage (regions missing)", "diag_coverage", "dropped", True),
    Family("distortion, important columns", "diag_distortion", "noise", True,
           {"features": "important"}),
    Family("distortion, unimportant columns", "diag_distortion", "noise", True,
           {"features": "unimportant"}),
    Family("class balance (shares moved)", "diag_balance", "skew", True),
    Family("copying (share of train rows)", "diag_copying", "copied", True, quality=False),
)


@dataclass(frozen=True)
class Measure:
    label: str
    badness: Callable[[Result, Mapping[int, float] | None], float | None]  # larger: worse


def _fidelity(name: str, sign: float) -> Callable:
    def read(result, floor):
        value = None if result.fidelity is None else result.fidelity.metric(name)
        return None if value is None else sign * value
    return read


def _detection(result, floor):
    auc = None if result.fidelity is None else result.fidelity.detection_auc
    return None if auc is None else abs(auc - 0.5)  # 0.5: a classifier cannot tell them apart


def _memorisation(result, floor):
    return None if result.memorisation is None else result.memorisation.closer_than_test


def measures_for(sizes: Sequence[int], budgets: Sequence[float] = ()) -> list[Measure]:
    """Every measure the project reports, for a task with student ladder `sizes` and synthetic
    `budgets` below 1x (the TSC Score at each size and budget: `tsc_label`)."""
    largest = max(sizes)
    out = [Measure(tsc_label(k, b), lambda r, f, k=k, b=b: -tsc(r, k, b))
           for b in (None, *budgets) for k in sorted(sizes)]
    out += [
        Measure("lift", lambda r, f: -lift(r, largest)),
        Measure("lift over floor", lambda r, f: None if f is None else -over_floor(r, f, largest)),
        Measure("FID", _fidelity("fid", 1.0)),
        Measure("KID", _fidelity("kid", 1.0)),
        Measure("precision", _fidelity("precision", -1.0)),
        Measure("recall", _fidelity("recall", -1.0)),
        Measure("IS", _fidelity("inception_score", -1.0)),
        Measure("detection AUC", _detection),
        Measure("column shapes", _fidelity("column_shapes", -1.0)),
        Measure("column pair trends", _fidelity("column_pair_trends", -1.0)),
        Measure("memorisation", _memorisation),
    ]
    return out


def tsc_label(size: int, budget: float | None = None) -> str:
    """"TSC @20" (1x: as many generated rows as train rows) or "TSC @20 0.1x"."""
    return f"TSC @{size}" + ("" if budget is None else f" {budget:g}x")


def parse_tsc_label(label: str) -> tuple[int, float | None] | None:
    """(size, budget or None for 1x) of a TSC measure's label; None for other measures."""
    if not label.startswith("TSC @"):
        return None
    size, _, budget = label.removeprefix("TSC @").partition(" ")
    return int(size), float(budget.removesuffix("x")) if budget else None


@dataclass(frozen=True)
class Reading:
    """One measure on one family of one task."""

    order: float | None  # mean over seeds of Spearman(knob, measure), both oriented to "worse"
    resolved: int  # adjacent levels told apart in the right direction
    pairs: int  # adjacent levels compared

    @property
    def verdict(self) -> str:
        return verdict(self.order, self.resolved, self.pairs)


def verdict(order: float | None, resolved: int, pairs: int) -> str:
    if order is None:
        return "n/a"
    if order >= ORDERS:
        return "resolves" if pairs and resolved * 2 >= pairs else "orders"
    return "reversed" if order <= -ORDERS else "blind"


@dataclass
class TaskStudy:
    task: str
    sizes: tuple[int, ...]
    seeds: tuple[int, ...]
    readings: dict[tuple[str, str], Reading]  # (measure, family label) -> reading
    relevance: dict[str, tuple[int, int]]  # measure -> (levels where important is worse, levels)
    budgets: tuple[float, ...] = ()  # synthetic budgets below 1x every cell of the task holds


def study(results: Iterable[Result]) -> dict[str, TaskStudy]:
    """Task name -> what each measure sees of each family, from ok results only; tasks whose
    study is not complete yet (`incomplete`) are left out, never read from part of their cells."""
    by_task = _ok_by_task(results)
    return {task: _study_task(task, cells) for task, cells in sorted(by_task.items())
            if _missing(cells) is None}


def incomplete(results: Iterable[Result]) -> dict[str, str]:
    """Task name -> what its study still lacks, for tasks a run has started but not finished
    (a folder mid-run): each family at MIN_LEVELS levels or more, every level and the noise
    floor at every seed the task has."""
    return {task: why for task, cells in sorted(_ok_by_task(results).items())
            if (why := _missing(cells)) is not None}


MIN_LEVELS = 4  # levels a family needs: the "at least 4", our runs have 5


def _ok_by_task(results: Iterable[Result]) -> dict[str, list[Result]]:
    by_task: dict[str, list[Result]] = defaultdict(list)
    for result in results:
        if result.ok:
            by_task[result.task.name].append(result)
    return by_task


def _missing(cells: list[Result]) -> str | None:
    seeds = {r.seed for r in cells}
    floors = {r.seed for r in cells if is_floor(r)}
    if floors != seeds:
        return f"the noise floor at seeds {sorted(seeds - floors)}"
    for family in FAMILIES:
        grid = _grid(family, cells)
        short = [level for level, by_seed in grid.items() if set(by_seed) != seeds]
        if len(grid) < MIN_LEVELS or short:
            return (f"{len(cells)} cells so far; {family.label} has {len(grid)} levels "
                    f"({MIN_LEVELS} needed), {len(short)} of them short of seeds {sorted(seeds)}")
    return None


def _study_task(task: str, cells: list[Result]) -> TaskStudy:
    sizes = tuple(cells[0].task.students)
    floors = {r.seed: {k: r.score("train+synthetic", k) for k in sizes}
              for r in cells if is_floor(r)}
    budgets = tuple(sorted(set.intersection(*(set(r.task.budgets) for r in cells))))
    measures = measures_for(sizes, budgets)
    readings, seeds = {}, set()
    curves = {}
    for family in FAMILIES:
        grid = _grid(family, cells)  # level -> seed -> result
        if len(grid) < 2:
            continue
        seeds |= {s for by_seed in grid.values() for s in by_seed}
        for measure in measures:
            curve = _curve(grid, measure, floors, family.worse_when_larger)
            curves[measure.label, family.label] = curve
            readings[measure.label, family.label] = _read(curve)
    relevance = {m.label: _relevance(curves.get((m.label, FAMILIES[2].label)),
                                     curves.get((m.label, FAMILIES[3].label)))
                 for m in measures}
    return TaskStudy(task, sizes, tuple(sorted(seeds)), readings, relevance, budgets)


def _grid(family: Family, cells: list[Result]) -> dict[float, dict[int, Result]]:
    grid: dict[float, dict[int, Result]] = defaultdict(dict)
    for result in cells:
        if family.holds(result):
            grid[float(dict(result.generator.params)[family.knob])][result.seed] = result
    return dict(grid)


def _curve(grid, measure: Measure, floors, worse_when_larger: bool) -> list[dict[int, float]]:
    """Per level, best level first: seed -> the measure's badness (seeds that measured it)."""
    levels = sorted(grid, reverse=not worse_when_larger)
    curve = []
    for level in levels:
        values = {}
        for seed, result in grid[level].items():
            value = measure.badness(result, floors.get(seed))
            if value is not None:
                values[seed] = value
        curve.append(values)
    return curve


def _read(curve: list[dict[int, float]]) -> Reading:
    seeds = set.intersection(*(set(level) for level in curve)) if curve else set()
    if not seeds:
        return Reading(None, 0, len(curve) - 1)
    orders = []
    for seed in sorted(seeds):
        values = [level[seed] for level in curve]
        if len(set(values)) > 1:
            orders.append(float(spearmanr(range(len(values)), values).statistic))
        else:
            orders.append(0.0)  # a measure that never moves orders nothing
    resolved = 0
    for before, after in pairwise(curve):
        gap = paired_t([after[s] - before[s] for s in sorted(seeds)], CONFIDENCE)
        resolved += bool(gap.low is not None and gap.low > 0)
    return Reading(sum(orders) / len(orders), resolved, len(curve) - 1)


def _relevance(important, unimportant) -> tuple[int, int]:
    """Noise levels (the shared level 0 left out) where noise on the important columns reads
    clearly worse than the same noise on the unimportant ones."""
    if not important or not unimportant:
        return (0, 0)
    told, levels = 0, 0
    for worse, milder in list(zip(important, unimportant))[1:]:
        seeds = sorted(set(worse) & set(milder))
        if len(seeds) < 2:
            continue
        levels += 1
        gap = paired_t([worse[s] - milder[s] for s in seeds], CONFIDENCE)
        told += bool(gap.low > 0)
    return (told, levels)


def cost(results: Sequence[Result]) -> tuple[int, float]:
    """Cells and the seconds their phases took, as the results record them."""
    return len(results), sum(sum(r.runtime.get("timings", {}).values()) for r in results)


# ----------------------------------------------------------------------------- pooling
def pooled(studies: Mapping[str, TaskStudy]) -> dict[tuple[str, str], Reading]:
    """(measure, family) -> the reading pooled over tasks: mean order, summed resolutions. TSC
    sizes pool by ladder position (smallest, largest) since ladders differ between tasks."""
    pool: dict[tuple[str, str], list[Reading]] = defaultdict(list)
    for one in studies.values():
        for (measure, family), reading in one.readings.items():
            pool[_pooled_label(measure, one.sizes), family].append(reading)
    out = {}
    for key, readings in pool.items():
        orders = [r.order for r in readings if r.order is not None]
        out[key] = Reading(sum(orders) / len(orders) if orders else None,
                           sum(r.resolved for r in readings), sum(r.pairs for r in readings))
    return out


def _pooled_label(measure: str, sizes: Sequence[int]) -> str:
    if (parsed := parse_tsc_label(measure)) is None:
        return measure
    size, budget = parsed
    at = "" if budget is None else f", {budget:g}x"
    if size == max(sizes):
        return f"TSC, largest student{at}"
    return (f"TSC, smallest student{at}" if size == min(sizes) else
            f"TSC, middle students{at}")


# ----------------------------------------------------------------------------- operating point
#: what `operating_point` reads, in the words the page and the points file use
RULE = ("the student size whose TSC Score resolves the most adjacent levels of the quality "
        "families (copying excluded), ties to the larger size; only when that count is beyond "
        "chance (a Binomial(pairs, 0.025) upper tail below 5%), else the task keeps its own rule. "
        "Reads the diagnostic families only, never a contender.")
CHANCE = 0.05
#: what the budget axis reads: the same counts at each synthetic budget, the best (size, budget)
BUDGET_RULE = ("At synthetic budgets below 1x (students on that share of train rows in "
               "generated inputs, normalised by students on as many train rows) the same counts "
               "name the study's best (size, budget), ties to the larger budget, then the larger "
               "size. The board's cells hold 1x only, so the board reads the size chosen at 1x; "
               "where the best budget is below 1x the page says so.")


def needed(pairs: int) -> int:
    """The fewest resolved levels out of `pairs` that chance alone reaches less than CHANCE of
    the time. A pair "resolves" when one side of a 95% interval excludes zero in the right
    direction: 2.5% of the time for a measure blind to the knob. Treating the pairs as
    independent is an approximation (adjacent pairs share a level, families share seeds)."""
    return next(c for c in range(pairs + 2) if binom.sf(c - 1, pairs, 0.025) < CHANCE)


def operating_point(one: TaskStudy) -> OperatingPoint:
    """The task's point by RULE, with the count per size it read; where the task's cells hold
    synthetic budgets below 1x, the same counts at each budget beside it (BUDGET_RULE)."""
    counts, pairs = _resolved_per_size(one, None)
    best = max(counts.values())
    size = max(k for k, c in counts.items() if c == best) if best >= needed(pairs) else None
    at_budgets = {b: _resolved_per_size(one, b)[0] for b in one.budgets}
    return OperatingPoint(one.task, size, counts, pairs, needed(pairs), at_budgets)


def _resolved_per_size(one: TaskStudy, budget: float | None) -> tuple[dict[int, int], int]:
    """Student size -> adjacent levels of the quality families the TSC Score resolves at the
    synthetic budget (None: 1x), and the levels compared."""
    quality = [f.label for f in FAMILIES if f.quality]
    readings = {k: [one.readings[tsc_label(k, budget), label] for label in quality
                    if (tsc_label(k, budget), label) in one.readings] for k in one.sizes}
    counts = {k: sum(r.resolved for r in rs) for k, rs in readings.items()}
    return counts, max(sum(r.pairs for r in rs) for rs in readings.values())
