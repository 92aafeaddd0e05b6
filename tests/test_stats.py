import math

import pytest

from tscbench.report.stats import lift, mean_se, tsc_score


def test_mean_se_matches_textbook():
    mean, se = mean_se([1.0, 2.0, 3.0, 4.0])
    assert mean == 2.5
    assert se == pytest.approx(math.sqrt((1.5**2 * 2 + 0.5**2 * 2) / 3 / 4))


def test_single_seed_has_no_standard_error_rather_than_zero():
    assert mean_se([0.9]) == (0.9, None)
    assert tsc_score([0.8], [0.9])[1] is None


def test_tsc_score_normalises_by_the_train_mean():
    score, se = tsc_score([0.80, 0.90], [0.95, 0.85])
    assert score == pytest.approx(0.85 / 0.90)
    assert se == pytest.approx(mean_se([0.80, 0.90])[1] / 0.90)


def test_lift_is_paired():
    # Large seed-to-seed spread, constant +0.01 improvement: a paired SE of zero.
    mean, se = lift([0.71, 0.91, 0.81], [0.70, 0.90, 0.80])
    assert mean == pytest.approx(0.01)
    assert se == pytest.approx(0.0, abs=1e-12)


def test_tsc_score_refuses_a_zero_normaliser():
    with pytest.raises(ValueError, match="cannot normalise"):
        tsc_score([0.5], [0.0])
