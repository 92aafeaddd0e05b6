"""Means, standard errors, TSC Score and lift over paired seeds."""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass


def mean_se(values: Sequence[float]) -> tuple[float, float | None]:
    """Mean and standard error of the mean; the SE is None (not 0) with fewer than two values."""
    n = len(values)
    if n == 0:
        raise ValueError("no values")
    mean = math.fsum(values) / n
    if n < 2:
        return mean, None
    var = math.fsum((v - mean) ** 2 for v in values) / (n - 1)
    return mean, math.sqrt(var / n)


def tsc_score(synthetic: Sequence[float], train: Sequence[float]) -> tuple[float, float | None]:
    """mean(synthetic) / mean(train), with SE(synthetic) / mean(train), as the authors report."""
    syn_mean, syn_se = mean_se(synthetic)
    train_mean, _ = mean_se(train)
    if train_mean <= 0:
        raise ValueError(f"the train-set student scored {train_mean}; cannot normalise by it")
    return syn_mean / train_mean, None if syn_se is None else syn_se / train_mean


def lift(augmented: Sequence[float], train: Sequence[float]) -> tuple[float, float | None]:
    """Mean paired difference train+synthetic minus train, and its SE."""
    if len(augmented) != len(train):
        raise ValueError("lift needs one train score per augmented score (paired seeds)")
    return mean_se([a - t for a, t in zip(augmented, train)])


@dataclass(frozen=True)
class Paired:
    """Mean of paired per-seed differences with its SE and a two-sided t interval."""

    mean: float
    se: float | None  # None with a single seed
    low: float | None  # None with a single seed: no interval
    high: float | None
    n: int

    @property
    def pm(self) -> tuple[float, float | None]:
        return self.mean, self.se

    @property
    def excludes_zero(self) -> bool:
        return self.low is not None and (self.low > 0 or self.high < 0)


def paired_t(differences: Sequence[float], confidence: float = 0.95) -> Paired:
    """Student-t interval of the mean of paired differences (seeds are the unit: each
    difference compares two cells that share split, teacher and student seed). Exact under
    normal differences and right at small n, where a percentile bootstrap is far too narrow."""
    from scipy.stats import t

    mean, se = mean_se(differences)
    n = len(differences)
    if se is None:
        return Paired(mean, None, None, None, n)
    half = float(t.ppf(0.5 + confidence / 2, n - 1)) * se
    return Paired(mean, se, mean - half, mean + half, n)
