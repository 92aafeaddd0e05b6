"""A task's fixed split and its preprocessing, fitted on the train split only."""
from __future__ import annotations

import numpy as np
from sklearn.model_selection import train_test_split

from tscbench.data.encoding import TableEncoding
from tscbench.data.model import RawData, TaskData, split_hash
from tscbench.data.schema import Schema
from tscbench.errors import DataError

#: Regression targets are cut into this many quantile bins: the strata of the split and the
#: "classes" class-conditional generators condition on.
REGRESSION_BINS = 5


def prepare(raw: RawData, *, test_size: float, split_seed: int,
            max_train_rows: int | None = None, origin: str = "the data set") -> TaskData:
    """Split (unless the source fixed a split), then standardise numeric columns with train
    statistics only. Inputs with a fixed value range (pixels in [0, 1]) are left as they are:
    generators and save_image expect them so. Categorical columns keep their integer codes."""
    strata = _strata(raw)
    if raw.test is None:
        _check_stratifiable(strata, test_size, origin,
                            () if raw.regression else tuple(raw.class_names))
    X_train, y_train, X_test, y_test = _split(raw, strata, test_size, split_seed)
    if raw.schema is not None:  # the split itself must serve every column; a row cap may not
        _check_columns(raw.schema.with_missing_rates(X_train), X_train, X_test, origin)
    if max_train_rows is not None and len(y_train) > max_train_rows:
        X_train, _, y_train, _ = train_test_split(
            X_train, y_train, train_size=max_train_rows,
            stratify=_bins(y_train) if raw.regression else y_train, random_state=split_seed)
    if raw.value_range is not None:
        discrete = np.zeros(X_train.shape[1:], dtype=bool)
        mean, scale = np.zeros(X_train.shape[1:]), np.ones(X_train.shape[1:])
        return _task(raw, X_train, y_train, X_test, y_test, discrete, mean, scale, None)
    schema = (raw.schema or Schema.numeric(raw.feature_names)).with_missing_rates(X_train)
    numeric = ~schema.categorical
    discrete = np.all(np.equal(np.mod(X_train, 1), 0) | np.isnan(X_train), axis=0) | ~numeric
    gaps = np.isnan(X_train).any()  # numpy's plain mean / std where they apply: the same bits
    mean = np.where(numeric, np.nanmean(X_train, axis=0) if gaps else X_train.mean(axis=0), 0.0)
    scale = np.where(numeric, np.nanstd(X_train, axis=0) if gaps else X_train.std(axis=0), 1.0)
    scale = np.where(scale > 0, scale, 1.0)
    X_train, X_test = (X_train - mean) / scale, (X_test - mean) / scale
    return _task(raw, X_train, y_train, X_test, y_test, discrete, mean, scale, schema)


def _task(raw, X_train, y_train, X_test, y_test, discrete, mean, scale, schema) -> TaskData:
    if schema is None or schema.plain:
        model_train, model_test, columns = X_train, X_test, (None, None)
    else:
        encoding = TableEncoding(schema)
        model_train, model_test = encoding.model(X_train), encoding.model(X_test)
        columns = (X_train, X_test)
    n_classes = REGRESSION_BINS if raw.regression else len(raw.class_names)
    digest = split_hash(model_train, y_train, model_test, y_test,
                        *[c for c in columns if c is not None], schema=schema)
    return TaskData(model_train, y_train, model_test, y_test, n_classes, raw.modality,
                    raw.feature_names, raw.class_names, discrete, mean, scale, digest,
                    raw.value_range, schema=schema if raw.value_range is None else None,
                    columns_train=columns[0], columns_test=columns[1],
                    regression=raw.regression,
                    strata_train=_bins(y_train) if raw.regression else None)


def _strata(raw: RawData) -> np.ndarray:
    return _bins(raw.y) if raw.regression else raw.y


def _bins(values: np.ndarray) -> np.ndarray:
    """Quantile bins 0..REGRESSION_BINS-1 of a regression target."""
    edges = np.quantile(values, np.linspace(0, 1, REGRESSION_BINS + 1)[1:-1])
    return np.searchsorted(edges, values, side="right")


def _check_stratifiable(strata: np.ndarray, test_size: float, origin: str,
                        names: tuple[str, ...]) -> None:
    """A stratified split needs two rows of every class and room for each class on both sides."""
    classes, counts = np.unique(strata, return_counts=True)
    n_test = int(np.ceil(test_size * len(strata))) if test_size < 1 else int(test_size)
    if counts.min() < 2 or n_test < len(classes) or len(strata) - n_test < len(classes):
        rare = int(classes[np.argmin(counts)])
        rare = names[rare] if rare < len(names) else rare
        raise DataError(f"{origin}: {len(strata)} rows in {len(classes)} classes (class "
                        f"{rare} has {counts.min()}): a stratified split at test_size="
                        f"{test_size:g} needs at least 2 rows per class and one test and one "
                        f"train row per class; merge rare classes or add rows")


def _split(raw: RawData, strata: np.ndarray, test_size: float, split_seed: int):
    if raw.test is not None:
        return raw.X, raw.y, raw.test[0], raw.test[1]
    X_train, X_test, y_train, y_test = train_test_split(
        raw.X, raw.y, test_size=test_size, stratify=strata, random_state=split_seed)
    return X_train, y_train, X_test, y_test


def _check_columns(schema: Schema, X_train: np.ndarray, X_test: np.ndarray, origin: str) -> None:
    """What the split must give every column: some train values, and no category in the test
    split that the train split never shows (no model could have learnt it)."""
    for j, column in enumerate(schema.columns):
        if column.missing_rate == 1.0:
            raise DataError(f"{origin}: column {column.name!r} is missing in every train row; "
                            f"drop the column")
        if column.kind != "categorical":
            continue
        seen = set(np.unique(X_train[:, j][~np.isnan(X_train[:, j])]).tolist())
        new = sorted(set(np.unique(X_test[:, j][~np.isnan(X_test[:, j])]).tolist()) - seen)
        if new:
            names = [column.categories[int(code)] for code in new[:3]]
            raise DataError(f"{origin}: column {column.name!r} has categories {names} in the test "
                            f"split that no train row has; merge them into other categories "
                            f"or drop those rows")
