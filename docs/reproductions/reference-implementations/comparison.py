"""The comparison table of COMPARISON.md, from the committed results: our `arf` against the
authors' `arfpy`, paired over seeds at 20 student trees (both tasks' reference size), with the
board's own formulas. Run from the repository root:
    python docs/reproductions/reference-implementations/comparison.py
"""
from pathlib import Path

import numpy as np

from tscbench.execution.result_files import load_results
from tscbench.report.headline import tsc, tsc_over_seeds
from tscbench.report.stats import paired_t

RESULTS = Path(__file__).parent / "results"
SIZE = 20
NAMES = {"arfpy": "arfpy", "arf": "arf (ours)"}


def interval(differences) -> str:
    d = paired_t(list(differences))
    return f"{d.mean:+.4f} [{d.low:+.4f}, {d.high:+.4f}]"


def mean(values, digits: int = 3) -> str:
    return f"{np.mean(list(values)):.{digits}f}"


def row(task: str, name: str, runs: list, others: list, floor: list) -> str:
    score, se = tsc_over_seeds([r.score("synthetic", SIZE) for r in runs],
                               [r.score("train", SIZE) for r in runs])
    timings = [r.runtime["timings"] for r in runs]
    return " | ".join([
        f"| {task}", NAMES[name], runs[0].generator.version, f"{score:.3f} ± {se:.3f}",
        interval(tsc(r, SIZE) - tsc(o, SIZE) for r, o in zip(runs, others)),
        interval(r.score("train+synthetic", SIZE) - f.score("train+synthetic", SIZE)
                 for r, f in zip(runs, floor)),
        mean(r.fidelity.fid for r in runs), mean(r.fidelity.precision for r in runs),
        mean(r.fidelity.recall for r in runs), mean(r.fidelity.detection_auc for r in runs),
        mean((r.memorisation.exact_copies for r in runs), 4),
        f"{mean((t['fit'] for t in timings), 1)} + {mean((t['sample'] for t in timings), 1)} |"])


def main() -> None:
    cells = {(r.generator.name, r.task.name, r.seed): r for r in load_results([RESULTS]) if r.ok}
    print("| task | generator | version | TSC Score | Δ to the other [95% CI] | over noise [95% CI] "
          "| FID | precision | recall | detection AUC | exact copies | fit + sample s |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for task in sorted({t for _, t, _ in cells}, reverse=True):
        seeds = sorted(s for g, t, s in cells if g == "arfpy" and t == task)
        runs = {g: [cells[g, task, s] for s in seeds] for g in NAMES}
        floor = [cells["noise", task, s] for s in seeds]
        for name, other in (("arfpy", "arf"), ("arf", "arfpy")):
            print(row(task, name, runs[name], runs[other], floor))


if __name__ == "__main__":
    main()
