"""Results -> per-task standings: who is best, by how much, and how sure we are.

Refuses to put side by side what is not comparable: different benchmark versions, quick and full
runs, or different teachers (hashes) or task specs for the same task and seed.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from tscbench.errors import ResultsError
from tscbench.hashing import canonical_json
from tscbench.protocol.modality import MODALITIES, Modality, get_modality
from tscbench.protocol.result import DataInfo, Result, TrainedTeacher
from tscbench.report.comparison import Resolution, average_ranks, paired_difference, resolution
from tscbench.report.headline import CEILING, FLOOR, ReferenceRow, tsc
from tscbench.report.operating_points import OperatingPoint
from tscbench.report.reference import floor_gaps, is_reference, reference_size
from tscbench.report.stats import Paired
from tscbench.report.summary import Summary, summarize
from tscbench.specs import TaskSpec


@dataclass
class Row:
    summary: Summary
    version: str
    params: dict
    per_seed_tsc: dict[int, float]  # synthetic score of the seed / train score of that seed
    difference: Paired | None = None  # to the best contender; None for the best and references
    to_floor: Paired | None = None  # contenders: to the noise floor (its default settings)
    to_ceiling: Paired | None = None  # references: to real data (None for real itself)
    grid: str | None = None  # image tasks: the sample grid of the lowest seed, in its results dir
    settings_tried: int = 1  # parameter settings of this generator on the task (a sweep)


# Why a task's memorisation column reads "-" (markdown and site say the same)
NO_SCALE_REASON = ("5% or more of its test rows repeat a train row, so the closest 5% of unseen "
                   "rows lie at distance 0, where float error, not the generator, would decide "
                   "the share (fidelity/memorisation.py). Exact copies are still counted and "
                   "flagged; near copies are not.")


@dataclass
class TaskStanding:
    name: str
    task: TaskSpec
    data: DataInfo | None  # split hash, sizes, metric (None when no cell succeeded)
    teachers: dict[int, TrainedTeacher]  # seed -> the teacher of the results
    train_scores: dict[int, dict[int, float]]  # seed -> size -> train-set student score
    reference_student: int  # the size the standings rank at (report/reference.py)
    rows: list[Row] = field(default_factory=list)  # contenders, ranked, best first; ok results
    references: list[Row] = field(default_factory=list)  # real, bootstrap, noise...: not ranked
    failures: list[Row] = field(default_factory=list)
    resolution: Resolution | None = None
    # size -> seed -> real's TSC minus the noise floor's (report/reference.py floor_gaps)
    floor_gaps: dict[int, dict[int, float]] = field(default_factory=dict)
    # the validity study's point, when the board reads the task there (else its own rule)
    operating_point: OperatingPoint | None = None

    @property
    def best(self) -> Row | None:
        return self.rows[0] if self.rows else None

    def reference(self, which: ReferenceRow) -> Row | None:
        """The row of a reference at the settings boards read it at (headline.FLOOR, CEILING),
        or None."""
        return next((row for row in self.references
                     if which.matches(row.summary.generator, row.params)), None)

    @property
    def memorisation_has_no_scale(self) -> bool:
        """True where every successful row's memorisation share is None: the split repeats so
        many train rows in its test rows that the share has no scale (fidelity/memorisation.py)."""
        rows = [row for row in self.all_rows if row.summary.seeds_ok]
        return bool(rows) and not any("closer_than_test" in row.summary.memorisation
                                      for row in rows)

    @property
    def all_rows(self) -> list[Row]:
        """Contenders, then references: every generator with results, for tables of measures."""
        return self.rows + self.references

    @property
    def ranked(self) -> bool:
        return self.resolution is None or self.resolution.ranked

    @property
    def modality(self) -> Modality:
        return get_modality(self.task.dataset.modality)


@dataclass(frozen=True)
class Provenance:
    """What every result on a board shares, and which versions made them."""

    benchmark_version: str
    quick: bool
    tscbench_versions: list[str]
    library_versions: list[str]  # canonical JSON of each distinct versions block


def check_comparable(results: list[Result]) -> Provenance:
    """The provenance shared by all results, or a ResultsError naming what differs."""
    if not results:
        raise ResultsError("no result files found; pass --results DIR with tscbench run output")
    _same(results, lambda r: r.benchmark_version, "benchmark versions",
          "render each version separately with --results")
    _same(results, lambda r: r.quick, "quick (--quick) and full runs",
          "leave the quick results out")
    by_task = defaultdict(list)
    for r in results:
        by_task[r.task.name].append(r)
    for task, group in by_task.items():
        _same(group, lambda r: canonical_json(r.task.to_dict()), f"task specs for {task!r}",
              "re-run them with one benchmark.toml")
        for seed in {r.seed for r in group}:
            ok = [r for r in group if r.seed == seed and r.ok]
            _same(ok, lambda r: r.teacher.sha256, f"teacher hashes for {task} seed {seed}",
                  "results from other library versions or teachers are never averaged; re-run")
    _same_generator_versions(results)
    _unique_cells(results)
    return Provenance(results[0].benchmark_version, results[0].quick,
                      sorted({r.tscbench_version for r in results}),
                      sorted({canonical_json(r.versions) for r in results}))


def _same_generator_versions(results: list[Result]) -> None:
    """A row averages the cells of one (generator, parameters); a new generator version changes
    its output without changing either, so two versions in one row would be averaged silently."""
    by_row = defaultdict(list)
    for r in results:
        by_row[r.generator_id].append(r)
    for (name, params_hash), group in sorted(by_row.items()):
        _same(group, lambda r: r.generator.version,
              f"versions of generator {name!r} ({params_hash})",
              "keep one version's results in a folder (re-run the old cells with the new version)")


def _same(results, key, what: str, fix: str) -> None:
    values = sorted({str(key(r)) for r in results})
    if len(values) > 1:
        shown = ", ".join(v if len(v) < 40 else v[:12] + "..." for v in values)
        raise ResultsError(f"results mix {what} ({shown}); {fix}")


def _unique_cells(results: list[Result]) -> None:
    seen: dict[str, str] = {}
    for r in results:
        body = canonical_json({k: v for k, v in r.to_json().items() if k != "runtime"})
        if seen.setdefault(r.cell_key, body) != body:
            raise ResultsError(f"two different results for one cell ({r.generator.name}, "
                               f"{r.task.name}, seed {r.seed}); keep one of them")


def standings(results: list[Result],
              points: Mapping[str, OperatingPoint] | None = None) -> list[TaskStanding]:
    """One standing per task, rows ranked by TSC Score at the reference student size: the
    operating point in `points` where it names the task (report/operating_points.py), else the
    task's own rule."""
    results = list({r.cell_key: r for r in results}.values())
    by_task = defaultdict(list)
    for r in results:
        by_task[r.task.name].append(r)
    return [_standing(name, group, (points or {}).get(name))
            for name, group in sorted(by_task.items())]


