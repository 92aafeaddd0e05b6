"""The tables behind `arf`'s defaults: each setting on the development task against arfpy's
defaults (30 trees), and the rule's choice run once on the authors' split, all paired over
seeds at 20 student trees. Run from the repository root:
    python docs/reproductions/defaults-dev/compare.py
"""
from pathlib import Path

import numpy as np
from scipy import stats

from tscbench.execution.result_files import load_results

HERE = Path(__file__).parent
SIZE = 20
SETS = ("train+synthetic", "synthetic-augment")
DEFAULTS = "num_trees=30, min_node_size=5, class_sampling='balanced'"


def setting(result) -> str:
    params = dict(result.generator.params)
    return ", ".join(f"{k}={params[k]!r}" for k in ("num_trees", "min_node_size", "class_sampling"))


def by_setting(folder: Path) -> dict[str, dict[int, object]]:
    runs: dict[str, dict[int, object]] = {}
    for r in load_results(sorted(folder.glob("arf__*.json"))):
        runs.setdefault(setting(r), {})[r.seed] = r
    return runs


def paired(runs, base, key) -> str:
    d = np.array([runs[s].students[key][SIZE] - base[s].students[key][SIZE] for s in sorted(runs)])
    if not d.any():
        return "-"
    half = stats.t.ppf(0.975, len(d) - 1) * d.std(ddof=1) / np.sqrt(len(d))
    return f"{d.mean():+.4f} [{d.mean() - half:+.4f}, {d.mean() + half:+.4f}]"


def table(settings: dict[str, dict[int, object]], base: dict[int, object]) -> None:
    print("| setting | train+synthetic | 9x synthetic | Δ train+synthetic [95% CI] "
          "| Δ 9x synthetic [95% CI] | memorisation | fit s |")
    print("|---|---|---|---|---|---|---|")
    for name, runs in sorted(settings.items()):
        seeds = sorted(runs)
        means = [f"{np.mean([runs[s].students[k][SIZE] for s in seeds]):.4f}" for k in SETS]
        deltas = [paired(runs, base, k) for k in SETS]
        memo = np.mean([runs[s].memorisation.closer_than_test for s in seeds])
        fit = np.mean([runs[s].runtime["timings"]["fit"] for s in seeds])
        print(f"| {name} ({len(seeds)} seeds) | " + " | ".join(means + deltas)
              + f" | {memo:.3f} | {fit:.1f} |")


def main() -> None:
    print("Development task (the authors' train rows only):\n")
    dev = by_setting(HERE / "results")
    table(dev, dev[DEFAULTS])
    print("\nThe authors' split (13,312 train / 5,707 test rows), differences to arfpy's defaults "
          "(arf version 1, as it ran on docs/reproductions/baselines before version 2):\n")
    check = by_setting(HERE / "authors-split" / "results")
    base = by_setting(HERE.parent / "arf-pruning" / "v1-authors-split")[DEFAULTS]
    table({**check, DEFAULTS: base}, base)


if __name__ == "__main__":
    main()
