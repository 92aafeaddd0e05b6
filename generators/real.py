import numpy as np

from tscbench.generator import Generator


class Real(Generator):
    """The real train rows themselves, in order (cycled past their count): scores 1.0 by construction.

    Its `synthetic` compression set *is* the train set, so its TSC Score is exactly 1.0; it is the
    reference every other generator is read against, and a check that the harness is consistent.
    """

    modalities = ("tabular", "image")
    seeded_samples = False  # the train rows in order, whatever the seed

    def fit(self, train, *, seed):
        self.X_ = train.X
        return self

    def sample(self, n, *, seed):
        return self.X_[np.arange(n) % len(self.X_)].copy()
