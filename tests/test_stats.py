import math

import pytest

from tscbench.report.headline import lift_over_seeds, tsc_over_seeds
from tscbench.report.stats import mean_se


def test_mean_se_matches_textbook():
    mean, se = mean_se([1.0, 2.0, 3.0, 4.0])
    assert mean == 2.5
    assert se == pytest.approx(math.sqrt((1.5**2 * 2 + 0.5**2 * 2) / 3 / 4))


def test_single_seed_has_no_standard_error_rather_than_zero():
    assert mean_se([0.9]) == (0.9, None)
    assert tsc_over_seeds([0.8], [0.9])[1] is None


def test_tsc_score_normalises_by_the_train_mean():
    score, se = tsc_over_seeds([0.80, 0.90], [0.95, 0.85])
    assert score == pytest.approx(0.85 / 0.90)
    assert se == pytest.approx(mean_se([0.80, 0.90])[1] / 0.90)


def test_lift_is_paired():
    # Large seed-to-seed spread, constant +0.01 improvement: a paired SE of zero.
    mean, se = lift_over_seeds([0.71, 0.91, 0.81], [0.70, 0.90, 0.80])
    assert mean == pytest.approx(0.01)
    assert se == pytest.approx(0.0, abs=1e-12)


def test_tsc_score_refuses_a_zero_normaliser():
    with pytest.raises(ValueError, match="cannot normalise"):
        tsc_over_seeds([0.5], [0.0])


def test_paired_t_interval_matches_scipy():
    from scipy.stats import ttest_1samp

    from tscbench.report.stats import paired_t

    diffs = [0.004, 0.001, 0.003, -0.001, 0.002]
    mine = paired_t(diffs)
    theirs = ttest_1samp(diffs, 0).confidence_interval(0.95)
    assert mine.low == pytest.approx(theirs.low)
    assert mine.high == pytest.approx(theirs.high)
    assert mine.n == 5
    assert mine.excludes_zero is False
    assert paired_t([0.01, 0.011, 0.012]).excludes_zero
    single = paired_t([0.01])
    assert single.se is None
    assert single.low is None
    assert not single.excludes_zero


def test_plateau_reference_is_the_first_size_near_the_real_data_students_best():
    from types import SimpleNamespace

    from tscbench.report.reference import reference_size

    task = SimpleNamespace(reference_student="plateau", students=(25, 50, 100, 200))
    curve = {0: {25: 0.40, 50: 0.80, 100: 0.93, 200: 0.95},
             1: {25: 0.45, 50: 0.84, 100: 0.92, 200: 0.94}}
    assert reference_size(task, curve) == 100  # 0.925 >= 0.97 * 0.945
    assert reference_size(task, {}) == 200  # no real-data student yet: the largest
    assert reference_size(SimpleNamespace(reference_student=50, students=task.students),
                          curve) == 50


def test_resolved_reference_is_the_largest_size_that_tells_noise_from_data_after_correction():
    from types import SimpleNamespace

    from tscbench.report.reference import reference_size

    task = SimpleNamespace(reference_student="resolved", students=(1, 5, 20))
    gaps = {1: {0: 0.03, 1: 0.02, 2: 0.025, 3: 0.028, 4: 0.022},   # clear
            5: {0: 0.006, 1: 0.004, 2: 0.005, 3: 0.0055, 4: 0.0045},  # clear
            20: {0: 0.001, 1: -0.001, 2: 0.0005, 3: 0.0, 4: 0.0002}}  # reaches zero
    assert reference_size(task, {}, gaps) == 5
    # clears a 95% interval but not the 98.3% one that looking at 3 sizes calls for
    barely = {0: 0.007, 1: 0.003, 2: 0.005}  # 95% t interval [+0.00003, +0.00997]
    assert reference_size(task, {}, {1: {}, 5: barely, 20: gaps[20]}) == 20
    assert reference_size(task, {}, {}) == 20  # no references yet: the largest


def test_resolution_ranks_a_task_only_where_the_floor_is_clearly_below_real_data():
    from tscbench.report.comparison import paired_difference, resolution

    clear = resolution({0: 1.0, 1: 1.0, 2: 1.001}, {0: 0.97, 1: 0.972, 2: 0.968}, [])
    assert clear.ranked
    assert clear.floor_gap.low > 0
    assert clear.gap_in_se > 10
    muddy = resolution(None, {0: 1.002, 1: 0.995, 2: 1.001}, [])
    assert not muddy.ranked
    assert "not clearly below real data" in muddy.reason
    unknown = resolution(None, None, [])
    assert unknown.ranked
    assert "no noise floor ran" in unknown.reason
    diffs = [paired_difference({0: 0.95, 1: 0.96, 2: 0.94}, {0: 0.97, 1: 0.97, 2: 0.97})]
    smallest = resolution(None, {0: 0.9, 1: 0.91, 2: 0.9}, diffs).smallest
    assert smallest == pytest.approx(4.302652729749464 * diffs[0].se)


def test_ties_come_from_a_t_interval_not_the_range_of_three_differences():
    """Three same-sign differences: a percentile bootstrap called them distinct, t does not."""
    from tscbench.report.comparison import paired_difference, tied

    diff = paired_difference({0: 0.95, 1: 0.99, 2: 0.97}, {0: 0.96, 1: 0.995, 2: 1.0})
    assert diff.high > 0
    assert tied(diff)
    assert not tied(paired_difference({0: 0.95, 1: 0.951, 2: 0.949}, {0: 0.96, 1: 0.96, 2: 0.96}))


def test_the_run_table_leaves_out_low_priority_columns_in_a_narrow_terminal():
    """80 columns: the TSC Score, the lift over the floor and the seeds stay whole, and the
    caption names what was left out; a wide terminal gets every column."""
    import io

    from rich.console import Console

    from tscbench.report.console import summary_table
    from tscbench.report.stats import Paired
    from tscbench.report.summary import Summary

    row = Summary("bootstrap", "0123456789ab", "magic", 20, seeds_ok=[0, 1, 2],
                  tsc={20: (0.997, 0.001)}, lift={20: (-0.0058, 0.002)},
                  over_noise={20: Paired(-0.0094, 0.0011, -0.0141, -0.0047, 3)},
                  fidelity={"fid": (0.0232, 0.001), "detection_auc": (0.53, 0.01)},
                  memorisation={"closer_than_test": (1.0, 0.0)}, flag="copies")

    def shown(width: int) -> str:
        out = io.StringIO()
        Console(file=out, width=width).print(summary_table([row], width=width))
        return out.getvalue()

    narrow = shown(80)
    assert "0.997±0.001" in narrow
    assert "-0.0094±0.0011" in narrow
    assert "3 ok" in narrow
    assert "Left out to fit 80 columns: det AUC, FID, lift, memo, student" in " ".join(
        narrow.split())
    wide = shown(160)
    assert "det AUC" in wide
    assert "Left out" not in wide
