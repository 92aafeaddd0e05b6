"""Forest predictions summed in a fixed order.

scikit-learn adds the trees' outputs into one array from several threads, in whatever order the
threads finish; float addition is not associative, so the last bits (and rarely a tied ROC AUC)
can change from run to run. Here threads split the rows, and every row's outputs are added tree
by tree in tree order: the same input gives the same bits whatever the thread count.
"""
from __future__ import annotations

import numpy as np
from joblib import Parallel, delayed

ROWS_PER_CHUNK = 65_536  # bounds memory when labelling large synthetic sets


def _tree_output(tree, X: np.ndarray) -> np.ndarray:
    if hasattr(tree, "predict_proba"):
        return tree.predict_proba(X, check_input=False)
    out = tree.predict(X, check_input=False)
    return out if out.ndim == 2 else out[:, None]


def _block_sum(trees, X: np.ndarray) -> np.ndarray:
    total = _tree_output(trees[0], X).astype(np.float64)
    for tree in trees[1:]:
        total += _tree_output(tree, X)
    return total


def forest_mean(trees, X: np.ndarray, threads: int) -> np.ndarray:
    """Mean of the trees' outputs (class probabilities or regression values), the same bits for
    every thread count."""
    X = np.ascontiguousarray(X, dtype=np.float32)
    return np.concatenate([_chunk_mean(trees, X[i:i + ROWS_PER_CHUNK], threads)
                           for i in range(0, len(X), ROWS_PER_CHUNK)])


def _chunk_mean(trees, X: np.ndarray, threads: int) -> np.ndarray:
    parts = np.array_split(np.arange(len(X)), max(1, min(threads, len(X))))
    sums = Parallel(n_jobs=len(parts), prefer="threads")(
        delayed(_block_sum)(trees, X[rows]) for rows in parts)
    return np.concatenate(sums) / len(trees)


def per_tree_outputs(trees, X: np.ndarray, threads: int) -> list[np.ndarray]:
    """Each tree's output, in tree order (for scoring every prefix of a forest)."""
    X = np.ascontiguousarray(X, dtype=np.float32)
    return Parallel(n_jobs=min(threads, len(trees)), prefer="threads")(
        delayed(_tree_output)(tree, X) for tree in trees)
