"""The data model: a data set as a source delivers it, a task's prepared split, and the train
data a generator learns from."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from tscbench.hashing import sha256_arrays

#: Pixels: a fixed physical range, kept in its units rather than standardised.
PIXEL_RANGE = (0.0, 1.0)


@dataclass(frozen=True)
class RawData:
    """A data set as a source delivers it: either unsplit (X, y) or already split."""

    X: np.ndarray
    y: np.ndarray
    feature_names: tuple[str, ...]
    class_names: tuple[str, ...]
    modality: str = "tabular"
    test: tuple[np.ndarray, np.ndarray] | None = None  # a given split (X_test, y_test)
    # values confined to a fixed range (pixels): kept as they are; None: standardised on train
    value_range: tuple[float, float] | None = None


@dataclass(frozen=True, eq=False)
class TrainData:
    """What a generator may learn from: the real train split, standardised, with its labels.

    `discrete` marks columns that were integer-valued before standardisation; `mean` and `scale`
    undo the standardisation, so a generator can round such columns in the original units.
    `value_range` is the fixed range of the inputs (pixels: (0, 1)), or None. `device` is
    where torch generators should train ("cpu", "cuda"): the run's --device.
    """

    X: np.ndarray
    y: np.ndarray
    n_classes: int
    modality: str
    feature_names: tuple[str, ...]
    discrete: np.ndarray
    mean: np.ndarray
    scale: np.ndarray
    value_range: tuple[float, float] | None = None
    device: str = "cpu"

    def snap_discrete(self, X: np.ndarray) -> np.ndarray:
        """Round integer-valued columns to whole numbers in original units."""
        if not self.discrete.any():
            return X
        X = X.copy()
        cols = self.discrete
        X[:, cols] = (np.round(X[:, cols] * self.scale[cols] + self.mean[cols])
                      - self.mean[cols]) / self.scale[cols]
        return X

    def finish(self, X: np.ndarray) -> np.ndarray:
        """Raw generator output -> samples in the train space: clipped to the fixed value range
        (if any), in the train inputs' dtype, integer columns rounded."""
        if self.value_range is not None:
            X = np.clip(X, *self.value_range)
        return self.snap_discrete(X.astype(self.X.dtype, copy=False))


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
    value_range: tuple[float, float] | None = None

    @property
    def train(self) -> TrainData:
        """What a generator gets: read-only views, so writing into them raises at once rather
        than corrupting the task's data for the cells after it."""
        return TrainData(_read_only(self.X_train), _read_only(self.y_train), self.n_classes,
                         self.modality, self.feature_names, _read_only(self.discrete),
                         _read_only(self.mean), _read_only(self.scale), self.value_range)

    def unchanged(self) -> bool:
        """Whether the arrays still hash to the split hash (nothing wrote into them)."""
        return sha256_arrays(self.X_train, self.y_train, self.X_test, self.y_test) == \
            self.split_hash


def _read_only(array: np.ndarray) -> np.ndarray:
    view = array.view()
    view.setflags(write=False)
    return view
