"""Means, standard errors and paired t intervals over seeds (the headline formulas: headline.py)."""
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
