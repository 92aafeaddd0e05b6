"""Paired comparisons between generators, a task's resolution, and ranks across tasks.

Seeds are paired: for one (task, seed) every generator sees the same split, teacher and student
randomness, and the same train-set student. So two generators are compared seed by seed, on
per-seed TSC Scores (each seed's synthetic score divided by that seed's own train score), and the
uncertainty of the mean difference is a Student-t interval over seeds (`stats.paired_t`).

Why t and not a bootstrap: with 3 to 5 seeds a percentile bootstrap of the mean is about the
[min, max] of the per-seed differences, so any same-sign differences look "significant"; an
exact sign-flip permutation test cannot reach p < 0.05 below 6 seeds (2 / 2^n = 0.0625 at n = 5).
The t interval is exact for normal differences and honest at small n: wide where seeds disagree.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from scipy.stats import rankdata, t

from tscbench.report.stats import Paired, paired_t

CONFIDENCE = 0.95


def paired_difference(scores: Mapping[int, float], best: Mapping[int, float]) -> Paired:
    """Mean of scores[s] - best[s] over the seeds both have, with its paired t interval."""
    seeds = sorted(set(scores) & set(best))
    if not seeds:
        raise ValueError("no seed in common: the two generators cannot be paired")
    return paired_t([scores[s] - best[s] for s in seeds], CONFIDENCE)


def tied(difference: Paired | None) -> bool:
    """Not distinguishable from the best with these seeds (a single seed never distinguishes)."""
    return difference is not None and not difference.excludes_zero


@dataclass(frozen=True)
class Resolution:
    """How well a task separates data from no data, at its reference student size.

    `floor_gap`: per-seed TSC Score of the ceiling (`real`, or 1.0) minus that of the noise
    floor, with its paired t interval; `smallest`: the smallest difference in TSC Score this task
    resolves with its seeds (the t quantile times the median standard error of the contenders'
    paired differences to the best); `ranked`: whether the floor lies clearly below the ceiling,
    so a ranking means something; `reason`: why not, in words."""

    floor_gap: Paired | None
    smallest: float | None
    ranked: bool
    reason: str

    @property
    def gap_in_se(self) -> float | None:
        gap = self.floor_gap
        return None if gap is None or not gap.se else gap.mean / gap.se


def resolution(ceiling: Mapping[int, float] | None, floor: Mapping[int, float] | None,
               differences: list[Paired]) -> Resolution:
    """The task's resolution from per-seed TSC Scores of the ceiling (None: 1.0 per seed) and
    of the floor (None: no noise cell ran), and the contenders' differences to the best."""
    n = max((d.n for d in differences), default=0)
    # from rows with the board's seed count only: a row merged in with fewer seeds has a wide
    # interval of its own, and must not move every other row's resolution
    ses = [d.se for d in differences if d.se and d.n == n]
    smallest = (float(t.ppf(0.5 + CONFIDENCE / 2, n - 1)) * float(np.median(ses))
                if ses and n > 1 else None)
    if floor is None:
        return Resolution(None, smallest, True, "no noise floor ran, so the task's resolution "
                                                "is unknown")
    seeds = sorted(floor if ceiling is None else set(floor) & set(ceiling))
    gap = paired_t([(1.0 if ceiling is None else ceiling[s]) - floor[s] for s in seeds],
                   CONFIDENCE)
    if gap.n < 2:
        return Resolution(gap, smallest, True, "one seed: the floor's distance to real data "
                                               "cannot be judged")
    if gap.low is not None and gap.low > 0:
        return Resolution(gap, smallest, True, "")
    return Resolution(gap, smallest, False,
                      f"the noise floor is not clearly below real data (TSC gap "
                      f"{gap.mean:+.4f}, {CONFIDENCE:.0%} interval [{gap.low:+.4f}, "
                      f"{gap.high:+.4f}]): on this task a student learns as much from noise as "
                      f"from the data")


def average_ranks(values: Mapping[str, float]) -> dict[str, float]:
    """Rank 1 = highest value; tied values share the average of their ranks (scipy's
    rankdata)."""
    names = sorted(values)
    ranks = rankdata([-values[k] for k in names], method="average")
    return {k: float(r) for k, r in zip(names, ranks)}
