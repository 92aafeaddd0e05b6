"""Memorisation: how close synthetic rows lie to the train rows, calibrated by unseen real rows.

DCR (distance to the closest record): for each synthetic row, the Euclidean distance to its
nearest train row, in the data space the generator works in (standardised features; pixels in
[0, 1]). Real rows the generator never saw -- the test split -- give the scale: a generator that
draws new data from the data's distribution places its rows about as close to train as test rows
are; a generator that copies places them at distance 0.

  closer_than_test  share of synthetic rows at most as far from train as the closest 5% of test
                    rows (about 0.05 for new data; 1.0 for copies)
  dcr_ratio         median synthetic DCR / median test DCR (about 1 for new data; 0 for copies)
  exact_copies      share of synthetic rows equal to a train row
"""
from __future__ import annotations

import numpy as np
from sklearn.neighbors import NearestNeighbors

MAX_ROWS = 5000  # synthetic and test rows measured (a fixed subsample): keeps the cost ~1 s
CLOSE_QUANTILE = 0.05
COPY_FLAG_SHARE = 0.5  # 10x what new data gives: most rows sit on top of a train row
EXACT = 1e-9  # a distance below this is a copy (float noise of standardised values)
SEED = 2020


def memorisation(synthetic: np.ndarray, train: np.ndarray, test: np.ndarray, *,
                 threads: int = 1) -> dict[str, float | int | None]:
    rng = np.random.default_rng(SEED)
    index = NearestNeighbors(n_neighbors=1, n_jobs=threads).fit(_flat(train))
    d_syn = index.kneighbors(_flat(subsample(synthetic, MAX_ROWS, rng)))[0][:, 0]
    d_test = index.kneighbors(_flat(subsample(test, MAX_ROWS, rng)))[0][:, 0]
    threshold = np.quantile(d_test, CLOSE_QUANTILE)
    median_test = float(np.median(d_test))
    return {"closer_than_test": float(np.mean(d_syn <= threshold)),
            # None, not a number, when most unseen rows repeat a train row: no scale to divide by
            "dcr_ratio": float(np.median(d_syn)) / median_test if median_test > EXACT else None,
            "exact_copies": float(np.mean(d_syn <= EXACT)), "rows": len(d_syn)}


def subsample(X: np.ndarray, n: int, rng: np.random.Generator) -> np.ndarray:
    """At most n rows, drawn without replacement (all rows, in order, when there are fewer)."""
    return X if len(X) <= n else X[np.sort(rng.choice(len(X), n, replace=False))]


def _flat(X: np.ndarray) -> np.ndarray:
    return np.asarray(X, dtype=np.float64).reshape(len(X), -1)
