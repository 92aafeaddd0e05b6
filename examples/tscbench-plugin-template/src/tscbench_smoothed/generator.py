"""A smoothed bootstrap: train rows resampled with replacement plus Gaussian noise.

Every tscbench generator follows the same contract (see tscbench.Generator):
hyperparameters as keyword arguments with defaults, stored unchanged by __init__;
fit(train, *, seed) returns self; sample(n, *, seed) returns n rows shaped like train.X.
Check yours with `tscbench validate --generator=NAME`, or in your own tests with
tscbench.testing (tests/test_contract.py beside this package shows how).
"""
import numpy as np

from tscbench import Generator


class SmoothedBootstrap(Generator):
    """Train rows resampled with replacement, plus Gaussian noise of `bandwidth` train SDs.

    A kernel density estimate with a diagonal Gaussian kernel, sampled exactly. Category codes
    and gaps are kept as the resampled row has them (noise on a code would make an unknown
    category); images are clipped to their pixel range and integer columns rounded.
    """

    modalities = ("tabular", "image")
    version = "1"  # bump when the samples change for the same parameters and seed

    def __init__(self, bandwidth: float = 0.2):
        self.bandwidth = bandwidth

    def validate_params(self):
        if self.bandwidth < 0:
            raise ValueError(f"bandwidth={self.bandwidth} must be >= 0")

    def fit(self, train, *, seed):
        self.validate_params()
        self.train_ = train
        sd = np.nanstd(train.X, axis=0)  # gaps (NaN) do not count
        if train.schema is not None:  # tables: category codes get no noise
            sd[train.schema.categorical] = 0.0
        self.sd_ = np.nan_to_num(sd) * self.bandwidth
        return self

    def sample(self, n, *, seed):
        rng = np.random.default_rng(seed)
        rows = self.train_.X[rng.integers(0, len(self.train_.X), size=n)]
        out = rows + rng.normal(0.0, 1.0, size=rows.shape) * self.sd_  # a gap stays a gap
        return self.train_.finish(out)  # pixels clipped, integer-valued columns whole
