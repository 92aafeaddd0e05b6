"""tscbench generators that drive `ctgan.CTGAN` and `ctgan.TVAE`.

Column mapping: tscbench hands a generator the table's column space (numbers standardised,
categories as integer codes, NaN where a value is missing) plus the class label. The label,
categorical columns, and integer-valued columns with at most `max_categories` distinct values are
given to ctgan as discrete columns (one-hot with a softmax head in the model), a gap being one
more category; every other column is continuous (ctgan's mode-specific normalisation), its gaps
filled with the column's median and flagged in a discrete indicator column, because ctgan does
not model missing values (sdv-dev/CTGAN#413: sampling fails on a table with nulls). Rows are
sampled unconditionally, so classes come out in the proportions the model learned (the teacher
labels them anyway), and mapped back to the train space: gaps restored, dtype, integer columns
rounded.

Seeds: ctgan's `set_random_state` before fitting (seed) and before sampling (sample seed), so the
same seeds give the same samples at the same thread count.
"""
from __future__ import annotations

import numpy as np

from tscbench import Generator

LABEL = "__label__"


class _CtganAdapter(Generator):
    #: Still 1 after gaps and categories were mapped explicitly: that change alters no sample
    #: version 1 could draw (on gap-free tables the draws are bit-identical; on tables with gaps
    #: version 1's sampling failed, sdv-dev/CTGAN#413), so no stored result goes stale.
    version = "1"
    modalities = ("tabular",)
    smoke_params = {"epochs": 2}

    def _model(self):
        raise NotImplementedError

    def validate_params(self):
        if self.epochs < 1 or self.batch_size < 2 or self.batch_size % 2:
            raise ValueError(f"epochs={self.epochs} must be >= 1 and batch_size="
                             f"{self.batch_size} an even number >= 2")

    def fit(self, train, *, seed):
        self.validate_params()
        self.mapping_ = _ColumnMapping(train, self.max_categories)
        frame = self.mapping_.frame(train.X, train.y)
        self.train_ = train
        self.model_ = self._model()
        self.model_.set_random_state(seed)
        self.model_.fit(frame, discrete_columns=self.mapping_.discrete_columns)
        return self

    def sample(self, n, *, seed):
        self.model_.set_random_state(seed)
        rows = self.model_.sample(n)
        return self.train_.finish(self.mapping_.back(rows))


class CTGANGenerator(_CtganAdapter):
    """CTGAN (Xu et al., NeurIPS 2019) from the `ctgan` package: conditional GAN with
    mode-specific normalisation and PacGAN packing. Defaults are ctgan's own."""

    def __init__(self, epochs: int = 300, batch_size: int = 500, pac: int = 10,
                 embedding_dim: int = 128, max_categories: int = 32):
        self.epochs = epochs
        self.batch_size = batch_size
        self.pac = pac
        self.embedding_dim = embedding_dim
        self.max_categories = max_categories

    def validate_params(self):
        super().validate_params()
        if self.batch_size % self.pac:
            raise ValueError(f"batch_size={self.batch_size} must be a multiple of pac={self.pac}")

    def _model(self):
        from ctgan import CTGAN

        return CTGAN(epochs=self.epochs, batch_size=self.batch_size, pac=self.pac,
                     embedding_dim=self.embedding_dim, enable_gpu=False)


class TVAEGenerator(_CtganAdapter):
    """TVAE (Xu et al., NeurIPS 2019) from the `ctgan` package: a variational autoencoder with
    mode-specific normalisation. Defaults are ctgan's own."""

    def __init__(self, epochs: int = 300, batch_size: int = 500, embedding_dim: int = 128,
                 max_categories: int = 32):
        self.epochs = epochs
        self.batch_size = batch_size
        self.embedding_dim = embedding_dim
        self.max_categories = max_categories

    def _model(self):
        from ctgan import TVAE

        return TVAE(epochs=self.epochs, batch_size=self.batch_size,
                    embedding_dim=self.embedding_dim, enable_gpu=False)


class _ColumnMapping:
    """tscbench's column space <-> the DataFrame ctgan fits: discrete columns as strings (a gap
    is the category "nan"), continuous gaps as a median fill plus an indicator column."""

    def __init__(self, train, max_categories: int):
        X = np.asarray(train.X, dtype=np.float64)
        schema = train.schema
        categorical = (schema.categorical if schema is not None
                       else np.zeros(X.shape[1], dtype=bool))
        distinct = [len(np.unique(col[~np.isnan(col)])) for col in X.T]
        self.names = [f"x{i}" for i in range(X.shape[1])]
        self.discrete = categorical | (np.asarray(train.discrete, dtype=bool)
                                       & (np.array(distinct) <= max_categories))
        self.gappy = ~self.discrete & np.isnan(X).any(axis=0)
        self.fill = np.where(self.gappy, np.nanmedian(np.where(self.gappy, X, 0.0), axis=0), 0.0)

    @property
    def discrete_columns(self) -> list[str]:
        flags = [f"{n}__missing" for n, g in zip(self.names, self.gappy) if g]
        return [LABEL, *(n for n, d in zip(self.names, self.discrete) if d), *flags]

    def frame(self, X: np.ndarray, y: np.ndarray):
        import pandas as pd

        columns = {}
        for i, name in enumerate(self.names):
            col = np.asarray(X[:, i], dtype=np.float64)
            if self.discrete[i]:
                columns[name] = col.astype(str)  # repr round-trips a float64; NaN -> "nan"
            else:
                gap = np.isnan(col)
                columns[name] = np.where(gap, self.fill[i], col)
                if self.gappy[i]:
                    columns[f"{name}__missing"] = gap.astype(int).astype(str)
        columns[LABEL] = np.asarray(y).astype(str)
        return pd.DataFrame(columns)

    def back(self, rows) -> np.ndarray:
        out = np.empty((len(rows), len(self.names)))
        for i, name in enumerate(self.names):
            out[:, i] = rows[name].astype(float).to_numpy()
            if self.gappy[i]:
                out[rows[f"{name}__missing"].to_numpy() == "1", i] = np.nan
        return out
