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
TINY = 1e-9  # a median test distance below this is no scale to divide by
SEED = 2020


def memorisation(synthetic: np.ndarray, train: np.ndarray, test: np.ndarray
                 ) -> dict[str, float | int | None]:
    rng = np.random.default_rng(SEED)
    train_rows = _flat(train)
    mine = _flat(subsample(synthetic, MAX_ROWS, rng))
    # no n_jobs: joblib's processes are refused inside worker processes, and the KD-tree
    # queries take a tenth of a second; brute force on images runs in (thread-capped) BLAS
    index = NearestNeighbors(n_neighbors=1).fit(train_rows)
    d_syn = index.kneighbors(mine)[0][:, 0]
    d_test = index.kneighbors(_flat(subsample(test, MAX_ROWS, rng)))[0][:, 0]
    threshold = np.quantile(d_test, CLOSE_QUANTILE)
    median_test = float(np.median(d_test))
    return {"closer_than_test": float(np.mean(d_syn <= threshold)),
            # None, not a number, when most unseen rows repeat a train row: no scale to divide by
            "dcr_ratio": float(np.median(d_syn)) / median_test if median_test > TINY else None,
            "exact_copies": exact_share(mine, train_rows), "rows": len(d_syn)}


def exact_share(rows: np.ndarray, train_rows: np.ndarray) -> float:
    """Share of rows equal, value for value, to some train row. Compared as bytes: nearest-
    neighbour distances carry float error (about 1e-7 on 784 pixels) and never read exactly 0."""
    known = {row.tobytes() for row in train_rows}
    return float(np.mean([row.tobytes() in known for row in rows]))


def subsample(X: np.ndarray, n: int, rng: np.random.Generator) -> np.ndarray:
    """At most n rows, drawn without replacement (all rows, in order, when there are fewer)."""
    return X if len(X) <= n else X[np.sort(rng.choice(len(X), n, replace=False))]


def _flat(X: np.ndarray) -> np.ndarray:
    return np.asarray(X, dtype=np.float64).reshape(len(X), -1)
