from __future__ import annotations

import warnings

import numpy as np
from scipy.stats import truncnorm
from sklearn.ensemble import RandomForestClassifier

from tscbench.data import check_class_sampling, sample_by_class
from tscbench.generator import Generator


class AdversarialRandomForest(Generator):
    """Adversarial random forests (Watson, Blesch, Kapar & Wright, AISTATS 2023), one per class.

    Training (ARF): a random forest learns to tell the class's train rows from synthetic ones,
    first drawn column by column from the train marginals; then, again and again, from the
    forest's leaves: a leaf chosen by its share of real rows, each column drawn on its own from
    the real rows in that leaf. It stops when the forest's out-of-bag accuracy falls to
    0.5 + `delta`, after `max_iters` rounds, or (`early_stop`) when a round makes it worse. The
    leaves then hold rows whose columns are close to independent.

    Pruning (version 2, as arfpy does): in the final forest a leaf holding fewer than
    `min_node_size` of the class's real rows is merged into its sibling (its parent sends every
    row to the sibling's subtree; when both children go, the parent goes in turn). The forest's
    own `min_samples_leaf` counts real and synthetic rows together, so without this a leaf can
    hold a single real row, and a draw from it returns that row: an exact copy. The floor is at
    least 2 rows when the table has a numeric column (arfpy instead gives such leaves no
    weight). The training rounds draw from the unpruned forests, as arfpy's do.

    Density and sampling (FORDE / FORGE): a tree at random, a leaf by its share of real rows,
    then each column on its own within that leaf: numbers from a normal with the leaf's mean
    and sample standard deviation truncated to the leaf's box (clipped to the class's train
    range; a leaf with one distinct value gives that value); categories, and whether the value
    is a gap, by their shares among the leaf's real rows. Integer columns are rounded.

    Defaults are the paper's and arfpy's (30 trees, delta 0, 10 rounds, early stop, leaves of at
    least 5 rows). The forests are scikit-learn's, as arfpy's are (the R package uses ranger);
    category codes are split as ordered numbers. Versions: CHANGELOG.md.
    """

    version = "2"  # CHANGELOG.md: what each version changed

    def __init__(self, num_trees: int = 30, delta: float = 0.0, max_iters: int = 10,
                 early_stop: bool = True, min_node_size: int = 5,
                 class_sampling: str = "balanced"):
        self.num_trees = num_trees
        self.delta = delta
        self.max_iters = max_iters
        self.early_stop = early_stop
        self.min_node_size = min_node_size
        self.class_sampling = class_sampling

    smoke_params = {"num_trees": 5, "max_iters": 1}

    def validate_params(self):
        if self.num_trees < 1 or self.max_iters < 0 or self.min_node_size < 1:
            raise ValueError(f"num_trees={self.num_trees} and min_node_size={self.min_node_size} "
                             f"must be at least 1 and max_iters={self.max_iters} at least 0")
        if not 0 <= self.delta < 0.5:
            raise ValueError(f"delta={self.delta} must lie in [0, 0.5)")
        check_class_sampling(self.class_sampling)

    def fit(self, train, *, seed):
        self.validate_params()
        self.train_ = train
        categorical = (np.zeros(train.X.shape[1], dtype=bool) if train.schema is None
                       else train.schema.categorical)
        rng = np.random.default_rng(seed)
        # a one-row leaf would hand back its row: never fewer than 2 where numbers are smoothed
        smallest_leaf = max(self.min_node_size, 1 if categorical.all() else 2)
        self.classes_ = [self._fit_class(train.X[train.y == c], categorical, smallest_leaf, rng)
                         for c in range(train.n_classes)]
        return self

    def _fit_class(self, X, categorical, smallest_leaf, rng) -> _LeafDensity:
        synthetic = _column_marginals(X, rng)
        forest, accuracy = self._discriminate(X, synthetic, rng)
        for _ in range(self.max_iters):
            if accuracy <= 0.5 + self.delta:
                break
            density = _LeafDensity(forest, X, categorical, smallest_leaf=None)
            candidate, new_accuracy = self._discriminate(X, density.draw_observed(len(X), rng),
                                                         rng)
            if self.early_stop and new_accuracy > accuracy:
                break
            forest, accuracy = candidate, new_accuracy
        return _LeafDensity(forest, X, categorical, smallest_leaf)

    def _discriminate(self, real, synthetic, rng):
        forest = RandomForestClassifier(
            self.num_trees, min_samples_leaf=self.min_node_size, oob_score=True,
            random_state=int(rng.integers(2**31)))
        labels = np.r_[np.ones(len(real)), np.zeros(len(synthetic))]
        with warnings.catch_warnings():  # few trees leave some rows without an out-of-bag vote
            warnings.filterwarnings("ignore", "Some inputs do not have OOB scores")
            forest.fit(np.concatenate([real, synthetic]), labels)
        return forest, forest.oob_score_

    def sample(self, n, *, seed):
        rng = np.random.default_rng(seed)
        out = sample_by_class(n, self.train_.y, self.train_.n_classes, self.class_sampling,
                              lambda c, count: self.classes_[c].draw(count, rng), rng)
        return self.train_.finish(out)


