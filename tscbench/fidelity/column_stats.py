"""Column shapes and column-pair trends: the two scores of SDMetrics' quality report, as its
documentation defines them, computed here (sdmetrics itself pins pandas < 3 and pulls copulas
and plotly, too much for two averages).

Both compare a synthetic table with real rows in the column space (numbers, category codes,
gaps), on up to MAX_ROWS rows a side, and lie in [0, 1] (1: identical):

* **column shapes**: the mean over columns of KSComplement (numbers: 1 - the two-sample
  Kolmogorov-Smirnov statistic of the present values) or TVComplement (categories: 1 - the total
  variation distance of their frequencies). A column's share of gaps enters as one more
  "category" of a number column: the score of a number column is its KSComplement scaled by the
  agreement of the gap shares.
* **column-pair trends**: the mean over column pairs of CorrelationSimilarity (two numbers:
  1 - |Pearson's r of synthetic - of real| / 2, on rows where both are present) or
  ContingencySimilarity (otherwise: 1 - the total variation distance of the pair's joint
  frequencies, numbers cut into PAIR_BINS quantile bins of the real values, a gap its own bin).

They see marginals and pairwise trends only: a table can score 1.0 on both and still get every
higher-order dependence, and every class boundary, wrong (the validity study shows where).
"""
from __future__ import annotations

from itertools import combinations

import numpy as np
from scipy.stats import ks_2samp

MAX_ROWS = 5000
PAIR_BINS = 10
MAX_PAIRS = 400  # wide tables: a fixed random sample of pairs (seeded), not all d(d-1)/2
SEED = 2021


def column_statistics(synthetic: np.ndarray, real: np.ndarray, categorical: np.ndarray
                      ) -> dict[str, float]:
    rng = np.random.default_rng(SEED)
    synthetic, real = _rows(synthetic, rng), _rows(real, rng)
    coded = [_codes(synthetic[:, j], real[:, j], bool(categorical[j]))
             for j in range(real.shape[1])]
    shapes = [_shape(synthetic[:, j], real[:, j], bool(categorical[j]))
              for j in range(real.shape[1])]
    pairs = list(combinations(range(real.shape[1]), 2))
    if len(pairs) > MAX_PAIRS:
        pairs = [pairs[i] for i in np.sort(rng.choice(len(pairs), MAX_PAIRS, replace=False))]
    trends = [_trend(synthetic, real, a, b, categorical, coded) for a, b in pairs]
    return {"column_shapes": float(np.mean(shapes)),
            "column_pair_trends": float(np.mean(trends)) if trends else 1.0}


def _rows(X: np.ndarray, rng) -> np.ndarray:
    X = np.asarray(X, dtype=np.float64).reshape(len(X), -1)
    return X if len(X) <= MAX_ROWS else X[np.sort(rng.choice(len(X), MAX_ROWS, replace=False))]


def _shape(syn: np.ndarray, real: np.ndarray, categorical: bool) -> float:
    if categorical:
        return 1.0 - _tvd(_category_codes(syn), _category_codes(real))
    gaps = abs(np.isnan(syn).mean() - np.isnan(real).mean())
    present_syn, present_real = syn[~np.isnan(syn)], real[~np.isnan(real)]
    if len(present_syn) == 0 or len(present_real) == 0:
        return 1.0 - max(gaps, float(len(present_syn) != len(present_real)))
    return (1.0 - ks_2samp(present_syn, present_real, method="asymp").statistic) * (1.0 - gaps)


def _trend(syn, real, a, b, categorical, coded) -> float:
    if not categorical[a] and not categorical[b]:
        both_syn = ~np.isnan(syn[:, a]) & ~np.isnan(syn[:, b])
        both_real = ~np.isnan(real[:, a]) & ~np.isnan(real[:, b])
        r_syn = _pearson(syn[both_syn, a], syn[both_syn, b])
        r_real = _pearson(real[both_real, a], real[both_real, b])
        return 1.0 - abs(r_syn - r_real) / 2
    (syn_a, real_a), (syn_b, real_b) = coded[a], coded[b]
    width = int(max(syn_b.max(initial=0), real_b.max(initial=0))) + 1
    return 1.0 - _tvd(syn_a * width + syn_b, real_a * width + real_b)


def _pearson(x: np.ndarray, y: np.ndarray) -> float:
    if len(x) < 2 or np.std(x) == 0 or np.std(y) == 0:
        return 0.0  # no trend to speak of
    return float(np.corrcoef(x, y)[0, 1])


def _codes(syn: np.ndarray, real: np.ndarray, categorical: bool):
    """Both columns as small integer codes: categories as they are, numbers by quantile bins of
    the real values; a gap is one more code."""
    if categorical:
        return _category_codes(syn), _category_codes(real)
    edges = np.unique(np.nanquantile(real, np.linspace(0, 1, PAIR_BINS + 1)[1:-1])) \
        if (~np.isnan(real)).any() else np.array([])
    return _binned(syn, edges), _binned(real, edges)


def _binned(column: np.ndarray, edges: np.ndarray) -> np.ndarray:
    codes = np.searchsorted(edges, np.nan_to_num(column), side="right")
    return np.where(np.isnan(column), len(edges) + 1, codes).astype(np.int64)


def _category_codes(column: np.ndarray) -> np.ndarray:
    return np.where(np.isnan(column), -1, column).astype(np.int64) + 1


def _tvd(a: np.ndarray, b: np.ndarray) -> float:
    size = int(max(a.max(initial=0), b.max(initial=0))) + 1
    pa = np.bincount(a, minlength=size) / max(len(a), 1)
    pb = np.bincount(b, minlength=size) / max(len(b), 1)
    return float(np.abs(pa - pb).sum() / 2)
