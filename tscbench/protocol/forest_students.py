"""The reference students: random-forest regressors fit to the teacher's soft outputs.

The student with k trees is the first k trees of one forest grown to the largest size: scikit-learn
draws the per-tree seeds in sequence from `random_state`, so the first k trees of a 20-tree forest
are exactly the trees of a k-tree forest with the same seed. One fit serves the whole ladder.
"""
from __future__ import annotations

import numpy as np
from sklearn.ensemble import RandomForestRegressor

from tscbench.protocol.forests import per_tree_outputs


def soft_targets(proba: np.ndarray) -> np.ndarray:
    """Binary tasks regress P(class 1) (one output), regression tasks the teacher's prediction
    (one column); others every class probability."""
    if proba.shape[1] == 1:
        return proba[:, 0]
    return proba[:, 1] if proba.shape[1] == 2 else proba


def fit_ladder(X: np.ndarray, targets: np.ndarray, X_test: np.ndarray, sizes: tuple[int, ...],
               *, seed: int, threads: int) -> dict[int, np.ndarray]:
    """Test-set predictions of the student of every size in `sizes`."""
    forest = RandomForestRegressor(n_estimators=max(sizes), random_state=seed, n_jobs=threads)
    forest.fit(np.asarray(X, dtype=np.float32), targets)
    outputs = per_tree_outputs(forest.estimators_, X_test, threads)
    cumulative = np.cumsum(np.stack(outputs), axis=0)
    return {k: cumulative[k - 1] / k for k in sizes}
