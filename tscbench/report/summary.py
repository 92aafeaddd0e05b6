"""Per (generator, task): TSC Score and lift over seeds, at every student size."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from tscbench.protocol.result import FIDELITY_METRICS, Result
from tscbench.report.stats import lift, mean_se, tsc_score


@dataclass
class Summary:
    generator: str
    params_hash: str
    task: str
    reference_student: int
    seeds_ok: list[int] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # "seed 1: error in fit: ..."
    teacher_score: float | None = None
    # per student size: (mean, se) -- se is None with a single seed
    tsc: dict[int, tuple[float, float | None]] = field(default_factory=dict)
    lift: dict[int, tuple[float, float | None]] = field(default_factory=dict)
    means: dict[str, dict[int, tuple[float, float | None]]] = field(default_factory=dict)
    unit: str = "trees"  # what the student sizes count: trees, or passes on image tasks
    # IS / FID / KID of the synthetic candidate set: (mean, se) over seeds
    fidelity: dict[str, tuple[float, float | None]] = field(default_factory=dict)


def summarize(results: Iterable[Result]) -> list[Summary]:
    groups: dict[tuple, list[Result]] = defaultdict(list)
    for result in results:
        groups[(*result.generator_id, result.task.name)].append(result)
    return [_summarize_group(key, sorted(group, key=lambda r: r.seed))
            for key, group in sorted(groups.items())]


def _summarize_group(key: tuple, results: list[Result]) -> Summary:
    name, params_hash, task = key
    summary = Summary(name, params_hash, task, results[0].task.reference_student,
                      unit=results[0].modality.student_unit)
    ok = [r for r in results if r.ok]
    summary.seeds_ok = [r.seed for r in ok]
    summary.failures = [f"seed {r.seed}: {r.status} in {r.phase}: {r.reason}"
                        for r in results if not r.ok]
    if not ok:
        return summary
    summary.teacher_score = mean_se([r.teacher.test_score for r in ok])[0]
    if all(r.fidelity for r in ok):
        for metric in FIDELITY_METRICS:
            summary.fidelity[metric] = mean_se([r.fidelity.metric(metric) for r in ok])
    for size in ok[0].task.students:
        per_set = {name: [r.score(name, size) for r in ok] for name in ok[0].students}
        for name, values in per_set.items():
            summary.means.setdefault(name, {})[size] = mean_se(values)
        summary.tsc[size] = tsc_score(per_set["synthetic"], per_set["train"])
        summary.lift[size] = lift(per_set["train+synthetic"], per_set["train"])
    return summary
