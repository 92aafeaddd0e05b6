import numpy as np

from tscbench.generator import Generator


class GaussianNoise(Generator):
    """Independent Gaussian per feature, matching each train column's mean and standard deviation.

    It ignores every dependence between features and the classes: the floor any real generator
    should clear. `scale` widens (>1) or narrows (<1) the spread. Integer-valued columns are
    rounded; on images each pixel is its own feature and values are clipped to [0, 1].
    """

    modalities = ("tabular", "image")

    def __init__(self, scale: float = 1.0):
        self.scale = scale

    def validate_params(self):
        if self.scale <= 0:
            raise ValueError(f"scale={self.scale} must be positive")

    def fit(self, train, *, seed):
        self.validate_params()
        self.mean_ = train.X.mean(axis=0)
        self.std_ = train.X.std(axis=0) * self.scale
        self.train_ = train
        return self

    def sample(self, n, *, seed):
        rng = np.random.default_rng(seed)
        X = rng.normal(self.mean_, self.std_, size=(n, *self.mean_.shape))
        return self.train_.finish(X)  # pixels clipped to [0, 1]; integer columns rounded
