"""Per (generator, task): TSC Score, lift and lift over the noise floor over seeds, at every
student size; the measures of the synthetic sets."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from tscbench.protocol.modality import get_modality
from tscbench.protocol.result import FIDELITY_METRICS, Result
from tscbench.report.headline import lift_over_seeds, over_floor, tsc_over_seeds
from tscbench.report.operating_points import OperatingPoint
from tscbench.report.reference import floor_scores, reference_sizes
from tscbench.report.stats import Paired, mean_se, paired_t

MEMORISATION_METRICS = ("closer_than_test", "dcr_ratio", "exact_copies", "test_copies",
                        "nearer_test")
FLAGS = ("test rows", "copies", "near copies")  # strongest first


@dataclass
class Summary:
    generator: str
    params_hash: str
    task: str
    reference_student: int  # the size pages report (report/reference.py)
    seeds_ok: list[int] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # "seed 1: error in fit: ..."
    teacher_score: float | None = None
    # per student size: (mean, se) -- se is None with a single seed
    tsc: dict[int, tuple[float, float | None]] = field(default_factory=dict)
    lift: dict[int, tuple[float, float | None]] = field(default_factory=dict)
    # train+synthetic minus the noise floor's train+synthetic, paired by seed (the seeds both
    # have); empty when no noise cell shares a seed
    over_noise: dict[int, Paired] = field(default_factory=dict)
    means: dict[str, dict[int, tuple[float, float | None]]] = field(default_factory=dict)
    unit: str = "trees"  # what the student sizes count: trees, or passes on image tasks
    # IS / FID / KID / precision / recall / detection AUC: (mean, se) over seeds, where measured
    fidelity: dict[str, tuple[float, float | None]] = field(default_factory=dict)
    # memorisation measures: (mean, se) over seeds; flag: "test rows" / "copies" / "near copies"
    # when any seed raised it (the stronger one wins)
    memorisation: dict[str, tuple[float, float | None]] = field(default_factory=dict)
    flag: str | None = None
    # seconds per seed (mean) of fitting and sampling the generator, and the threads per cell
    seconds: dict[str, float] = field(default_factory=dict)
    threads: list[int] = field(default_factory=list)


def summarize(results: Iterable[Result],
              points: Mapping[str, OperatingPoint] | None = None) -> list[Summary]:
    """One summary per generator setting and task, at each task's reference size (`points`: the
    validity study's operating points, report/operating_points.py)."""
    results = list(results)
    references, floor = reference_sizes(results, points), floor_scores(results)
    groups: dict[tuple, list[Result]] = defaultdict(list)
    for result in results:
        groups[(*result.generator_id, result.task.name)].append(result)
    return [_summarize_group(key, sorted(group, key=lambda r: r.seed), references[key[2]], floor)
            for key, group in sorted(groups.items())]


def _summarize_group(key: tuple, results: list[Result], reference: int,
                     floor: Mapping[tuple[str, int], Mapping[int, float]]) -> Summary:
    name, params_hash, task = key
    summary = Summary(name, params_hash, task, reference, unit=get_modality(results[0].modality).student_unit)
    ok = [r for r in results if r.ok]
    summary.seeds_ok = [r.seed for r in ok]
    summary.failures = [f"seed {r.seed}: {r.status} in {r.phase}: {r.reason}"
                        for r in results if not r.ok]
    if not ok:
        return summary
    summary.teacher_score = mean_se([r.teacher.test_score for r in ok])[0]
    _measures(summary, ok)
    for size in ok[0].task.students:
        per_set = {name: [r.score(name, size) for r in ok] for name in ok[0].students
                   if all(name in r.students for r in ok)}  # budgets: where every seed has them
        for name, values in per_set.items():
            summary.means.setdefault(name, {})[size] = mean_se(values)
        summary.tsc[size] = tsc_over_seeds(per_set["synthetic"], per_set["train"])
        summary.lift[size] = lift_over_seeds(per_set["train+synthetic"], per_set["train"])
        paired = [over_floor(r, floor[(task, r.seed)], size)
                  for r in ok if (task, r.seed) in floor]
        if paired:
            summary.over_noise[size] = paired_t(paired)
    return summary


def _measures(summary: Summary, ok: list[Result]) -> None:
    for metric in FIDELITY_METRICS:
        values = [r.fidelity.metric(metric) if r.fidelity else None for r in ok]
        if all(v is not None for v in values):
            summary.fidelity[metric] = mean_se(values)
    if all(r.memorisation for r in ok):
        for metric in MEMORISATION_METRICS:
            values = [getattr(r.memorisation, metric) for r in ok]
            if all(v is not None for v in values):
                summary.memorisation[metric] = mean_se(values)
        flags = {r.memorisation.flag for r in ok}
        summary.flag = next((f for f in FLAGS if f in flags), None)
    for phase in ("fit", "sample"):
        values = [r.runtime.get("timings", {}).get(phase) for r in ok]
        if all(v is not None for v in values):
            summary.seconds[phase] = sum(values) / len(values)
    summary.threads = sorted({r.runtime["torch_threads"] for r in ok if "torch_threads" in r.runtime})
