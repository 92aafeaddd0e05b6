"""A smoothed bootstrap: train rows resampled with replacement plus Gaussian noise.

Every tscbench generator follows the same contract (see tscbench.Generator):
hyperparameters as keyword arguments with defaults, stored unchanged by __init__;
fit(train, *, seed) returns self; sample(n, *, seed) returns n rows shaped like train.X.
"""
import numpy as np

from tscbench import Generator


class SmoothedBootstrap(Generator):
    """Train rows resampled with replacement, plus Gaussian noise of `bandwidth` train SDs.

    A kernel density estimate with a diagonal Gaussian kernel, sampled exactly.
    """

    modalities = ("tabular",)
    version = "1"  # bump when the samples change for the same parameters and seed

    def __init__(self, bandwidth: float = 0.2):
        self.bandwidth = bandwidth

    def fit(self, train, *, seed):
        if self.bandwidth < 0:
            raise ValueError(f"bandwidth={self.bandwidth} must be >= 0")
        self.train_ = train
        self.sd_ = train.X.std(axis=0) * self.bandwidth
        return self

    def sample(self, n, *, seed):
        rng = np.random.default_rng(seed)
        rows = self.train_.X[rng.integers(0, len(self.train_.X), size=n)]
        out = rows + rng.normal(0.0, 1.0, size=rows.shape) * self.sd_
        return self.train_.snap_discrete(out)  # keep integer-valued columns whole