def _column_marginals(X: np.ndarray, rng) -> np.ndarray:
    """Each column drawn on its own from its values: the first round's synthetic rows."""
    return np.column_stack([X[rng.integers(len(X), size=len(X)), j] for j in range(X.shape[1])])


class _LeafDensity:
    """A forest's leaves, pruned to at least `smallest_leaf` real rows each (None: as grown,
    for the training rounds' draws), as a mixture of products of per-column distributions
    (FORDE); only the real rows (the class's train rows) define them."""

    def __init__(self, forest, X: np.ndarray, categorical: np.ndarray,
                 smallest_leaf: int | None):
        self.forest, self.X, self.categorical = forest, X, categorical
        leaves = forest.apply(X)  # (rows, trees): the leaf of each real row in each tree
        self.children = [None if smallest_leaf is None else
                         _pruned_children(tree.tree_, leaves[:, t], smallest_leaf)
                         for t, tree in enumerate(forest.estimators_)]
        self.leaves = np.column_stack([
            _route(X, tree.tree_, *children) if children is not None else leaves[:, t]
            for t, (tree, children) in enumerate(zip(forest.estimators_, self.children))])
        self.low, self.high = np.nanmin(X, axis=0), np.nanmax(X, axis=0)
        n_trees = self.leaves.shape[1]
        flat = (self.leaves * n_trees + np.arange(n_trees)).ravel()  # (leaf, tree) as one key
        self.order = np.argsort(flat, kind="stable")
        self.keys, self.starts, self.sizes = np.unique(flat[self.order], return_index=True,
                                                       return_counts=True)
        self.bounds = {}  # tree -> (lower, upper) of every node's box, computed when first drawn

    def _rows_by_leaf(self, n, rng):
        """n (tree, leaf) draws as real rows: a random tree, then a leaf by its share of real
        rows is a random real row's leaf in that tree."""
        trees = rng.integers(self.leaves.shape[1], size=n)
        leaves = self.leaves[rng.integers(len(self.X), size=n), trees]
        return trees, leaves

    def _donors(self, trees, leaves, rng) -> np.ndarray:
        """For each draw, a random real row from the same leaf of the same tree."""
        n_trees = self.leaves.shape[1]
        at = np.searchsorted(self.keys, leaves * n_trees + trees)
        pick = self.order[self.starts[at] + (rng.random(len(at)) * self.sizes[at]).astype(np.int64)]
        return pick // n_trees  # the row of the flattened (row, tree) entry

    def draw_observed(self, n, rng) -> np.ndarray:
        """Training rounds: every column from its own random real row of the drawn leaf."""
        trees, leaves = self._rows_by_leaf(n, rng)
        return np.column_stack([self.X[self._donors(trees, leaves, rng), j]
                                for j in range(self.X.shape[1])])

    def draw(self, n, rng) -> np.ndarray:
        """Sampling (FORGE): numbers from the leaf's truncated normal, categories and gaps as
        a random real row of the leaf has them."""
        trees, leaves = self._rows_by_leaf(n, rng)
        out = np.empty((n, self.X.shape[1]))
        for j in range(self.X.shape[1]):
            out[:, j] = self.X[self._donors(trees, leaves, rng), j]
            if not self.categorical[j]:
                self._smooth_numbers(out, j, trees, leaves, rng)
        return out

    def _smooth_numbers(self, out, j, trees, leaves, rng) -> None:
        present = ~np.isnan(out[:, j])
        if not present.any():
            return
        mean, sd = self._leaf_moments(j, trees[present], leaves[present])
        low, high = self._boxes(j, trees[present], leaves[present])
        varied = sd > 0
        values = mean.copy()
        a, b = (low[varied] - mean[varied]) / sd[varied], (high[varied] - mean[varied]) / sd[varied]
        values[varied] = truncnorm.rvs(a, b, loc=mean[varied], scale=sd[varied], random_state=rng)
        out[present, j] = values

    def _leaf_moments(self, j, trees, leaves):
        """Mean and standard deviation of column j's present values in each drawn leaf."""
        mean, sd = np.empty(len(trees)), np.empty(len(trees))
        column = self.X[:, j]
        present = ~np.isnan(column)
        for t in np.unique(trees):
            here = trees == t
            ids, inverse = np.unique(self.leaves[present, t], return_inverse=True)
            count = np.bincount(inverse, minlength=len(ids))
            total = np.bincount(inverse, column[present], minlength=len(ids))
            square = np.bincount(inverse, column[present] ** 2, minlength=len(ids))
            leaf_mean = total / np.maximum(count, 1)
            spread = np.maximum(square - count * leaf_mean ** 2, 0)  # sample sd, as arfpy's
            leaf_sd = np.sqrt(spread / np.maximum(count - 1, 1))
            at = np.searchsorted(ids, leaves[here])
            mean[here], sd[here] = leaf_mean[at], np.where(leaf_sd > 1e-12, leaf_sd, 0.0)[at]
        return mean, sd

    def _boxes(self, j, trees, leaves):
        """Bounds of column j in each drawn leaf's box, within the class's train range."""
        low = np.full(len(trees), self.low[j])
        high = np.full(len(trees), self.high[j])
        for t in np.unique(trees):
            here = trees == t
            if t not in self.bounds:
                self.bounds[t] = _node_boxes(self.forest.estimators_[t].tree_, self.X.shape[1],
                                             self.children[t])
            tree_low, tree_high = self.bounds[t]
            low[here] = np.maximum(low[here], tree_low[leaves[here], j])
            high[here] = np.minimum(high[here], tree_high[leaves[here], j])
        return low, high


