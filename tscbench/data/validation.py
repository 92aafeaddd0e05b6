"""Checks on user-supplied arrays: every problem is one line naming the array and the fix."""
from __future__ import annotations

import numpy as np

from tscbench.data.model import RawData
from tscbench.errors import DataError


def check_arrays(X_train, y_train, X_test, y_test, *, origin: str) -> RawData:
    """Validate user-supplied split arrays and encode labels as 0..C-1."""
    X_train, X_test = _as_matrix(X_train, "X_train", origin), _as_matrix(X_test, "X_test", origin)
    y_train, y_test = _as_labels(y_train, "y_train", origin), _as_labels(y_test, "y_test", origin)
    for X, y, part in ((X_train, y_train, "train"), (X_test, y_test, "test")):
        if len(X) != len(y):
            raise DataError(f"{origin}: X_{part} has {len(X)} rows but y_{part} has {len(y)}; "
                            f"give every row exactly one label")
    if X_train.shape[1] != X_test.shape[1]:
        raise DataError(f"{origin}: X_train has {X_train.shape[1]} columns but X_test has "
                        f"{X_test.shape[1]}; both splits need the same features")
    classes = np.unique(y_train)
    if len(classes) < 2:
        raise DataError(f"{origin}: y_train holds a single class ({classes[0]!r}); "
                        f"a teacher needs at least two classes")
    unseen = sorted(set(np.unique(y_test).tolist()) - set(classes.tolist()))
    if unseen:
        raise DataError(f"{origin}: y_test has classes {unseen} that y_train lacks; "
                        f"put examples of every class in the train split")
    names = tuple(f"f{i}" for i in range(X_train.shape[1]))
    return RawData(X_train, np.searchsorted(classes, y_train), names,
                   tuple(str(c) for c in classes),
                   test=(X_test, np.searchsorted(classes, y_test)))


def _as_matrix(X, name: str, origin: str) -> np.ndarray:
    try:
        X = np.asarray(X, dtype=np.float64)
    except (TypeError, ValueError):
        raise DataError(f"{origin}: {name} is not numeric; encode every feature as a number"
                        ) from None
    if X.ndim != 2 or X.shape[0] == 0:
        raise DataError(f"{origin}: {name} has shape {X.shape}; expected (rows, features)")
    if not np.isfinite(X).all():
        bad = int((~np.isfinite(X)).any(axis=1).sum())
        raise DataError(f"{origin}: {name} has NaN or infinite values in {bad} rows; "
                        f"impute or drop them first")
    return X


def _as_labels(y, name: str, origin: str) -> np.ndarray:
    y = np.asarray(y)
    if y.ndim != 1:
        raise DataError(f"{origin}: {name} has shape {y.shape}; expected one label per row")
    if y.dtype.kind == "f" and not np.isfinite(y).all():
        raise DataError(f"{origin}: {name} has NaN labels; drop those rows first")
    return y
