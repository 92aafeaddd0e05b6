import numpy as np

from tscbench.generator import Generator


class GaussianNoise(Generator):
    """Independent Gaussian per feature, matching each train column's mean and standard deviation.

    It ignores every dependence between features and the classes: the floor any real generator
    should clear. `scale` widens (>1) or narrows (<1) the spread. Integer-valued columns are
    rounded; on images each pixel is its own feature and values are clipped to [0, 1].
    Categorical columns draw categories by their train frequencies; every column has gaps at its
    train missing rate.
    """

    modalities = ("tabular", "image")

    def __init__(self, scale: float = 1.0):
        self.scale = scale

    def validate_params(self):
        if self.scale <= 0:
            raise ValueError(f"scale={self.scale} must be positive")

    def fit(self, train, *, seed):
        self.validate_params()
        self.mean_ = np.nanmean(train.X, axis=0) if self._mixed(train) else train.X.mean(axis=0)
        self.std_ = (np.nanstd(train.X, axis=0) if self._mixed(train) else train.X.std(axis=0)
                     ) * self.scale
        self.train_ = train
        return self

    @staticmethod
    def _mixed(train) -> bool:
        return train.schema is not None and not train.schema.plain

    def sample(self, n, *, seed):
        rng = np.random.default_rng(seed)
        X = rng.normal(self.mean_, self.std_, size=(n, *self.mean_.shape))
        if self._mixed(self.train_):
            self._categories_and_gaps(X, rng)
        return self.train_.finish(X)  # pixels clipped to [0, 1]; integer columns rounded

    def _categories_and_gaps(self, X, rng) -> None:
        """Categorical columns: codes drawn by their train frequencies; every column: gaps at
        its train missing rate. Independent per column, like the numbers."""
        train = self.train_
        for j, column in enumerate(train.schema.columns):
            if column.kind == "categorical":
                codes = train.X[:, j][~np.isnan(train.X[:, j])].astype(np.int64)
                frequency = np.bincount(codes, minlength=len(column.categories)) / len(codes)
                X[:, j] = rng.choice(len(column.categories), size=len(X), p=frequency)
            if column.has_missing:
                X[rng.random(len(X)) < column.missing_rate, j] = np.nan
