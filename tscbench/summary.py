"""Per (generator, task): TSC Score and lift over seeds, at every student size."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable

from tscbench.describe import student_unit
from tscbench.stats import lift, mean_se, tsc_score

FIDELITY_METRICS = ("inception_score", "fid", "kid")


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


def summarize(results: Iterable[dict]) -> list[Summary]:
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for result in results:
        gen = result["generator"]
        groups[(gen["name"], gen["params_hash"], result["task"]["name"])].append(result)
    return [_summarize_group(key, sorted(group, key=lambda r: r["seed"]))
            for key, group in sorted(groups.items())]


def _summarize_group(key: tuple, results: list[dict]) -> Summary:
    name, params_hash, task = key
    summary = Summary(name, params_hash, task, results[0]["task"]["reference_student"],
                      unit=student_unit(results[0]["task"]))
    ok = [r for r in results if r["status"] == "ok"]
    summary.seeds_ok = [r["seed"] for r in ok]
    summary.failures = [f"seed {r['seed']}: {r['status']} in {r['phase']}: {r['reason']}"
                        for r in results if r["status"] != "ok"]
    if not ok:
        return summary
    summary.teacher_score = mean_se([r["teacher"]["test_score"] for r in ok])[0]
    for metric in FIDELITY_METRICS:
        if all(r.get("fidelity") for r in ok):
            summary.fidelity[metric] = mean_se([r["fidelity"][metric] for r in ok])
    for size in ok[0]["task"]["students"]:
        per_set = {name: [r["students"][name][str(size)] for r in ok]
                   for name in ok[0]["students"]}
        for name, values in per_set.items():
            summary.means.setdefault(name, {})[size] = mean_se(values)
        summary.tsc[size] = tsc_score(per_set["synthetic"], per_set["train"])
        summary.lift[size] = lift(per_set["train+synthetic"], per_set["train"])
    return summary
