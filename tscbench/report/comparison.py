"""Paired comparisons between generators, and ranks across tasks.

Seeds are paired: for one (task, seed) every generator sees the same split, teacher and student
randomness, and the train-set student (the TSC normaliser) is identical. So the difference
between two generators is measured seed by seed, and its uncertainty comes from resampling seeds.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

BOOTSTRAP_RESAMPLES = 10_000
BOOTSTRAP_SEED = 20181206  # fixed: the same results always give the same intervals
CONFIDENCE = 0.95


@dataclass(frozen=True)
class Difference:
    mean: float  # mean over paired seeds of (this - best), in TSC Score units
    low: float  # bootstrap percentile interval of that mean
    high: float
    n_seeds: int

    @property
    def tied(self) -> bool:
        """The interval reaches zero: not distinguishable from the best with these seeds."""
        return self.low <= 0 <= self.high


def paired_difference(scores: Mapping[int, float], best: Mapping[int, float]) -> Difference:
    """Bootstrap CI of mean(scores[s] - best[s]) over the seeds both have."""
    seeds = sorted(set(scores) & set(best))
    if not seeds:
        raise ValueError("no seed in common: the two generators cannot be paired")
    diffs = np.array([scores[s] - best[s] for s in seeds])
    rng = np.random.default_rng(BOOTSTRAP_SEED)
    means = diffs[rng.integers(0, len(diffs), size=(BOOTSTRAP_RESAMPLES, len(diffs)))].mean(1)
    tail = (1 - CONFIDENCE) / 2 * 100
    low, high = np.percentile(means, [tail, 100 - tail])
    return Difference(float(diffs.mean()), float(low), float(high), len(seeds))


def average_ranks(values: Mapping[str, float]) -> dict[str, float]:
    """Rank 1 = highest value; tied values share the average of their ranks."""
    order = sorted(values, key=lambda k: (-values[k], k))
    ranks: dict[str, float] = {}
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in order[i:j + 1]:
            ranks[k] = (i + j) / 2 + 1
        i = j + 1
    return ranks
