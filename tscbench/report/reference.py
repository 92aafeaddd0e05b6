"""Which student size a task's pages report, and the noise floor lifts are measured against.

The reference point. Tables: the largest ladder size (the paper's 20 trees). Images: the ladder
is passes of training, and early points are an under-trained regime where the real-data student
itself is poor (about 40% accurate on digits after 25 passes): there any set with a little
class structure looks as good as real data. The "plateau" rule reports the first ladder point
where the real-data student reaches PLATEAU_SHARE of the best score it gets anywhere on the
ladder (mean over the task's seeds): real data has taught most of what it can, and a synthetic
set must keep up with it there. Pages show the whole curve. The "resolved" rule, for tasks whose
largest size cannot tell noise from data (a small test split, an easy task where 20 trees learn
the teacher from anything): the largest ladder size where the noise floor lies clearly below real
data. "Clearly" is a paired t interval of their per-seed TSC gap that excludes zero at
1 - 0.05 / (ladder sizes) confidence (Bonferroni): the rule looks at every size, so a size that
clears an uncorrected 95% interval by chance would be picked too often. No such size: the
largest. The rule reads only the references, never a contender's score. A board may instead
read a task at the operating point the validity study chose from its diagnostic families
(report/operating_points.py); that choice, too, reads no contender.

The noise floor. A teacher-labelled point anywhere helps a bagged forest student, so the raw
GAN-TSC lift mixes "more labelled points" with "points where the data is". Lift over the floor
is the generator's train+synthetic score minus that of the floor (headline.FLOOR: `noise` at
scale 1.0, as its results record it) of the same task and seed: what the generator adds beyond
any extra labelled points.

References. Copies of the train set (`real`, `bootstrap`) score like the train set and the noise
floor knows nothing of the data: they frame the scale of a task, so boards show them apart and
rank only generators that make new data.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from tscbench.protocol.result import Result
from tscbench.report.headline import is_ceiling, is_floor, tsc
from tscbench.report.operating_points import OperatingPoint
from tscbench.report.stats import Paired, paired_t
from tscbench.specs import TaskSpec

PLATEAU_SHARE = 0.97
RESOLVED_CONFIDENCE = 0.95  # family-wise, over the ladder

#: Rows that frame the scale rather than compete: shown on every board, never ranked. `real` is
#: the train set itself (the TSC Score's 1.0), `bootstrap` copies of it, `noise` the floor that
#: knows nothing of the data; `prototypes` and the `diag_*` families (generators/degradations.py)
#: are diagnostics: the train set degraded by a known amount, to show what each measure sees.
REFERENCES = {
    "real": "the train rows themselves: the ceiling, 1.0 by construction",
    "bootstrap": "train rows drawn with replacement: copies, not new data",
    "noise": "independent Gaussian per column: the floor",
    "prototypes": "a few typical train rows per class, repeated: a diagnostic",
    "diag_diversity": "a share of the train rows, repeated: a diagnostic of diversity",
    "diag_coverage": "train rows with whole k-means regions missing: a diagnostic of coverage",
    "diag_distortion": "noise on the most or least important columns: a diagnostic of fidelity",
    "diag_balance": "train rows with class shares moved: a diagnostic of class balance",
    "diag_copying": "exact train rows beside noisy ones: a diagnostic of copying",
}


def is_reference(generator: str) -> bool:
    """Whether a generator frames the scale (shown, not ranked) rather than competes."""
    return generator in REFERENCES


def reference_size(task: TaskSpec, train_scores: Mapping[int, Mapping[int, float]],
                   gaps: Mapping[int, Mapping[int, float]] | None = None,
                   point: OperatingPoint | None = None) -> int:
    """The task's reference student size: the validity study's operating `point` where it has
    a size, else the task's rule, given seed -> size -> real-data student score and (for the
    "resolved" rule) size -> seed -> the floor's gap to real data (`floor_gaps`)."""
    if point is not None and point.size is not None:
        return point.size
    if task.reference_student == "resolved":
        return resolved_size(task.students, gaps or {})
    if task.reference_student != "plateau":
        return int(task.reference_student)
    if not train_scores:
        return max(task.students)
    means = real_data_curve(task, train_scores)
    best = max(means.values())
    return min(k for k, mean in means.items() if mean >= PLATEAU_SHARE * best)


def real_data_curve(task: TaskSpec, train_scores: Mapping[int, Mapping[int, float]]
                    ) -> dict[int, float]:
    """Size -> mean over seeds of the real-data student's score (what the plateau rule reads)."""
    return {k: sum(s[k] for s in train_scores.values()) / len(train_scores)
            for k in task.students}


def resolved_size(sizes, gaps: Mapping[int, Mapping[int, float]]) -> int:
    """The largest size whose floor gap is clearly above zero across the ladder (Bonferroni),
    else the largest size."""
    confidence = 1 - (1 - RESOLVED_CONFIDENCE) / len(sizes)
    clear = [k for k in sizes if len(gaps.get(k, {})) > 1
             and (gap := paired_t(list(gaps[k].values()), confidence)).low is not None
             and gap.low > 0]
    return max(clear or sizes)


def floor_gaps(results: Iterable[Result]) -> dict[int, dict[int, float]]:
    """Size -> seed -> per-seed TSC Score of `real` minus that of the `noise` floor (both at
    default settings) on one task: how far data lies above no data at each student size."""
    results = list(results)
    ceiling = {r.seed: r for r in results if r.ok and is_ceiling(r)}
    floor = {r.seed: r for r in results if r.ok and is_floor(r)}
    seeds = sorted(set(ceiling) & set(floor))
    if not seeds:
        return {}
    return {k: {s: tsc(ceiling[s], k) - tsc(floor[s], k) for s in seeds}
            for k in ceiling[seeds[0]].task.students}


def gap_at(gaps: Mapping[int, Mapping[int, float]], size: int, confidence: float) -> Paired | None:
    """The floor gap at one size with its paired t interval, or None without results."""
    values = list(gaps.get(size, {}).values())
    return paired_t(values, confidence) if values else None


def reference_sizes(results: Iterable[Result],
                    points: Mapping[str, OperatingPoint] | None = None) -> dict[str, int]:
    """Task name -> reference size, from the operating `points` (report/operating_points.py)
    where they name the task, else from the real-data students and references of every ok
    cell."""
    tasks: dict[str, TaskSpec] = {}
    train: dict[str, dict[int, Mapping[int, float]]] = defaultdict(dict)
    by_task: dict[str, list[Result]] = defaultdict(list)
    for r in results:
        tasks[r.task.name] = r.task
        by_task[r.task.name].append(r)
        if r.ok:
            train[r.task.name][r.seed] = r.train_scores
    return {name: reference_size(task, train[name], floor_gaps(by_task[name]),
                                 (points or {}).get(name))
            for name, task in tasks.items()}


def floor_scores(results: Iterable[Result]) -> dict[tuple[str, int], Mapping[int, float]]:
    """(task, seed) -> size -> train+synthetic score of the noise floor (the `noise` generator
    at its default settings); empty where no such cell ran."""
    return {(r.task.name, r.seed): r.students["train+synthetic"] for r in results
            if r.ok and is_floor(r)}
