"""A task's fixed split and its preprocessing, fitted on the train split only."""
from __future__ import annotations

import numpy as np
from sklearn.model_selection import train_test_split

from tscbench.data.model import RawData, TaskData
from tscbench.hashing import sha256_arrays


def prepare(raw: RawData, *, test_size: float, split_seed: int,
            max_train_rows: int | None = None) -> TaskData:
    """Split (unless the source fixed a split), then standardise features with train statistics
    only. Inputs with a fixed value range (pixels in [0, 1]) are left as they are: generators
    and save_image expect them so."""
    X_train, y_train, X_test, y_test = _split(raw, test_size, split_seed)
    if max_train_rows is not None and len(y_train) > max_train_rows:
        X_train, _, y_train, _ = train_test_split(
            X_train, y_train, train_size=max_train_rows, stratify=y_train,
            random_state=split_seed)
    if raw.value_range is not None:
        discrete = np.zeros(X_train.shape[1:], dtype=bool)
        mean, scale = np.zeros(X_train.shape[1:]), np.ones(X_train.shape[1:])
    else:
        discrete = np.all(np.equal(np.mod(X_train, 1), 0), axis=0)
        mean, scale = X_train.mean(axis=0), X_train.std(axis=0)
        scale = np.where(scale > 0, scale, 1.0)
        X_train, X_test = (X_train - mean) / scale, (X_test - mean) / scale
    split_hash = sha256_arrays(X_train, y_train, X_test, y_test)
    return TaskData(X_train, y_train, X_test, y_test, len(raw.class_names), raw.modality,
                    raw.feature_names, raw.class_names, discrete, mean, scale, split_hash,
                    raw.value_range)


def _split(raw: RawData, test_size: float, split_seed: int):
    if raw.test is not None:
        return raw.X, raw.y, raw.test[0], raw.test[1]
    X_train, X_test, y_train, y_test = train_test_split(
        raw.X, raw.y, test_size=test_size, stratify=raw.y, random_state=split_seed)
    return X_train, y_train, X_test, y_test