def _standing(name: str, results: list[Result], point: OperatingPoint | None) -> TaskStanding:
    ok = [r for r in results if r.ok]
    first = ok[0] if ok else results[0]
    train_scores = {r.seed: r.train_scores for r in ok}
    gaps = floor_gaps(ok)
    k = reference_size(first.task, train_scores, gaps, point)
    standing = TaskStanding(name, first.task, first.data, {r.seed: r.teacher for r in ok},
                            train_scores, k, floor_gaps=gaps, operating_point=point)
    meta = {r.generator_id: r.generator for r in results}
    for summary in summarize(results, {name: point} if point else None):
        ident = (summary.generator, summary.params_hash)
        mine = [r for r in ok if r.generator_id == ident]
        per_seed = {r.seed: tsc(r, k) for r in mine}
        grid = (min(mine, key=lambda r: r.seed).sample_grid
                if mine and get_modality(first.modality).keeps_sample_grid else None)
        row = Row(summary, meta[ident].version, dict(meta[ident].params), per_seed, grid=grid)
        if not summary.seeds_ok:
            standing.failures.append(row)
        elif summary.flag == "test rows":  # scored on rows it was given: never ranked
            summary.failures.append(_leak_reason(summary))
            standing.failures.append(row)
        else:
            (standing.references if is_reference(summary.generator) else standing.rows).append(row)
    order = lambda row: (-row.summary.tsc[k][0], row.summary.generator)  # noqa: E731
    standing.rows = sorted(_best_setting(standing.rows, k), key=order)
    standing.references.sort(key=order)
    for row in standing.rows[1:]:
        row.difference = paired_difference(row.per_seed_tsc, standing.rows[0].per_seed_tsc)
    ceiling, floor = standing.reference(CEILING), standing.reference(FLOOR)
    for row in standing.rows:
        row.to_floor = _difference_to(row, floor)
    for row in standing.references:
        row.to_ceiling = _difference_to(row, ceiling)
    standing.resolution = resolution(ceiling and ceiling.per_seed_tsc, floor and floor.per_seed_tsc,
                                     [row.difference for row in standing.rows[1:]])
    return standing


