"""Does the TSC Score only repeat a cheaper measure? Rank agreement between the TSC ranking of a
task's contenders and the ranking each other measure gives them (Kendall's tau).

tau = 1: the measure orders the contenders exactly as the TSC Score does; 0: no relation; -1:
the reverse. Each measure is read in its own "better" direction (lower FID, KID and memorisation;
higher precision, recall and IS; a detection AUC nearer 0.5). Where they disagree, the page shows
the discordant pair with the largest TSC gap: the cell a reader should look at. It describes the
board; no rule reads it.
"""
from __future__ import annotations

from itertools import combinations

from scipy.stats import kendalltau

from tscbench.report.markdown import cell, table
from tscbench.report.standings import Row, TaskStanding, label

#: measure -> (where the summary keeps it, its key, which way is better)
MEASURES = {
    "FID": ("fidelity", "fid", "lower"),
    "KID": ("fidelity", "kid", "lower"),
    "precision": ("fidelity", "precision", "higher"),
    "recall": ("fidelity", "recall", "higher"),
    "detection AUC": ("fidelity", "detection_auc", "nearer 0.5"),
    "IS": ("fidelity", "inception_score", "higher"),
    "column shapes": ("fidelity", "column_shapes", "higher"),
    "column pair trends": ("fidelity", "column_pair_trends", "higher"),
    "memorisation": ("memorisation", "closer_than_test", "lower"),
}


def raw(row: Row, measure: str) -> float | None:
    where, key, _ = MEASURES[measure]
    value = getattr(row.summary, where).get(key)
    return None if value is None else value[0]


def goodness(row: Row, measure: str) -> float | None:
    """The measure read so that larger is better."""
    value = raw(row, measure)
    if value is None:
        return None
    better = MEASURES[measure][2]
    return value if better == "higher" else -value if better == "lower" else -abs(value - 0.5)


def agreement(task: TaskStanding) -> dict[str, tuple[float | None, int, tuple | None]]:
    """measure -> (Kendall's tau with the TSC ranking, contenders compared, the discordant pair
    with the largest TSC gap as (better by TSC, worse by TSC) rows, or None)."""
    k = task.reference_student
    out = {}
    for name in MEASURES:
        rows = [(r, goodness(r, name)) for r in task.rows]
        rows = [(r, v) for r, v in rows if v is not None and k in r.summary.tsc]
        if len(rows) < 3:
            continue
        tsc = [r.summary.tsc[k][0] for r, _ in rows]
        values = [v for _, v in rows]
        tau = kendalltau(tsc, values).statistic
        out[name] = (None if tau != tau else float(tau), len(rows), _worst_pair(rows, k))
    return out


def _worst_pair(rows, k):
    worst, gap = None, 0.0
    for (a, va), (b, vb) in combinations(rows, 2):
        ta, tb = a.summary.tsc[k][0], b.summary.tsc[k][0]
        if (ta - tb) * (va - vb) < 0 and abs(ta - tb) > gap:
            worst, gap = ((a, b) if ta > tb else (b, a)), abs(ta - tb)
    return worst


def agreement_section(tasks: list[TaskStanding]) -> str:
    """The overview's "What each measure sees" section (ranked tasks only)."""
    ranked = [t for t in tasks if t.ranked and len(t.rows) >= 3]
    if not ranked:
        return ""
    readings = {t.name: agreement(t) for t in ranked}
    measures = [m for m in MEASURES if any(m in r for r in readings.values())]
    rows = [[t.name, *(_tau(readings[t.name].get(m)) for m in measures)] for t in ranked]
    pairs = []
    for t in ranked:
        for measure in ("FID", "detection AUC"):
            reading = readings[t.name].get(measure)
            if reading and reading[2]:
                pairs.append(_pair_text(t, measure, *reading[2]))
    return "\n\n".join([
        "## What each measure sees",
        "Does the TSC Score only repeat a cheaper measure? Kendall's tau between the TSC "
        "ranking of each ranked task's contenders and the ranking each measure gives them (1: the "
        "same order; 0: unrelated; -1: reversed), each measure read in its own better direction "
        "(lower FID, KID and memorisation, higher precision, recall and IS, a detection AUC "
        "nearer 0.5). Cells: tau (contenders). What each measure sees of defects of known size: "
        "[the validity study](/docs/studies/validity/README.md).",
        table(["task", *measures], rows, ["l"] + ["r"] * len(measures)),
        "Where the TSC Score and FID or the detection AUC disagree, the discordant pair with "
        "the largest TSC gap:",
        "\n".join(pairs) or "- none: they agree on every pair.",
    ])


def _pair_text(task: TaskStanding, measure: str, better: Row, worse: Row) -> str:
    k = task.reference_student
    return (f"- {cell(task.name)}, {measure}: TSC {better.summary.tsc[k][0]:.3f} for "
            f"{cell(label(better))} against {worse.summary.tsc[k][0]:.3f} for "
            f"{cell(label(worse))}; {measure} {raw(better, measure):.4g} against "
            f"{raw(worse, measure):.4g}.")


def _tau(reading) -> str:
    if reading is None:
        return "-"
    tau, n, _ = reading
    return "-" if tau is None else f"{tau:+.2f} ({n})"
