"""Kendall's tau between the TSC ranking and each measure's ranking of a task's contenders."""
from pathlib import Path

import pytest
from scipy.stats import kendalltau

from tscbench.execution.result_files import load_results
from tscbench.report.agreement import MEASURES, agreement, goodness
from tscbench.report.standings import standings

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def magic():
    results = [r for r in load_results([ROOT / "leaderboards" / "results"])
               if r.task.name == "magic"]
    (standing,) = standings(results)
    return standing


def test_tau_is_the_rank_agreement_of_the_contenders_on_each_measure(magic):
    k = magic.reference_student
    readings = agreement(magic)
    assert set(readings) <= set(MEASURES)
    for measure, (tau, n, pair) in readings.items():
        rows = [r for r in magic.rows if goodness(r, measure) is not None]
        assert n == len(rows) >= 3
        expected = kendalltau([r.summary.tsc[k][0] for r in rows],
                              [goodness(r, measure) for r in rows]).statistic
        assert tau == pytest.approx(expected)
        if pair is not None:  # the pair shown is one the two rankings order differently
            better, worse = pair
            assert better.summary.tsc[k][0] > worse.summary.tsc[k][0]
            assert goodness(better, measure) < goodness(worse, measure)


def test_each_measure_is_read_in_its_own_better_direction(magic):
    row = magic.rows[0]
    fid = row.summary.fidelity["fid"][0]
    assert goodness(row, "FID") == -fid
    assert goodness(row, "recall") == row.summary.fidelity["recall"][0]
    auc = row.summary.fidelity["detection_auc"][0]
    assert goodness(row, "detection AUC") == -abs(auc - 0.5)
