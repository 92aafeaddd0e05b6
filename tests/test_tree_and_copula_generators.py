"""What defines each of the field's cheap baselines (arf, cart, copula), checked on real tables."""
import numpy as np
import pytest
from scipy.stats import spearmanr
from sklearn.linear_model import LogisticRegression

from tscbench.data import prepare
from tscbench.data.sources import BUILTIN
from tscbench.generator import resolve_generator
from tscbench.threads import limit_threads

CHEAP = {"arf": {"num_trees": 10}, "cart": {}, "copula": {}}


def small_task(name: str, rows: int):
    return prepare(BUILTIN[name].load(), test_size=0.3, split_seed=0, max_train_rows=rows).train


def fitted(name: str, train, **params):
    with limit_threads(1):
        return resolve_generator(name, "tabular")(**{**CHEAP[name], **params}).fit(train, seed=0)


@pytest.mark.parametrize("name", sorted(CHEAP))
def test_samples_follow_the_requested_class_balance(name):
    train = small_task("breast_cancer", 300)
    clf = LogisticRegression(max_iter=1000).fit(train.X, train.y)
    share = clf.predict(fitted(name, train).sample(400, seed=0)).mean()
    assert 0.3 < share < 0.7, share


@pytest.mark.parametrize("name", sorted(CHEAP))
def test_categories_and_gaps_keep_their_train_frequencies(name):
    train = small_task("adult", 3000)
    out = fitted(name, train, class_sampling="prior").sample(6000, seed=1)
    for j, column in enumerate(train.schema.columns):
        assert abs(np.isnan(out[:, j]).mean() - np.isnan(train.X[:, j]).mean()) < 0.02, column.name
        if column.kind == "categorical":
            size = len(column.categories)
            share = np.bincount(out[~np.isnan(out[:, j]), j].astype(int), minlength=size)
            real = np.bincount(train.X[~np.isnan(train.X[:, j]), j].astype(int), minlength=size)
            gap = np.abs(share / share.sum() - real / real.sum()).max()
            assert gap < 0.05, (column.name, gap)


def test_copula_keeps_the_rank_correlations_that_noise_loses():
    train = small_task("magic", 3000)
    out = fitted("copula", train, class_sampling="prior").sample(6000, seed=1)
    noise = resolve_generator("noise", "tabular")().fit(train, seed=0).sample(6000, seed=1)
    real = spearmanr(train.X).statistic
    assert np.abs(real).max(initial=0, where=~np.eye(len(real), dtype=bool)) > 0.8
    # a Gaussian copula per class, pooled over classes: close, not exact (45 pairs, worst one)
    assert np.abs(spearmanr(out).statistic - real).max() < 0.15
    assert np.abs(spearmanr(noise).statistic - real).max() > 0.5


def test_cart_donates_real_values_only():
    train = small_task("adult", 2000)
    out = fitted("cart", train).sample(3000, seed=2)
    for j in range(train.X.shape[1]):
        seen = train.X[:, j]
        made = out[:, j]
        assert np.isin(made[~np.isnan(made)], seen[~np.isnan(seen)]).all(), j
    # ...yet rows are new combinations, not copies of train rows
    copies = {row.tobytes() for row in np.nan_to_num(train.X, nan=-9)}
    assert np.mean([row.tobytes() in copies for row in np.nan_to_num(out, nan=-9)]) < 0.5


def test_arf_stays_within_each_columns_train_range_and_makes_new_numbers():
    train = small_task("magic", 2000)
    out = fitted("arf", train).sample(3000, seed=3)
    assert (out >= train.X.min(0) - 1e-9).all()
    assert (out <= train.X.max(0) + 1e-9).all()
    assert np.isin(out[:, 0], train.X[:, 0]).mean() < 0.05  # truncated normals, not donors


@pytest.mark.parametrize("name", sorted(CHEAP))
def test_bad_parameters_are_named(name):
    with pytest.raises(ValueError, match="class_sampling='even'"):
        resolve_generator(name, "tabular")(class_sampling="even").validate_params()


@pytest.mark.parametrize("name", ["magic", "adult"])  # adult: gaps follow the tree's own rule
def test_arf_routes_rows_as_the_forest_does_where_nothing_is_pruned(name):
    from generators.arf import _route
    train = small_task(name, 2000)
    density = fitted("arf", train).classes_[0]
    X = train.X[train.y == 0]
    for t, tree in enumerate(density.forest.estimators_):
        tree = tree.tree_
        assert (_route(X, tree, tree.children_left, tree.children_right)
                == density.forest.apply(X)[:, t]).all()


@pytest.mark.parametrize("min_node_size", [1, 5])
def test_arf_leaves_hold_enough_real_rows_to_draw_new_rows_not_copies(min_node_size):
    train = small_task("magic", 2000)
    model = fitted("arf", train, min_node_size=min_node_size)
    for density in model.classes_:
        for t in range(density.leaves.shape[1]):
            sizes = np.bincount(density.leaves[:, t])
            assert sizes[sizes > 0].min() >= max(min_node_size, 2)
    out = model.sample(4000, seed=4)
    train_rows = {row.tobytes() for row in train.X}
    assert not any(row.tobytes() in train_rows for row in out)
