"""The comparison tables of COMPARISON.md, from the committed results: our `arf` against the
authors' `arfpy` and our `forest_flow` against the authors' `ForestDiffusion`, paired over seeds
at each task's reference student size (as its page reads it), with the board's own formulas.
Run from the repository root:
    python docs/reproductions/reference-implementations/comparison.py
"""
from pathlib import Path

import numpy as np

from tscbench.execution.result_files import load_results
from tscbench.report.headline import tsc, tsc_over_seeds
from tscbench.report.standings import standings
from tscbench.report.stats import paired_t

RESULTS = Path(__file__).parent / "results"
# ours -> the authors' package, run through its plugin in examples/
PAIRS = {"arf": "arfpy", "forest_flow": "forestdiffusion"}


def interval(differences) -> str:
    d = paired_t(list(differences))
    return f"{d.mean:+.4f} [{d.low:+.4f}, {d.high:+.4f}]"


def mean(values, digits: int = 3) -> str:
    return f"{np.mean(list(values)):.{digits}f}"


def label(name: str) -> str:
    return f"{name} (ours)" if name in PAIRS else name


def row(task: str, size: int, name: str, runs: list, others: list, floor: list) -> str:
    score, se = tsc_over_seeds([r.score("synthetic", size) for r in runs],
                               [r.score("train", size) for r in runs])
    timings = [r.runtime["timings"] for r in runs]
    return " | ".join([
        f"| {task} ({size})", label(name), runs[0].generator.version, f"{score:.3f} ± {se:.3f}",
        interval(tsc(r, size) - tsc(o, size) for r, o in zip(runs, others)),
        interval(r.score("train+synthetic", size) - f.score("train+synthetic", size)
                 for r, f in zip(runs, floor)),
        mean(r.fidelity.fid for r in runs), mean(r.fidelity.precision for r in runs),
        mean(r.fidelity.recall for r in runs), mean(r.fidelity.detection_auc for r in runs),
        mean((r.memorisation.exact_copies for r in runs), 4),
        f"{mean((t['fit'] for t in timings), 1)} + {mean((t['sample'] for t in timings), 1)} |"])


def main() -> None:
    results = [r for r in load_results([RESULTS]) if r.ok]
    sizes = {t.name: t.reference_student for t in standings(results)}
    cells = {(r.generator.name, r.task.name, r.seed): r for r in results}
    print("| task (student trees) | generator | version | TSC Score | Δ to the other [95% CI] "
          "| over noise [95% CI] | FID | precision | recall | detection AUC | exact copies "
          "| fit + sample s |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for ours, theirs in PAIRS.items():
        for task in sorted({t for g, t, _ in cells if g == theirs}, reverse=True):
            seeds = sorted(s for g, t, s in cells if g == theirs and t == task)
            runs = {g: [cells[g, task, s] for s in seeds] for g in (ours, theirs)}
            floor = [cells["noise", task, s] for s in seeds]
            for name, other in ((theirs, ours), (ours, theirs)):
                print(row(task, sizes[task], name, runs[name], runs[other], floor))


if __name__ == "__main__":
    main()
