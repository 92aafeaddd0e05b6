"""Forest predictions summed in a fixed order.

scikit-learn adds the trees' outputs into one array from several threads, in whatever order the
threads finish; float addition is not associative, so the last bits (and rarely a tied ROC AUC)
can change from run to run. Here each thread sums a fixed block of trees and the blocks are added
in order: the same input gives the same bits whatever the thread count's timing.
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
    """Mean of the trees' outputs (class probabilities or regression values), deterministic."""
    X = np.ascontiguousarray(X, dtype=np.float32)
    return np.concatenate([_chunk_mean(trees, X[i:i + ROWS_PER_CHUNK], threads)
                           for i in range(0, len(X), ROWS_PER_CHUNK)])


def _chunk_mean(trees, X: np.ndarray, threads: int) -> np.ndarray:
    blocks = np.array_split(np.arange(len(trees)), min(threads, len(trees)))
    sums = Parallel(n_jobs=len(blocks), prefer="threads")(
        delayed(_block_sum)([trees[i] for i in block], X) for block in blocks)
    total = sums[0]
    for part in sums[1:]:
        total += part
    return total / len(trees)


def per_tree_outputs(trees, X: np.ndarray, threads: int) -> list[np.ndarray]:
    """Each tree's output, in tree order (for scoring every prefix of a forest)."""
    X = np.ascontiguousarray(X, dtype=np.float32)
    return Parallel(n_jobs=min(threads, len(trees)), prefer="threads")(
        delayed(_tree_output)(tree, X) for tree in trees)
