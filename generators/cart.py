import numpy as np
from sklearn.tree import DecisionTreeRegressor

from tscbench.data import check_class_sampling, sample_by_class
from tscbench.generator import Generator


class SequentialCART(Generator):
    """Sequential CART synthesis (Reiter 2005; synthpop's default method), one sequence per class.

    Within a class, the first column is drawn from its train values; each later column j is
    drawn from a regression tree fitted on the columns before it: a synthetic row falls down
    the tree to a leaf and takes column j from a train row of that leaf, drawn at random
    (synthpop's "sample from the leaf's donors"). Donated values are real values, so integer
    columns, categories and gaps come out as they went in, gaps included.

    Trees are scikit-learn's (they route gaps in the predictors natively); a tree's target is
    the column one-hot encoded with a gap indicator, so a category's split criterion is the Gini
    impurity and a number's the variance. Category codes are split as ordered numbers (synthpop's
    rpart splits them as sets). `min_samples_leaf` is synthpop's `minbucket` (5); columns are
    visited in the table's order.
    """

    def __init__(self, min_samples_leaf: int = 5, class_sampling: str = "balanced"):
        self.min_samples_leaf = min_samples_leaf
        self.class_sampling = class_sampling

    def validate_params(self):
        if self.min_samples_leaf < 1:
            raise ValueError(f"min_samples_leaf={self.min_samples_leaf} must be at least 1")
        check_class_sampling(self.class_sampling)

    def fit(self, train, *, seed):
        self.validate_params()
        self.train_ = train
        categorical = (np.zeros(train.X.shape[1], dtype=bool) if train.schema is None
                       else train.schema.categorical)
        self.classes_ = [_ClassSequence(train.X[train.y == c], categorical,
                                        self.min_samples_leaf, seed + c)
                         for c in range(train.n_classes)]
        return self

    def sample(self, n, *, seed):
        rng = np.random.default_rng(seed)
        out = sample_by_class(n, self.train_.y, self.train_.n_classes, self.class_sampling,
                              lambda c, count: self.classes_[c].sample(count, rng), rng)
        return out.astype(self.train_.X.dtype, copy=False)


class _ClassSequence:
    """One class's sequence of trees and, per tree, its train rows grouped by leaf."""

    def __init__(self, X: np.ndarray, categorical: np.ndarray, min_leaf: int, seed: int):
        self.X = X
        self.trees = [None]  # the first column is drawn from its values
        self.donors = [_Donors(np.zeros(len(X), dtype=np.int64))]
        for j in range(1, X.shape[1]):
            tree = DecisionTreeRegressor(min_samples_leaf=min_leaf, random_state=seed % 2**31)
            tree.fit(X[:, :j], _target(X[:, j], bool(categorical[j])))
            self.trees.append(tree)
            self.donors.append(_Donors(tree.apply(X[:, :j])))

    def sample(self, n: int, rng) -> np.ndarray:
        out = np.empty((n, self.X.shape[1]), dtype=np.float64)
        for j, (tree, donors) in enumerate(zip(self.trees, self.donors)):
            leaves = np.zeros(n, dtype=np.int64) if tree is None else tree.apply(out[:, :j])
            out[:, j] = self.X[donors.draw(leaves, rng), j]
        return out


def _target(column: np.ndarray, categorical: bool) -> np.ndarray:
    """A column as a tree target: one-hot categories or the number (gap -> 0, the standardised
    mean), beside a gap indicator."""
    gap = np.isnan(column)
    if categorical:
        codes = np.where(gap, 0, column).astype(np.int64)
        values = np.eye(codes.max() + 1)[codes] * ~gap[:, None]
    else:
        values = np.where(gap, 0.0, column)[:, None]
    return np.column_stack([values, gap])


class _Donors:
    """Train rows grouped by leaf, to draw a random donor from a given leaf."""

    def __init__(self, leaves: np.ndarray):
        self.order = np.argsort(leaves, kind="stable")
        self.leaf_ids, self.starts, self.sizes = np.unique(
            leaves[self.order], return_index=True, return_counts=True)

    def draw(self, leaves: np.ndarray, rng) -> np.ndarray:
        at = np.searchsorted(self.leaf_ids, leaves)  # every leaf a tree routes to holds rows
        offset = (rng.random(len(leaves)) * self.sizes[at]).astype(np.int64)
        return self.order[self.starts[at] + offset]
