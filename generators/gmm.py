import numpy as np
from sklearn.mixture import GaussianMixture

from tscbench.data import class_counts
from tscbench.generator import Generator
from tscbench.nn import ContinuousTable


class ClassGMM(Generator):
    """A Gaussian mixture per class (scikit-learn): a strong, cheap, class-aware baseline.

    Each class gets `n_components` full-covariance components (fewer if the class is small).
    `class_sampling` is "balanced" (equal counts per class, as the GAN-TSC authors sample) or
    "prior" (train class frequencies). Integer-valued columns are rounded. Categorical columns
    and gaps are modelled as one-hot slots and 0/1 indicators and decoded back (the largest slot
    wins).

    Version 2 draws each component's rows through the Cholesky factor of its covariance, not
    scikit-learn's `sample` (numpy's `multivariate_normal`, which factors by SVD): an SVD's
    singular vectors may flip sign with the CPU's BLAS kernels, so on another CPU 7.5% of the
    rows came out different on letter; the Cholesky factor is unique, and the rows then differ
    by float rounding at most (docs/studies/cpu-portability).
    """

    version = "2"

    def __init__(self, n_components: int = 10, covariance_type: str = "full",
                 class_sampling: str = "balanced", reg_covar: float = 1e-4):
        self.n_components = n_components
        self.covariance_type = covariance_type
        self.class_sampling = class_sampling
        self.reg_covar = reg_covar

    def fit(self, train, *, seed):
        self.train_ = train
        self.table_ = ContinuousTable(train, seed, quantiles=False)
        self.models_ = []
        for c in range(train.n_classes):
            X = self.table_.X[train.y == c]
            k = max(1, min(self.n_components, len(X) // 10))
            model = GaussianMixture(k, covariance_type=self.covariance_type,
                                    reg_covar=self.reg_covar, random_state=(seed + c) % 2**31)
            self.models_.append(model.fit(X))
        return self

    def sample(self, n, *, seed):
        counts = class_counts(n, self.train_.y, self.train_.n_classes, self.class_sampling)
        rng = np.random.default_rng(seed)
        parts = []
        for model, count in zip(self.models_, counts):
            draws = np.random.default_rng(int(rng.integers(2**31)))
            if count:
                parts.append(_draw(model, count, draws))
        out = np.concatenate(parts)
        out = out[rng.permutation(len(out))]
        return self.train_.snap_discrete(self.table_.back(out))


def _draw(model: GaussianMixture, n: int, rng: np.random.Generator) -> np.ndarray:
    """n rows from a fitted mixture: component counts by its weights, then mean + L z with L the
    (unique) Cholesky factor of the component's covariance."""
    counts = rng.multinomial(n, model.weights_ / model.weights_.sum())
    factors = np.linalg.cholesky(_covariances(model))
    return np.concatenate([
        mean + rng.standard_normal((count, len(mean))) @ factor.T
        for mean, factor, count in zip(model.means_, factors, counts) if count])


def _covariances(model: GaussianMixture) -> np.ndarray:
    """Each component's full covariance matrix, whatever the covariance type."""
    k, d = model.means_.shape
    cov = model.covariances_
    if model.covariance_type == "full":
        return cov
    if model.covariance_type == "tied":
        return np.broadcast_to(cov, (k, d, d))
    if model.covariance_type == "diag":
        return np.stack([np.diag(c) for c in cov])
    return np.stack([np.eye(d) * c for c in cov])  # spherical
