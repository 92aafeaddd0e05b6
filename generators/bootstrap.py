import numpy as np

from tscbench.generator import Generator


class Bootstrap(Generator):
    """Train rows resampled with replacement: real points, no new ones.

    The simplest augmentation. It cannot add inputs the teacher has not been shown, so it bounds
    what "more of the same data" buys a student.
    """

    modalities = ("tabular", "image")

    def fit(self, train, *, seed):
        self.X_ = train.X
        return self

    def sample(self, n, *, seed):
        rng = np.random.default_rng(seed)
        return self.X_[rng.integers(0, len(self.X_), size=n)].copy()
