"""The measures next to the TSC Score: memorisation sees copies, detection and precision /
recall see a wrong distribution, each calibrated so that new data from the same distribution
sits where the documentation says."""
import numpy as np
import pytest
import torch

from tscbench.fidelity.detection import detection_auc
from tscbench.fidelity.memorisation import CLOSE_QUANTILE, memorisation
from tscbench.fidelity.scores import precision_recall
from tscbench.protocol.result import Memorisation

RNG = np.random.default_rng(0)
TRAIN, TEST, FRESH = (RNG.normal(size=(3000, 6)) for _ in range(3))


def test_new_data_from_the_distribution_is_as_close_to_train_as_test_rows():
    out = memorisation(FRESH, TRAIN, TEST)
    assert out["closer_than_test"] == pytest.approx(CLOSE_QUANTILE, abs=0.03)
    assert out["dcr_ratio"] == pytest.approx(1.0, abs=0.1)
    assert out["exact_copies"] == 0
    assert Memorisation(**out).flag is None
    # fresh data: the nearest real row is a test row about as often as the test split's share
    assert out["test_share"] == 0.5
    assert out["nearer_test"] == pytest.approx(0.5, abs=0.05)
    assert out["test_copies"] == 0


def test_copies_and_near_copies_are_flagged_apart():
    copies = TRAIN[RNG.integers(0, len(TRAIN), 2000)]  # bootstrap
    out = memorisation(copies, TRAIN, TEST)
    assert out == {"closer_than_test": 1.0, "dcr_ratio": 0.0, "exact_copies": 1.0, "rows": 2000,
                   "test_copies": 0.0, "nearer_test": 0.0, "test_share": 0.5}
    assert Memorisation(**out).flag == "copies"
    near = memorisation(TRAIN + RNG.normal(scale=0.02, size=TRAIN.shape), TRAIN, TEST)
    assert near["exact_copies"] == 0
    assert near["closer_than_test"] > 0.9
    assert Memorisation(**near).flag == "near copies"


def test_test_rows_exact_or_jittered_are_a_leak_but_the_splits_own_duplicates_are_not():
    stolen = TEST[RNG.integers(0, len(TEST), 2000)]
    assert Memorisation(**memorisation(stolen, TRAIN, TEST)).flag == "test rows"
    jittered = memorisation(stolen + RNG.normal(scale=0.02, size=stolen.shape), TRAIN, TEST)
    assert jittered["test_copies"] == 0
    assert Memorisation(**jittered).flag == "test rows"
    # a split whose test rows repeat some train rows: copying those train rows is no leak
    shared = np.concatenate([TEST[:300], TRAIN[300:]])
    out = memorisation(shared[:2000], shared, TEST)
    assert out["test_copies"] == 0
    assert Memorisation(**out).flag == "copies"


def test_dcr_ratio_is_none_not_a_number_when_test_rows_repeat_train_rows():
    out = memorisation(FRESH, TRAIN, TRAIN[:500])
    assert out["dcr_ratio"] is None
    assert out["closer_than_test"] is None


def _letter_like(repeats: float, copies: float):
    """A table of 16 standardised integer columns (letter's kind) whose test split repeats a
    share of the train rows, and a synthetic set whose given share are exact train rows."""
    rng = np.random.default_rng(1)
    raw = np.round(rng.normal(7, 3, size=(12000, 16)))
    X = (raw - raw.mean(0)) / raw.std(0)  # float error in every value, as real scaling has
    train, fresh = X[:6000], X[6000:]
    test = np.concatenate([train[:int(repeats * 2000)], fresh[:2000 - int(repeats * 2000)]])
    synthetic = np.concatenate([train[1000:1000 + int(copies * 3000)],
                                fresh[2000:2000 + 3000 - int(copies * 3000)]])
    return synthetic, train, test


def test_closer_than_test_has_no_scale_where_the_test_split_repeats_train_rows():
    # letter (9%) and spambase (11%): the closest 5% of test rows sit at distance 0, and an exact
    # copy's brute-force distance reads 0 or 1e-8 by CPU, so a share there would count float noise
    out = memorisation(*_letter_like(repeats=0.09, copies=0.3))
    assert out["closer_than_test"] is None
    assert out["exact_copies"] == pytest.approx(0.3)  # copying is still seen, exactly
    assert Memorisation(**out).flag is None
    assert Memorisation(**memorisation(*_letter_like(0.09, copies=0.6))).flag == "copies"
    # under 5% repeats (magic, adult, diamonds: under 1%) the threshold is a real distance
    below = memorisation(*_letter_like(repeats=0.04, copies=0.3))
    assert below["closer_than_test"] == pytest.approx(0.3 + 0.7 * 0.05, abs=0.05)


def test_detection_auc_is_chance_on_the_same_distribution_and_high_on_a_shifted_one():
    assert detection_auc(FRESH, TEST) == pytest.approx(0.5, abs=0.05)
    shifted = FRESH.copy()
    shifted[:, 0] = np.round(shifted[:, 0])  # a wrong marginal in one column
    assert detection_auc(shifted, TEST) > 0.8
    assert detection_auc(FRESH, TEST) == detection_auc(FRESH, TEST)  # fixed seeds


def test_precision_falls_for_scattered_rows_and_recall_for_a_collapsed_mode():
    real = torch.as_tensor(TEST)
    good = precision_recall(torch.as_tensor(FRESH), real)
    assert good["precision"] > 0.6
    assert good["recall"] > 0.6
    scattered = precision_recall(torch.as_tensor(3 * FRESH), real)
    assert scattered["precision"] < 0.5 * good["precision"]
    collapsed = precision_recall(torch.as_tensor(0.2 * FRESH), real)
    assert collapsed["recall"] < 0.5 * good["recall"]
    assert collapsed["precision"] > 0.9


def test_column_shapes_see_marginals_and_pair_trends_see_dependence():
    from tscbench.fidelity.column_stats import column_statistics

    rng = np.random.default_rng(1)
    x = rng.normal(size=4000)
    real = np.column_stack([x, x + rng.normal(scale=0.3, size=4000), rng.integers(0, 3, 4000)])
    categorical = np.array([False, False, True])
    same = column_statistics(real, real, categorical)
    assert same == {"column_shapes": 1.0, "column_pair_trends": 1.0}
    shuffled = np.column_stack([rng.permutation(c) for c in real.T])  # marginals kept
    broken = column_statistics(shuffled, real, categorical)
    assert broken["column_shapes"] == 1.0
    assert broken["column_pair_trends"] < 0.9
    shifted = real.copy()
    shifted[:, 2] = 0  # one category only
    assert column_statistics(shifted, real, categorical)["column_shapes"] < 0.8
