"""The validity study's arithmetic: orders, resolutions, verdicts and the operating-point rule."""
import pytest

from tscbench.report.validity import (
    FAMILIES,
    Reading,
    TaskStudy,
    _read,
    _relevance,
    needed,
    operating_point,
    verdict,
)


def curve(*levels):
    """Levels best first; each a list of per-seed badness values (seeds 0, 1, 2, ...)."""
    return [dict(enumerate(values)) for values in levels]


def test_a_measure_that_worsens_clearly_at_every_step_resolves_the_family():
    reading = _read(curve([0.0, 0.1, 0.05], [1.0, 1.1, 1.05], [2.0, 2.2, 2.1], [3.0, 3.1, 3.3]))
    assert reading.order == pytest.approx(1.0)
    assert (reading.resolved, reading.pairs) == (3, 3)
    assert reading.verdict == "resolves"


def test_a_measure_that_never_moves_is_blind_not_ordered():
    reading = _read(curve([0.5, 0.5], [0.5, 0.5], [0.5, 0.5], [0.5, 0.5]))
    assert reading.order == 0.0
    assert reading.verdict == "blind"


def test_ordered_but_within_seed_noise_is_orders_not_resolves():
    # right order in every seed, but seed 2 moves 100x more than the others: wide intervals
    reading = _read(curve([0.0, 0.0, 0.0], [0.01, 0.01, 1.0], [0.02, 0.02, 2.0]))
    assert reading.order == pytest.approx(1.0)
    assert reading.resolved == 0
    assert reading.verdict == "orders"


def test_a_measure_that_rewards_the_defect_reads_it_reversed():
    assert _read(curve([3.0, 3.1], [2.0, 2.1], [1.0, 1.2], [0.0, 0.1])).verdict == "reversed"
    assert verdict(None, 0, 4) == "n/a"


def test_relevance_counts_levels_where_important_columns_read_clearly_worse():
    important = curve([0, 0, 0], [2, 2.1, 2.2], [4, 4.2, 4.1])
    unimportant = curve([0, 0, 0], [1, 1.1, 1.0], [4, 4.3, 4.0])  # level 2: no difference
    assert _relevance(important, unimportant) == (1, 2)


def test_the_operating_point_rule_reads_quality_families_only_and_breaks_ties_upwards():
    quality = [f.label for f in FAMILIES if f.quality]
    copying = next(f.label for f in FAMILIES if not f.quality)
    readings = {("TSC @5", quality[0]): Reading(1.0, 3, 4),
                ("TSC @20", quality[0]): Reading(1.0, 2, 4),
                ("TSC @20", quality[1]): Reading(1.0, 1, 4),
                ("TSC @1", copying): Reading(1.0, 4, 4)}  # copying is not a fidelity defect
    one = TaskStudy("t", (1, 5, 20), (0, 1, 2), readings, {})
    point = operating_point(one)
    assert point.resolved == {1: 0, 5: 3, 20: 3}
    assert (point.pairs, point.needed) == (8, 2)
    assert point.size == 20


def test_the_operating_point_needs_more_resolved_levels_than_chance_gives():
    # a blind measure "resolves" a pair 2.5% of the time: 2 of 20 is chance (p = 0.09), 3 is not
    assert [needed(n) for n in (4, 8, 20)] == [2, 2, 3]
    quality = [f.label for f in FAMILIES if f.quality]
    readings = {(f"TSC @{k}", label): Reading(0.5, int(k == 20 and label == quality[0]) * 2, 4)
                for k in (1, 20) for label in quality}
    point = operating_point(TaskStudy("t", (1, 20), (0, 1, 2), readings, {}))
    assert (point.resolved, point.pairs, point.needed) == ({1: 0, 20: 2}, 20, 3)
    assert point.size is None  # too little evidence: the task keeps its own rule


def test_budgets_are_counted_beside_1x_and_the_board_keeps_reading_at_1x():
    quality = [f.label for f in FAMILIES if f.quality]
    readings = {("TSC @5", quality[0]): Reading(1.0, 3, 4),
                ("TSC @20", quality[0]): Reading(1.0, 2, 4),
                ("TSC @5 0.1x", quality[0]): Reading(1.0, 1, 4),
                ("TSC @20 0.3x", quality[0]): Reading(1.0, 4, 4)}
    point = operating_point(TaskStudy("t", (5, 20), (0, 1, 2), readings, {}, (0.1, 0.3)))
    assert point.size == 5  # the board's cells hold 1x: the size is chosen there
    assert point.at_budgets == {0.1: {5: 1, 20: 0}, 0.3: {5: 0, 20: 4}}
    assert point.best == (20, 0.3)  # the study's best point over every budget


def test_a_tie_between_budgets_goes_to_the_larger_budget():
    quality = [f.label for f in FAMILIES if f.quality]
    readings = {("TSC @5", quality[0]): Reading(1.0, 3, 4),
                ("TSC @5 0.3x", quality[0]): Reading(1.0, 3, 4)}
    point = operating_point(TaskStudy("t", (5,), (0, 1, 2), readings, {}, (0.3,)))
    assert point.best == (5, 1.0)


def test_tsc_labels_read_back_as_size_and_budget():
    from tscbench.report.validity import parse_tsc_label, tsc_label

    assert parse_tsc_label(tsc_label(20)) == (20, None)
    assert parse_tsc_label(tsc_label(5, 0.1)) == (5, 0.1)
    assert parse_tsc_label("FID") is None
