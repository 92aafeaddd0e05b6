"""tscbench generators that drive `ctgan.CTGAN` and `ctgan.TVAE`.

Column mapping: tscbench hands a generator standardised numeric columns plus the class label.
The label, and integer-valued columns with at most `max_categories` distinct values, are given to
ctgan as discrete columns (one-hot with a softmax head in the model); every other column is
continuous (ctgan's mode-specific normalisation). Rows are sampled unconditionally, so classes
come out in the proportions the model learned (the teacher labels them anyway), and mapped back
to the train space: dtype, and integer columns rounded.

Seeds: ctgan's `set_random_state` before fitting (seed) and before sampling (sample seed), so the
same seeds give the same samples at the same thread count.
"""
from __future__ import annotations

import numpy as np

from tscbench import Generator

LABEL = "__label__"


class _CtganAdapter(Generator):
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
        frame, discrete = _frame(train, self.max_categories)
        self.columns_ = [c for c in frame.columns if c != LABEL]
        self.train_ = train
        self.model_ = self._model()
        self.model_.set_random_state(seed)
        self.model_.fit(frame, discrete_columns=discrete)
        return self

    def sample(self, n, *, seed):
        self.model_.set_random_state(seed)
        rows = self.model_.sample(n)
        return self.train_.finish(rows[self.columns_].to_numpy(dtype=np.float64))


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


def _frame(train, max_categories: int):
    """The train split as a DataFrame for ctgan, and the names of its discrete columns."""
    import pandas as pd

    X = np.asarray(train.X, dtype=np.float64)
    frame = pd.DataFrame(X, columns=[f"x{i}" for i in range(X.shape[1])])
    discrete = [name for i, name in enumerate(frame.columns)
                if train.discrete[i] and len(np.unique(X[:, i])) <= max_categories]
    frame[LABEL] = np.asarray(train.y).astype(str)
    return frame, [LABEL, *discrete]
