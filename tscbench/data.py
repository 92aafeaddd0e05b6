"""The data a task runs on: a fixed split, preprocessing fitted on train only, and its hash."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from sklearn.model_selection import train_test_split

from tscbench.errors import DataError
from tscbench.hashing import sha256_arrays

MODALITIES = ("tabular", "image")


@dataclass(frozen=True)
class RawData:
    """A data set as a source delivers it: either unsplit (X, y) or already split."""

    X: np.ndarray
    y: np.ndarray
    feature_names: tuple[str, ...]
    class_names: tuple[str, ...]
    modality: str = "tabular"
    test: tuple[np.ndarray, np.ndarray] | None = None  # a given split (X_test, y_test)


@dataclass(frozen=True, eq=False)
class TrainData:
    """What a generator may learn from: the real train split, standardised, with its labels.

    `discrete` marks columns that were integer-valued before standardisation; `mean` and `scale`
    undo the standardisation, so a generator can round such columns in the original units.
    """

    X: np.ndarray
    y: np.ndarray
    n_classes: int
    modality: str
    feature_names: tuple[str, ...]
    discrete: np.ndarray
    mean: np.ndarray
    scale: np.ndarray

    def snap_discrete(self, X: np.ndarray) -> np.ndarray:
        """Round integer-valued columns to whole numbers in original units."""
        if not self.discrete.any():
            return X
        X = X.copy()
        cols = self.discrete
        X[:, cols] = (np.round(X[:, cols] * self.scale[cols] + self.mean[cols])
                      - self.mean[cols]) / self.scale[cols]
        return X


@dataclass(frozen=True, eq=False)
class TaskData:
    """Train and test arrays of one task, preprocessed, and the hash that names the split."""

    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    n_classes: int
    modality: str
    feature_names: tuple[str, ...]
    class_names: tuple[str, ...]
    discrete: np.ndarray
    mean: np.ndarray
    scale: np.ndarray
    split_hash: str = field(default="")

    @property
    def train(self) -> TrainData:
        return TrainData(self.X_train, self.y_train, self.n_classes, self.modality,
                         self.feature_names, self.discrete, self.mean, self.scale)


def prepare(raw: RawData, *, test_size: float, split_seed: int,
            max_train_rows: int | None = None) -> TaskData:
    """Split (unless the source fixed a split), then standardise tabular features with train
    statistics only. Images are left as they are: float32 pixels in [0, 1]."""
    X_train, y_train, X_test, y_test = _split(raw, test_size, split_seed)
    if max_train_rows is not None and len(y_train) > max_train_rows:
        X_train, _, y_train, _ = train_test_split(
            X_train, y_train, train_size=max_train_rows, stratify=y_train,
            random_state=split_seed)
    if raw.modality == "image":  # pixels stay in [0, 1]: generators and save_image expect it
        discrete = np.zeros(X_train.shape[1:], dtype=bool)
        mean, scale = np.zeros(X_train.shape[1:]), np.ones(X_train.shape[1:])
    else:
        discrete = np.all(np.equal(np.mod(X_train, 1), 0), axis=0)
        mean, scale = X_train.mean(axis=0), X_train.std(axis=0)
        scale = np.where(scale > 0, scale, 1.0)
        X_train, X_test = (X_train - mean) / scale, (X_test - mean) / scale
    split_hash = sha256_arrays(X_train, y_train, X_test, y_test)
    return TaskData(X_train, y_train, X_test, y_test, len(raw.class_names), raw.modality,
                    raw.feature_names, raw.class_names, discrete, mean, scale, split_hash)


def _split(raw: RawData, test_size: float, split_seed: int):
    if raw.test is not None:
        return raw.X, raw.y, raw.test[0], raw.test[1]
    X_train, X_test, y_train, y_test = train_test_split(
        raw.X, raw.y, test_size=test_size, stratify=raw.y, random_state=split_seed)
    return X_train, y_train, X_test, y_test


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


def encode_labels(X, y, *, origin: str, feature_names) -> RawData:
    """Validate unsplit arrays and encode labels as 0..C-1."""
    X, y = _as_matrix(X, "X", origin), _as_labels(y, "y", origin)
    if len(X) != len(y):
        raise DataError(f"{origin}: X has {len(X)} rows but y has {len(y)}")
    classes, encoded = np.unique(y, return_inverse=True)
    if len(classes) < 2:
        raise DataError(f"{origin}: the label column holds a single class ({classes[0]!r}); "
                        f"a teacher needs at least two classes")
    return RawData(X, encoded, tuple(feature_names), tuple(str(c) for c in classes))


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
