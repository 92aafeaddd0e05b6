"""Every registered generator, built-in or installed, passes the same contract checks."""
import numpy as np
import pytest

from tscbench.data import prepare
from tscbench.data.sources import BUILTIN
from tscbench.generator import GENERATORS, resolve_generator
from tscbench.protocol.sample_checks import check_samples
from tscbench.threads import limit_threads

TABULAR = [name for name in GENERATORS.names()
           if "tabular" in getattr(GENERATORS.load(name), "modalities", ())]
IMAGE = [name for name in GENERATORS.names()
         if "image" in getattr(GENERATORS.load(name), "modalities", ())]
SEED_FREE = ("real", "prototypes")  # fixed rows in order, whatever the sampling seed


def small_task(name: str, rows: int):
    return prepare(BUILTIN[name].load(), test_size=0.3, split_seed=0, max_train_rows=rows).train


# binary with continuous columns; 26 classes with integer-valued columns; categorical columns
# with gaps (adult); a regression target (diamonds)
TASKS = {"breast_cancer": lambda: small_task("breast_cancer", 300),
         "letter": lambda: small_task("letter", 600),
         "adult": lambda: small_task("adult", 600),
         "diamonds": lambda: small_task("diamonds", 400)}


@pytest.mark.parametrize("task", sorted(TASKS))
@pytest.mark.parametrize("name", TABULAR)
def test_generator_contract(name, task):
    train = TASKS[task]()
    cls = resolve_generator(name, "tabular")
    with limit_threads(2):
        first = cls(**cls.smoke_params).fit(train, seed=3)
        a = first.sample(257, seed=7)
        b = first.sample(257, seed=7)
        c = first.sample(257, seed=8)
        again = cls(**cls.smoke_params).fit(train, seed=3).sample(257, seed=7)
    checked = check_samples(a, 257, train)  # shape, dtype, finite, range: raises if violated
    assert checked.shape == (257, train.X.shape[1])
    np.testing.assert_array_equal(a, b)  # same seed, same samples
    np.testing.assert_array_equal(a, again)  # same fit seed, same generator
    if name not in SEED_FREE:
        assert not np.array_equal(a, c)
    if train.discrete.any():  # integer-valued columns stay integers in original units
        original = a[:, train.discrete] * train.scale[train.discrete] + train.mean[train.discrete]
        np.testing.assert_allclose(original, np.round(original), atol=1e-6)


@pytest.mark.parametrize("task", ["digits", "mnist5k"])
@pytest.mark.parametrize("name", IMAGE)
def test_image_generator_contract(name, task):
    """Images keep their shape and float pixels in [0, 1], deterministically per seed."""
    train = small_task(task, 200)
    cls = resolve_generator(name, "image")
    with limit_threads(2):
        generator = cls(**cls.smoke_params).fit(train, seed=3)
        a, b = generator.sample(64, seed=7), generator.sample(64, seed=7)
        c = generator.sample(64, seed=8)
    checked = check_samples(a, 64, train)  # shape, finite, pixels in [0, 1]: raises if not
    assert checked.shape == (64, *train.X.shape[1:]) and checked.dtype == np.float32
    np.testing.assert_array_equal(a, b)
    if name not in SEED_FREE:
        assert not np.array_equal(a, c)


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
    assert (out >= train.X.min(0) - 1e-9).all() and (out <= train.X.max(0) + 1e-9).all()


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
    assert abs(smooth.mean()) < 0.05 and abs(smooth.std() - 1) < 0.05
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
