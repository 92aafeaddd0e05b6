"""The data model: a data set as a source delivers it, a task's prepared split, and the train
data a generator learns from."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from tscbench.data.encoding import TableEncoding
from tscbench.data.schema import Schema
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
    # tables: what each column holds (None: all numeric); X is then in the column space
    schema: Schema | None = None
    regression: bool = False  # y holds values to predict, not class indices


@dataclass(frozen=True, eq=False)
class TrainData:
    """What a generator may learn from: the real train split, standardised, with its labels.

    `discrete` marks columns that were integer-valued before standardisation; `mean` and `scale`
    undo the standardisation, so a generator can round such columns in the original units.
    `value_range` is the fixed range of the inputs (pixels: (0, 1)), or None. `device` is
    where torch generators should train ("cpu", "cuda"): the run's --device.

    Tables carry their `schema` (data/schema.py): X is in the column space (numbers
    standardised, categories as integer codes, NaN where a value is missing) and `sample` returns
    rows in that space. Generators that want real-valued inputs use `encode()` (one-hot
    categories, gaps as indicators) and `decode()` (back to the column space). On regression
    tasks y is the target's quantile bin (`n_classes` bins), so class-conditional generators
    work unchanged; the teacher labels every sample with its own prediction.
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
    schema: Schema | None = None

    @cached_property
    def encoding(self) -> TableEncoding | None:
        return None if self.schema is None else TableEncoding(self.schema)

    def encode(self, X: np.ndarray | None = None) -> np.ndarray:
        """Column space -> real-valued one-hot space (identity on all-numeric tables and images)."""
        X = self.X if X is None else X
        return X if self.encoding is None else self.encoding.one_hot(X)

    def decode(self, Z: np.ndarray) -> np.ndarray:
        """The one-hot space (any real values) -> the column space: the largest slot of each
        category block wins, a "missing" indicator above 0.5 makes the value missing."""
        return Z if self.encoding is None else self.encoding.decode(Z)

    def snap_discrete(self, X: np.ndarray) -> np.ndarray:
        """Round integer-valued columns to whole numbers in original units."""
        if not self.discrete.any():
            return X
        X = X.copy()
        cols = self.discrete
        X[:, cols] = (np.round(X[:, cols] * self.scale[cols] + self.mean[cols])  # NaN stays NaN
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
    schema: Schema | None = None
    # tables whose schema is not plain: the column space (X_train / X_test hold the model
    # encoding); None where the two are the same arrays
    columns_train: np.ndarray | None = None
    columns_test: np.ndarray | None = None
    # regression: y holds the target values; `strata_train` their quantile bins (generators'
    # classes) and n_classes the number of bins
    regression: bool = False
    strata_train: np.ndarray | None = None

    @cached_property
    def encoding(self) -> TableEncoding | None:
        return None if self.schema is None else TableEncoding(self.schema)

    @property
    def generator_train(self) -> np.ndarray:
        """The train inputs in the space generators see (the column space)."""
        return self.X_train if self.columns_train is None else self.columns_train

    def to_model(self, X: np.ndarray) -> np.ndarray:
        """Generated rows (column space) -> what teachers and students read."""
        return X if self.encoding is None else self.encoding.model(X)

    def to_measure(self, X: np.ndarray) -> np.ndarray:
        """Generated rows (column space) -> the space distances are measured in (one-hot)."""
        return X if self.encoding is None else self.encoding.one_hot(X)

    @cached_property
    def measure_train(self) -> np.ndarray:
        return self.to_measure(self.generator_train)

    @cached_property
    def measure_test(self) -> np.ndarray:
        return self.to_measure(self.X_test if self.columns_test is None else self.columns_test)

    @property
    def train(self) -> TrainData:
        """What a generator gets: read-only views, so writing into them raises at once rather
        than corrupting the task's data for the cells after it."""
        labels = self.y_train if self.strata_train is None else self.strata_train
        return TrainData(_read_only(self.generator_train), _read_only(labels), self.n_classes,
                         self.modality, self.feature_names, _read_only(self.discrete),
                         _read_only(self.mean), _read_only(self.scale), self.value_range,
                         schema=self.schema)

    def unchanged(self) -> bool:
        """Whether the arrays still hash to the split hash (nothing wrote into them)."""
        arrays = [self.X_train, self.y_train, self.X_test, self.y_test]
        if self.columns_train is not None:
            arrays += [self.columns_train, self.columns_test]
        return split_hash(*arrays, schema=self.schema) == self.split_hash


def _read_only(array: np.ndarray) -> np.ndarray:
    view = array.view()
    view.setflags(write=False)
    return view


def split_hash(X_train, y_train, X_test, y_test, *more, schema: Schema | None) -> str:
    """The hash that names a prepared split; tables with a non-plain schema hash their column
    space and schema too (all-numeric splits hash as they always have)."""
    if schema is None or schema.plain:
        return sha256_arrays(X_train, y_train, X_test, y_test)
    from tscbench.hashing import sha256_json

    return sha256_json({"arrays": sha256_arrays(X_train, y_train, X_test, y_test, *more),
                        "schema": schema.to_dict()})
