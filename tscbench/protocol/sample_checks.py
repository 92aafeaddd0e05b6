"""Checks on a generator's samples, run before anything expensive sees them."""
from __future__ import annotations

import numpy as np

from tscbench.data.model import TrainData

RANGE_SPANS = 10  # how many train ranges beyond the train min/max a value may lie


class InvalidSamples(Exception):
    """The samples break the contract; the message says how."""


def check_samples(X, n: int, train: TrainData) -> np.ndarray:
    """Return the samples in the train inputs' dtype (float64 on tables, float32 for images), or
    raise InvalidSamples naming the violation."""
    if hasattr(X, "detach"):  # a torch tensor
        X = X.detach().cpu().numpy()
    if not isinstance(X, np.ndarray):
        raise InvalidSamples(f"sample() returned {type(X).__name__}; return a numpy array")
    expected = (n, *train.X.shape[1:])
    if X.shape != expected:
        what = "count" if X.shape[1:] == expected[1:] else "shape"
        raise InvalidSamples(f"sample({n}) returned {what} {X.shape}; expected {expected}")
    if X.dtype.kind not in "fiu":
        raise InvalidSamples(f"sample() returned dtype {X.dtype}; return numbers (float)")
    X = X.astype(train.X.dtype, copy=False)
    if train.schema is not None and not train.schema.plain:
        _check_columns(X, train)
        return X
    bad = ~np.isfinite(X)
    if bad.any():
        rows = int(bad.reshape(len(X), -1).any(axis=1).sum())
        raise InvalidSamples(f"sample() returned NaN or infinite values in {rows} of {n} rows")
    if train.value_range is not None:
        _check_fixed_range(X, *train.value_range)
    else:
        _check_range(X, train)
    return X


def _check_columns(X: np.ndarray, train: TrainData) -> None:
    """Rows in the column space of a table with categories or gaps, checked column by column:
    gaps only where the train data has gaps, known category codes, whole numbers in integer
    columns, numbers within reach of the train range."""
    if np.isinf(X).any():
        raise InvalidSamples("sample() returned infinite values; return finite numbers")
    for j, column in enumerate(train.schema.columns):
        values = X[:, j]
        gaps = np.isnan(values)
        if gaps.any() and not column.has_missing:
            raise InvalidSamples(f"sample() returned missing values (NaN) in column "
                                 f"{column.name!r}, which has none in the train data")
        present = values[~gaps]
        if column.kind == "categorical":
            bad = (present != np.round(present)) | (present < 0) | \
                (present >= len(column.categories))
            if bad.any():
                raise InvalidSamples(f"sample() returned the unknown category code "
                                     f"{present[bad][0]:.4g} in column {column.name!r}; use the "
                                     f"codes 0..{len(column.categories) - 1} of train.schema")
            continue
        original = present * train.scale[j] + train.mean[j]
        if column.kind == "integer" and (np.abs(original - np.round(original)) >
                                         1e-6 * np.maximum(1, np.abs(original))).any():
            raise InvalidSamples(f"sample() returned non-integer values in the integer column "
                                 f"{column.name!r}; round them (train.finish does)")
        _check_range(present[:, None], train, column=j)


def _check_fixed_range(X: np.ndarray, low: float, high: float) -> None:
    """Inputs with a fixed range (pixels in [0, 1]) must stay inside it."""
    _refuse_outside(X, low, high, f"pixel values outside [{low:g}, {high:g}]",
                    f"clip or rescale images to [{low:g}, {high:g}]")


def _check_range(X: np.ndarray, train: TrainData, column: int | None = None) -> None:
    """Other inputs may not lie more than RANGE_SPANS train ranges beyond the train values
    (of one `column`, X then holding that column's values)."""
    reference = train.X if column is None else train.X[:, [column]]
    low, high = np.nanmin(reference, axis=0), np.nanmax(reference, axis=0)
    span = np.maximum(high - low, 1e-12)
    _refuse_outside(X, low - RANGE_SPANS * span, high + RANGE_SPANS * span,
                    "values far outside the train range",
                    f"more than {RANGE_SPANS} train ranges beyond it")


def _refuse_outside(X: np.ndarray, low, high, what: str, fix: str) -> None:
    outside = (X < low) | (X > high)
    if outside.any():
        value = X[outside].flat[0]
        raise InvalidSamples(f"sample() returned {what} (e.g. {value:.4g}, "
                             f"{int(outside.sum())} values); {fix}")
