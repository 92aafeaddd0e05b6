"""Every registered generator, built-in or installed, passes the same contract checks."""
import numpy as np
import pytest

from tscbench.data import prepare
from tscbench.data.sources import BUILTIN
from tscbench.generator import GENERATORS, resolve_generator
from tscbench.testing import parametrize_with_checks
from tscbench.threads import limit_threads

TABULAR = [name for name in GENERATORS.names()
           if "tabular" in getattr(GENERATORS.load(name), "modalities", ())]
IMAGE = [name for name in GENERATORS.names()
         if "image" in getattr(GENERATORS.load(name), "modalities", ())]


def small_task(name: str, rows: int):
    return prepare(BUILTIN[name].load(), test_size=0.3, split_seed=0, max_train_rows=rows).train


# binary with continuous columns; 26 classes with integer-valued columns; categorical columns
# with gaps (adult); a regression target (diamonds); two image sets. The checks are the ones
# `tscbench validate` and plugin authors run (tscbench.testing).
@parametrize_with_checks(tasks=["breast_cancer", "letter", "adult", "diamonds", "digits",
                                "mnist5k"], rows=300)
def test_generator_contract(generator_check):
    generator_check()


@pytest.mark.parametrize("modality", ["tabular", "image"])
def test_builtin_generators_record_every_hyperparameter(modality):
    for name in TABULAR if modality == "tabular" else IMAGE:
        cls = resolve_generator(name, modality)
        params = cls().get_params()
        assert params == cls.param_defaults(), name
        assert cls.describe(), f"{name} needs a docstring: `tscbench list` shows its first line"


def test_class_sampling_modes():
    from tscbench.data import class_counts

    y = np.array([0] * 90 + [1] * 10)
    assert class_counts(11, y, 2, "balanced").tolist() == [6, 5]
    assert class_counts(100, y, 2, "prior").tolist() == [90, 10]
    with pytest.raises(ValueError, match="class_sampling='even'"):
        class_counts(10, y, 2, "even")


def test_munge_swaps_attributes_between_nearest_neighbours():
    train = small_task("breast_cancer", 300)
    untouched = resolve_generator("munge", "tabular")(swap_prob=0.0).fit(train, seed=0)
    np.testing.assert_array_equal(untouched.sample(len(train.X), seed=0), train.X)
    gen = resolve_generator("munge", "tabular")(swap_prob=0.1).fit(train, seed=0)
    out = gen.sample(20 * len(train.X), seed=0)
    changed = (out != np.tile(train.X, (20, 1))).mean()
    # each attribute is drawn with p = 0.1 as e and about as often as someone's e'
    assert 0.14 < changed < 0.22, changed


def test_mixup_stays_in_the_convex_hull_of_pairs():
    train = small_task("breast_cancer", 300)
    out = resolve_generator("mixup", "tabular")().fit(train, seed=0).sample(500, seed=1)
    assert (out >= train.X.min(0) - 1e-9).all()
    assert (out <= train.X.max(0) + 1e-9).all()


def test_class_conditional_generators_follow_the_requested_class_balance():
    """A balanced sample labelled by a classifier of the real data is roughly balanced."""
    from sklearn.linear_model import LogisticRegression

    train = small_task("breast_cancer", 300)
    clf = LogisticRegression(max_iter=1000).fit(train.X, train.y)
    for name, params in {"gmm": {}, "gan": {"steps": 2500}, "vae": {"steps": 1000}}.items():
        cls = resolve_generator(name, "tabular")
        with limit_threads(2):
            out = cls(class_sampling="balanced", **params).fit(train, seed=0).sample(400, seed=0)
        share = clf.predict(out).mean()
        assert 0.3 < share < 0.7, (name, share)


def test_dequantised_quantiles_smooth_a_point_mass_and_map_it_back():
    """92% zeros (adult's capital-gain): the plain quantile transform makes a spike; the
    dequantised one a standard normal whose whole zero band maps back to 0."""
    from tscbench.nn.generator_helpers import DequantisedQuantiles, quantile_normaliser

    rng = np.random.default_rng(12345)  # not the transform's seed: its draws must be independent
    X = np.where(rng.random((5000, 1)) < 0.92, 0.0, rng.lognormal(8, 1, (5000, 1)))
    spiky = quantile_normaliser(X, 0).transform(X)
    assert len(np.unique(spiky[X == 0])) == 1  # every zero at one point
    smooth = DequantisedQuantiles(X, 0).transform(X)
    assert abs(smooth.mean()) < 0.05
    assert abs(smooth.std() - 1) < 0.05
    assert len(np.unique(smooth[X == 0])) > 4000
    back = DequantisedQuantiles(X, 0).inverse_transform(smooth)
    np.testing.assert_array_equal(back[X == 0], 0.0)
    assert np.corrcoef(back[X > 0], X[X > 0])[0, 1] > 0.99


def test_generator_weight_average_tracks_the_live_network():
    """The EMA both GANs sample from: decay 0 is the live network, and each step moves the
    average a (1 - decay) share of the way; a bad decay is refused before any training."""
    import torch

    from tscbench.nn import update_average

    live, average = torch.nn.Linear(3, 2), torch.nn.Linear(3, 2)
    before = average.weight.detach().clone()
    update_average(average, live, 0.9)
    torch.testing.assert_close(average.weight, 0.9 * before + 0.1 * live.weight)
    update_average(average, live, 0.0)
    torch.testing.assert_close(average.weight, live.weight)
    with pytest.raises(ValueError, match="ema=1"):
        resolve_generator("gan", "tabular")(ema=1).validate_params()
