"""What `arf` version 2 (leaves pruned to `min_node_size` real rows) moved against version 1,
task by task, paired over seeds at 20 student trees, with the board's own formulas. Version 1's
cells are kept beside this file; version 2's are the board's and the baselines'. Run from the
repository root:
    python docs/reproductions/arf-pruning/compare.py
"""
from pathlib import Path

import numpy as np

from tscbench.execution.result_files import load_results
from tscbench.report.headline import tsc
from tscbench.report.stats import paired_t

HERE = Path(__file__).parent
ROOT = HERE.parents[2]
SIZE = 20
PAIRS = {  # version 1 cells -> version 2 cells
    HERE / "v1-board": ROOT / "leaderboards" / "results",
    HERE / "v1-authors-split": ROOT / "docs" / "reproductions" / "baselines" / "results",
}


def cells(folder: Path) -> dict[tuple[str, int], object]:
    return {(r.task.name, r.seed): r for r in load_results(sorted(folder.glob("arf__*.json")))}


def interval(differences) -> str:
    d = paired_t(list(differences))
    return f"{d.mean:+.4f} [{d.low:+.4f}, {d.high:+.4f}]"


def before_after(old: list, new: list, measure, digits: int = 4) -> str:
    def mean(runs):
        values = [measure(r) for r in runs]
        return "-" if None in values else f"{np.mean(values):.{digits}f}"
    return f"{mean(old)} -> {mean(new)}"


def row(task: str, old: list, new: list) -> str:
    def tsc_20(r):
        return tsc(r, SIZE)

    def augmented(r):
        return r.score("train+synthetic", SIZE)

    parts = [task, str(len(new))]
    for measure in (tsc_20, augmented):
        parts += [before_after(old, new, measure),
                  interval(measure(b) - measure(a) for a, b in zip(old, new))]
    parts += [before_after(old, new, lambda r: r.memorisation.exact_copies),
              before_after(old, new, lambda r: r.memorisation.closer_than_test, 3),
              before_after(old, new, lambda r: r.runtime["timings"]["fit"], 1)]
    return "| " + " | ".join(parts) + " |"


def main() -> None:
    print("| task | seeds | TSC Score v1 -> v2 | Δ TSC [95% CI] | train+synthetic v1 -> v2 "
          "| Δ train+synthetic [95% CI] | exact copies | memorisation | fit s |")
    print("|---|---:|---|---|---|---|---|---|---|")
    for v1, v2 in PAIRS.items():
        old, new = cells(v1), cells(v2)
        for task in sorted({t for t, _ in old}):
            seeds = sorted(s for t, s in old if t == task and (t, s) in new)
            if seeds:
                print(row(task, [old[task, s] for s in seeds], [new[task, s] for s in seeds]))


if __name__ == "__main__":
    main()