def _leak_reason(summary) -> str:
    memo = summary.memorisation
    share = lambda key: f"{memo[key][0]:.2f}" if key in memo else "-"  # noqa: E731
    return (f"not ranked: its samples use the test split that scores the students (test copies "
            f"{share('test_copies')}, nearest real row a test row for {share('nearer_test')} of "
            f"its rows)")


def _difference_to(row: Row, other: Row | None) -> Paired | None:
    """Paired per-seed TSC difference of `row` to `other` (None when `other` is missing or is
    the row itself)."""
    if other is None or row is other:
        return None
    return paired_difference(row.per_seed_tsc, other.per_seed_tsc)


def _best_setting(rows: list[Row], k: int) -> list[Row]:
    """One row per generator: of a sweep's settings, the best by TSC Score at size k (ties: the
    smaller parameter hash), with how many were tried."""
    by_name: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_name[row.summary.generator].append(row)
    best = []
    for group in by_name.values():
        top = min(group, key=lambda row: (-row.summary.tsc[k][0], row.summary.params_hash))
        top.settings_tried = len(group)
        best.append(top)
    return best


def overall_ranks(tasks: list[TaskStanding]) -> tuple[list[tuple[str, float, dict]], list[str]]:
    """(label, mean rank, {task: rank}) of the contenders present on every ranked task, best
    first; and the labels left out because they miss some task. References and unranked tasks
    (report/comparison.py Resolution) take no part."""
    per_task = {t.name: {label(r): r.summary.tsc[r.summary.reference_student][0] for r in t.rows}
                for t in tasks if t.ranked}
    everywhere = set.intersection(*(set(v) for v in per_task.values())) if per_task else set()
    ranks = {task: average_ranks({g: v for g, v in values.items() if g in everywhere})
             for task, values in per_task.items()}
    table = [(g, sum(r[g] for r in ranks.values()) / len(ranks), {t: r[g] for t, r in ranks.items()})
             for g in everywhere]
    table.sort(key=lambda item: (item[1], item[0]))
    missing = sorted(set().union(*(set(v) for v in per_task.values())) - everywhere) \
        if per_task else []
    return table, missing


def label(row: Row) -> str:
    """The generator's name, plus its parameter hash when it is not the default set."""
    return f"{row.summary.generator} ({row.summary.params_hash})"


def row_of(task: TaskStanding, gen_label: str) -> Row | None:
    """The row (contender or reference) of a generator label on a task, or None."""
    return next((r for r in task.all_rows if label(r) == gen_label), None)


def by_modality(tasks: list[TaskStanding]) -> list[tuple[str, list[TaskStanding]]]:
    """("Tabular tasks", [...]), ("Image tasks", [...]): tasks grouped as boards rank them."""
    groups = [(f"{m.name.capitalize()} tasks", [t for t in tasks if t.modality is m])
              for m in MODALITIES.values()]
    return [(title, group) for title, group in groups if group]


def teacher_mean(task: TaskStanding) -> float:
    """The teachers' mean test score over the task's seeds."""
    scores = [t.test_score for t in task.teachers.values()]
    return sum(scores) / len(scores)
