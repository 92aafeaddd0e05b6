import numpy as np
from scipy.special import ndtr, ndtri
from sklearn.covariance import LedoitWolf

from tscbench.data import check_class_sampling, sample_by_class
from tscbench.generator import Generator

_EDGE = 1e-6  # keeps normal scores finite at u = 0 or 1
SHRINKAGE = ("ledoit_wolf", "none")


class GaussianCopula(Generator):
    """A Gaussian copula per class: each column's own distribution, joined by one correlation matrix.

    The default baseline of SDV and SDGym, written here from its definition. Per class, every
    column is mapped to a uniform score and then to a standard normal one; the correlation of
    those scores is the copula. Sampling draws correlated normal scores and maps each back
    through its column's distribution:

    * numbers: the empirical distribution of the class's train values, interpolated between
      them (SDV fits a parametric family per column instead); ties are spread at random, so
      integer columns behave, and are rounded afterwards;
    * categories: each category owns an interval of [0, 1] as wide as its frequency (SDV's
      frequency encoding), ordered by code;
    * gaps: a column's gaps own [0, missing rate), so gaps keep their rate and their
      correlation with the other columns.

    `shrinkage`: "ledoit_wolf" (default) shrinks each class's correlation matrix towards the
    identity by the Ledoit-Wolf weight (scikit-learn), which is near 0 for classes with many more
    rows than columns and keeps small classes' matrices well conditioned; "none" uses the plain
    sample correlation.
    """

    def __init__(self, shrinkage: str = "ledoit_wolf", class_sampling: str = "balanced"):
        self.shrinkage = shrinkage
        self.class_sampling = class_sampling

    def validate_params(self):
        if self.shrinkage not in SHRINKAGE:
            raise ValueError(f"shrinkage={self.shrinkage!r}; use one of {SHRINKAGE}")
        check_class_sampling(self.class_sampling)

    def fit(self, train, *, seed):
        self.validate_params()
        self.train_ = train
        rng = np.random.default_rng(seed)
        categorical = _categorical(train)
        self.classes_ = [_ClassCopula(train.X[train.y == c], categorical, self.shrinkage, rng)
                         for c in range(train.n_classes)]
        return self

    def sample(self, n, *, seed):
        rng = np.random.default_rng(seed)
        out = sample_by_class(n, self.train_.y, self.train_.n_classes, self.class_sampling,
                              lambda c, count: self.classes_[c].sample(count, rng), rng)
        return self.train_.finish(out)


def _categorical(train) -> np.ndarray:
    if train.schema is None:
        return np.zeros(train.X.shape[1], dtype=bool)
    return train.schema.categorical


class _ClassCopula:
    """The copula of one class's rows (in the column space)."""

    def __init__(self, X: np.ndarray, categorical: np.ndarray, shrinkage: str, rng):
        self.columns = [_Margin(X[:, j], bool(categorical[j])) for j in range(X.shape[1])]
        if len(X) < 3:
            self.factor = np.eye(X.shape[1])
            return
        scores = np.column_stack([m.normal_scores(X[:, j], rng)
                                  for j, m in enumerate(self.columns)])
        covariance = (LedoitWolf().fit(scores).covariance_ if shrinkage == "ledoit_wolf"
                      else np.cov(scores, rowvar=False))
        self.factor = _cholesky_psd(np.atleast_2d(covariance))

    def sample(self, n: int, rng) -> np.ndarray:
        normal = rng.standard_normal((n, len(self.columns))) @ self.factor.T
        uniform = ndtr(normal)
        return np.column_stack([m.quantile(uniform[:, j]) for j, m in enumerate(self.columns)])


class _Margin:
    """One column's distribution within a class: gaps on [0, rate), then values or categories."""

    def __init__(self, column: np.ndarray, categorical: bool):
        present = column[~np.isnan(column)]
        self.missing_rate = 1 - len(present) / len(column) if len(column) else 0.0
        self.categorical = categorical
        if categorical:
            counts = np.bincount(present.astype(np.int64)) if len(present) else np.zeros(1)
            self.cumulative = np.cumsum(counts) / max(counts.sum(), 1)
        else:
            self.values = np.sort(present)

    def normal_scores(self, column: np.ndarray, rng) -> np.ndarray:
        """Each value's uniform score (ties and categories spread over their interval), as a
        standard normal score."""
        missing = np.isnan(column)
        u = rng.uniform(0, self.missing_rate, len(column))  # the gaps' band
        present = column[~missing]
        if self.categorical:
            codes = present.astype(np.int64)
            low = np.concatenate([[0.0], self.cumulative])[codes]
            high = self.cumulative[codes]
            within = low + rng.uniform(size=len(codes)) * (high - low)
        else:
            order = np.lexsort((rng.uniform(size=len(present)), present))  # random tie-breaking
            ranks = np.empty(len(present))
            ranks[order] = np.arange(len(present))
            within = (ranks + rng.uniform(size=len(present))) / max(len(present), 1)
        u[~missing] = self.missing_rate + (1 - self.missing_rate) * within
        return ndtri(np.clip(u, _EDGE, 1 - _EDGE))

    def quantile(self, u: np.ndarray) -> np.ndarray:
        out = np.full(len(u), np.nan)
        present = u >= self.missing_rate
        if self.missing_rate >= 1 or not present.any():
            return out
        within = (u[present] - self.missing_rate) / (1 - self.missing_rate)
        if self.categorical:
            codes = np.searchsorted(self.cumulative, within, side="right")
            out[present] = np.minimum(codes, len(self.cumulative) - 1)
        else:
            grid = (np.arange(len(self.values)) + 0.5) / len(self.values)
            out[present] = np.interp(within, grid, self.values)
        return out


def _cholesky_psd(matrix: np.ndarray) -> np.ndarray:
    """A Cholesky factor of `matrix` as a correlation matrix, eigenvalues clipped at 1e-6 (an
    estimated one can be numerically indefinite)."""
    values, vectors = np.linalg.eigh(np.nan_to_num(matrix))
    fixed = vectors @ np.diag(np.clip(values, 1e-6, None)) @ vectors.T
    scale = np.sqrt(np.diag(fixed))
    return np.linalg.cholesky(fixed / np.outer(scale, scale))
