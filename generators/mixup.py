import numpy as np

from tscbench.generator import Generator


class Mixup(Generator):
    """Mixup (Zhang et al., ICLR 2018) of inputs: lam * x_i + (1 - lam) * x_j, lam ~ Beta(alpha, alpha).

    Pairs are drawn uniformly from the train rows (`within_class=True` pairs rows of one class
    only). Labels are not mixed: the teacher labels every mixed input. Integer-valued columns are
    rounded; a categorical value (or a gap) comes from the parent with the larger weight.
    """

    modalities = ("tabular", "image")

    def __init__(self, alpha: float = 0.4, within_class: bool = False):
        self.alpha = alpha
        self.within_class = within_class

    def validate_params(self):
        if self.alpha <= 0:
            raise ValueError(f"alpha={self.alpha} must be positive")

    def fit(self, train, *, seed):
        self.validate_params()
        self.train_ = train
        self.by_class_ = [np.flatnonzero(train.y == c) for c in range(train.n_classes)]
        return self

    def sample(self, n, *, seed):
        rng = np.random.default_rng(seed)
        X = self.train_.X
        i = rng.integers(0, len(X), size=n)
        j = self._partners(i, rng) if self.within_class else rng.integers(0, len(X), size=n)
        lam = rng.beta(self.alpha, self.alpha, size=(n,) + (1,) * (X.ndim - 1))
        out = lam * X[i] + (1 - lam) * X[j]
        schema = self.train_.schema
        if schema is not None and not schema.plain:
            # a category (or a gap) cannot be mixed: it comes from the parent with more weight
            dominant = np.where(lam >= 0.5, X[i], X[j])
            as_is = schema.categorical | np.isnan(X[i]) | np.isnan(X[j])
            out[as_is] = dominant[as_is]
        return self.train_.snap_discrete(out)  # images have no integer columns: unchanged

    def _partners(self, i, rng):
        """For each row i, a random partner of the same class."""
        labels = self.train_.y[i]
        j = np.empty_like(i)
        for c, members in enumerate(self.by_class_):
            mask = labels == c
            if mask.any():
                j[mask] = members[rng.integers(0, len(members), size=int(mask.sum()))]
        return j
