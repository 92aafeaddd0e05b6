"""Which student size a task's pages report, and the noise floor lifts are measured against.

The reference point. Tables: the largest ladder size (the paper's 20 trees). Images: the ladder
is passes of training, and early points are an under-trained regime where the real-data student
itself is poor (about 40% accurate on digits after 25 passes): there any set with a little
class structure looks as good as real data. The "plateau" rule reports the first ladder point
where the real-data student reaches PLATEAU_SHARE of the best score it gets anywhere on the
ladder (mean over the task's seeds): real data has taught most of what it can, and a synthetic
set must keep up with it there. Pages show the whole curve.

The noise floor. A teacher-labelled point anywhere helps a bagged forest student, so the raw
GAN-TSC lift mixes "more labelled points" with "points where the data is". Lift over the floor
is the generator's train+synthetic score minus that of the `noise` generator (default settings)
of the same task and seed: what the generator adds beyond any extra labelled points.

References. Copies of the train set (`real`, `bootstrap`) score like the train set and the noise
floor knows nothing of the data: they frame the scale of a task, so boards show them apart and
rank only generators that make new data.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from tscbench.protocol.result import Result, TaskInfo

PLATEAU_SHARE = 0.97
FLOOR_GENERATOR = "noise"
CEILING_GENERATOR = "real"

#: Rows that frame the scale rather than compete: shown on every board, never ranked. `real` is
#: the train set itself (the TSC Score's 1.0), `bootstrap` copies of it, `noise` the floor that
#: knows nothing of the data; `prototypes` is a diagnostic of what each measure rewards.
REFERENCES = {
    "real": "the train rows themselves: the ceiling, 1.0 by construction",
    "bootstrap": "train rows drawn with replacement: copies, not new data",
    "noise": "independent Gaussian per column: the floor",
    "prototypes": "a few typical train rows per class, repeated: a diagnostic",
}


def is_reference(generator: str) -> bool:
    """Whether a generator frames the scale (shown, not ranked) rather than competes."""
    return generator in REFERENCES


def reference_size(task: TaskInfo, train_scores: Mapping[int, Mapping[int, float]]) -> int:
    """The task's reference student size, given seed -> size -> real-data student score."""
    if task.reference_student != "plateau":
        return int(task.reference_student)
    if not train_scores:
        return max(task.students)
    means = real_data_curve(task, train_scores)
    best = max(means.values())
    return min(k for k, mean in means.items() if mean >= PLATEAU_SHARE * best)


def real_data_curve(task: TaskInfo, train_scores: Mapping[int, Mapping[int, float]]
                    ) -> dict[int, float]:
    """Size -> mean over seeds of the real-data student's score (what the plateau rule reads)."""
    return {k: sum(s[k] for s in train_scores.values()) / len(train_scores)
            for k in task.students}


def reference_sizes(results: Iterable[Result]) -> dict[str, int]:
    """Task name -> reference size, from the real-data students of every ok cell."""
    tasks: dict[str, TaskInfo] = {}
    train: dict[str, dict[int, Mapping[int, float]]] = defaultdict(dict)
    for r in results:
        tasks[r.task.name] = r.task
        if r.ok:
            train[r.task.name][r.seed] = r.train_scores
    return {name: reference_size(task, train[name]) for name, task in tasks.items()}


def floor_scores(results: Iterable[Result]) -> dict[tuple[str, int], Mapping[int, float]]:
    """(task, seed) -> size -> train+synthetic score of the noise floor (the `noise` generator
    at its default settings); empty where no such cell ran."""
    defaults = default_params(FLOOR_GENERATOR)
    return {(r.task.name, r.seed): r.students["train+synthetic"] for r in results
            if r.ok and r.generator.name == FLOOR_GENERATOR and r.generator.params == defaults}


def default_params(generator: str) -> dict:
    """The default hyperparameters of a built-in reference generator (its tabular class; both
    modalities share them)."""
    from tscbench.generator import resolve_generator

    return resolve_generator(generator, "tabular").param_defaults()
