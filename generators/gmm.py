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
    """

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
            model.random_state = int(rng.integers(2**31))  # GaussianMixture.sample reads this
            if count:
                parts.append(model.sample(count)[0])
        out = np.concatenate(parts)
        out = out[rng.permutation(len(out))]
        return self.train_.snap_discrete(self.table_.back(out))