def _pruned_children(tree, real_leaves: np.ndarray, smallest_leaf: int):
    """The tree's (left, right) child arrays with every leaf of fewer than `smallest_leaf` real
    rows (empty ones included, as arfpy) cut off: its parent points both ways to the sibling.
    Where the sibling is cut off too, the parent is cut off from its own parent in the same way.
    None when nothing is cut."""
    left, right = tree.children_left, tree.children_right
    leaves = np.flatnonzero(left < 0)
    counts = np.bincount(real_leaves, minlength=tree.node_count)[leaves]
    small = leaves[counts < smallest_leaf]
    if len(small) == 0:
        return None
    left, right = left.copy(), right.copy()
    parent = np.full(tree.node_count, -1)
    inner = np.flatnonzero(left >= 0)
    parent[left[inner]] = parent[right[inner]] = inner
    for leaf in small:
        child, node = leaf, parent[leaf]
        while node >= 0 and left[node] == right[node]:  # already cut: its region is one child's
            if left[node] != child:
                break  # this leaf is no longer reachable
            child, node = node, parent[node]
        else:
            if node >= 0:
                if left[node] == child:
                    left[node] = right[node]
                else:
                    right[node] = left[node]
    return left, right


def _route(X: np.ndarray, tree, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """The leaf each row reaches through the pruned child arrays; the comparisons are the
    tree's own (float32 features, gaps sent where the tree learned to send them)."""
    X = X.astype(np.float32)
    feature, threshold = tree.feature, tree.threshold
    missing_left = getattr(tree, "missing_go_to_left", np.zeros(tree.node_count, dtype=bool))
    node = np.zeros(len(X), dtype=np.intp)
    inner = np.flatnonzero(left[node] >= 0)
    while len(inner):
        at = node[inner]
        value = X[inner, feature[at]]
        go_left = np.where(np.isnan(value), missing_left[at].astype(bool), value <= threshold[at])
        node[inner] = np.where(go_left, left[at], right[at])
        inner = inner[left[node[inner]] >= 0]
    return node


def _node_boxes(tree, n_features, children=None):
    """Lower and upper bounds of every node's box, (nodes, features); x <= threshold goes left.
    A node whose children were pruned to one subtree no longer bounds it."""
    low = np.full((tree.node_count, n_features), -np.inf)
    high = np.full((tree.node_count, n_features), np.inf)
    left, right = children if children is not None else (tree.children_left, tree.children_right)
    feature, threshold = tree.feature, tree.threshold
    for node in range(tree.node_count):  # a parent's id is smaller than its children's
        if left[node] < 0:
            continue
        low[left[node]] = low[right[node]] = low[node]
        high[left[node]] = high[right[node]] = high[node]
        if left[node] == right[node]:
            continue
        f = feature[node]
        high[left[node], f] = min(high[node, f], threshold[node])
        low[right[node], f] = max(low[node, f], threshold[node])
    return low, high
