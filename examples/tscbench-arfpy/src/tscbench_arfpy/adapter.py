"""A tscbench generator that drives `arfpy.arf` (the ARF authors' Python package), one model per class.

tscbench's own `arf` fits one adversarial forest per class and samples classes as asked; this
adapter does the same with arfpy, so the two differ only in how each implements the paper.
Column mapping: categorical columns become pandas categories (a gap is one more category);
numeric columns stay numbers, a gap filled with the column's median and flagged in a
categorical indicator column, since arfpy does not model missing values. Samples are mapped
back to the column space (gaps restored, integer columns rounded by `TrainData.finish`).

Seeds: arfpy draws from numpy's global generator, so the adapter seeds it before fitting and
before sampling, and passes the seed to its scikit-learn forests.
"""
from __future__ import annotations

import warnings
from contextlib import contextmanager

import numpy as np
import pandas as pd

from tscbench import Generator
from tscbench.data import check_class_sampling, sample_by_class


class ArfpyGenerator(Generator):
    """Adversarial random forests from `arfpy` (Watson et al., AISTATS 2023), one per class;
    arfpy's defaults."""

    modalities = ("tabular",)
    smoke_params = {"num_trees": 5, "max_iters": 1}

    def __init__(self, num_trees: int = 30, delta: float = 0.0, max_iters: int = 10,
                 early_stop: bool = True, min_node_size: int = 5,
                 class_sampling: str = "balanced"):
        self.num_trees = num_trees
        self.delta = delta
        self.max_iters = max_iters
        self.early_stop = early_stop
        self.min_node_size = min_node_size
        self.class_sampling = class_sampling

    def validate_params(self):
        check_class_sampling(self.class_sampling)
        if self.num_trees < 1 or self.max_iters < 0 or self.min_node_size < 1:
            raise ValueError(f"num_trees={self.num_trees} and min_node_size={self.min_node_size} "
                             f"must be at least 1 and max_iters={self.max_iters} at least 0")

    def fit(self, train, *, seed):
        from arfpy import arf

        self.validate_params()
        self.train_ = train
        self.mapping_ = _Frame(train)
        self.models_ = []
        for c in range(train.n_classes):
            np.random.seed((seed + c) % 2**32)
            with _quiet():
                model = arf.arf(self.mapping_.frame(train.X[train.y == c]), num_trees=self.num_trees,
                                delta=self.delta, max_iters=self.max_iters,
                                early_stop=self.early_stop, min_node_size=self.min_node_size,
                                verbose=False, random_state=(seed + c) % 2**31)
                model.forde()
            self.models_.append(model)
        return self

    def sample(self, n, *, seed):
        np.random.seed(seed % 2**32)
        with _quiet():
            out = sample_by_class(
                n, self.train_.y, self.train_.n_classes, self.class_sampling,
                lambda c, count: self.mapping_.back(self.models_[c].forge(int(count))),
                np.random.default_rng(seed))
        return self.train_.finish(out)


@contextmanager
def _quiet():
    """arfpy warns on every column under pandas 2 (positional Series access) and on every small
    forest (rows without out-of-bag votes); neither changes a number."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        warnings.filterwarnings("ignore", "Some inputs do not have OOB scores")
        yield


class _Frame:
    """tscbench's column space <-> the DataFrame arfpy fits."""

    def __init__(self, train):
        X = np.asarray(train.X, dtype=np.float64)
        self.categorical = (train.schema.categorical if train.schema is not None
                            else np.zeros(X.shape[1], dtype=bool))
        self.gappy = ~self.categorical & np.isnan(X).any(axis=0)
        self.fill = np.where(self.gappy, np.nanmedian(np.where(self.gappy, X, 0.0), axis=0), 0.0)
        self.names = [f"x{j}" for j in range(X.shape[1])]

    def frame(self, X: np.ndarray) -> pd.DataFrame:
        columns = {}
        for j, name in enumerate(self.names):
            column = X[:, j]
            if self.categorical[j]:
                columns[name] = pd.Categorical(np.where(np.isnan(column), "gap",
                                                        np.nan_to_num(column).astype(int).astype(str)))
                continue
            columns[name] = np.where(np.isnan(column), self.fill[j], column)
            if self.gappy[j]:
                columns[name + "__gap"] = pd.Categorical(np.isnan(column).astype(str))
        return pd.DataFrame(columns)

    def back(self, frame: pd.DataFrame) -> np.ndarray:
        out = np.empty((len(frame), len(self.names)))
        for j, name in enumerate(self.names):
            values = frame[name].astype(str).to_numpy() if self.categorical[j] else None
            if values is not None:
                out[:, j] = np.where(values == "gap", np.nan,
                                     np.where(values == "gap", "0", values).astype(float))
                continue
            out[:, j] = frame[name].astype(float).to_numpy()
            if self.gappy[j]:
                out[frame[name + "__gap"].astype(str).to_numpy() == "True", j] = np.nan
        return out
