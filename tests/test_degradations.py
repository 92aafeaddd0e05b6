"""The diagnostic families degrade the train set by exactly the amount their knob says."""
import numpy as np
import pytest

from tscbench.data import prepare
from tscbench.data.sources import BUILTIN
from tscbench.generator import resolve_generator
from tscbench.report.reference import is_reference
from tscbench.threads import limit_threads


@pytest.fixture(scope="module")
def train():
    return prepare(BUILTIN["adult"].load(), test_size=0.3, split_seed=0, max_train_rows=2000).train


def sample(name, train, n=4000, **params):
    with limit_threads(1):
        return resolve_generator(name, "tabular")(**params).fit(train, seed=0).sample(n, seed=1)


def rows(X):
    return {r.tobytes() for r in np.nan_to_num(X, nan=-99.0)}


@pytest.mark.parametrize("distinct", [1.0, 0.1, 0.01])
def test_diversity_keeps_the_share_of_distinct_rows_it_is_asked_for(train, distinct):
    out = sample("diag_diversity", train, distinct=distinct)
    assert rows(out) <= rows(train.X)
    assert len(rows(out)) == pytest.approx(distinct * len(rows(train.X)), rel=0.1, abs=3)


def test_coverage_drops_whole_regions(train):
    kept = sample("diag_coverage", train, dropped=0.0)
    thinned = sample("diag_coverage", train, dropped=0.6)
    assert len(rows(thinned)) < 0.75 * len(rows(kept))
    assert rows(thinned) <= rows(train.X)


def test_class_balance_moves_shares_towards_the_largest_class(train):
    from sklearn.ensemble import RandomForestClassifier

    judge = RandomForestClassifier(50, random_state=0).fit(np.nan_to_num(train.X), train.y)
    shares = [judge.predict(np.nan_to_num(sample("diag_balance", train, skew=s))).mean()
              for s in (0.0, 0.5, 0.9)]
    assert shares[0] > shares[1] > shares[2]  # class 1 is the smaller class on adult


@pytest.mark.parametrize("copied", [0.0, 0.5, 1.0])
def test_copying_copies_the_share_of_rows_it_is_asked_for(train, copied):
    out = sample("diag_copying", train, copied=copied)
    seen = rows(train.X)
    share = np.mean([row.tobytes() in seen for row in np.nan_to_num(out, nan=-99.0)])
    assert share == pytest.approx(copied, abs=0.03)


def test_distortion_moves_only_the_chosen_half_of_the_columns(train):
    important = resolve_generator("diag_distortion", "tabular")(noise=1.0, features="important")
    unimportant = resolve_generator("diag_distortion", "tabular")(noise=1.0,
                                                                 features="unimportant")
    with limit_threads(1):
        a = important.fit(train, seed=0).columns_
        b = unimportant.fit(train, seed=0).columns_
    assert len(a) == len(b) == train.X.shape[1] // 2
    assert not set(a) & set(b)


def test_the_families_are_references_shown_but_never_ranked():
    for name in ("diag_diversity", "diag_coverage", "diag_distortion", "diag_balance",
                 "diag_copying", "prototypes", "noise"):
        assert is_reference(name), name
    assert not is_reference("arf")
