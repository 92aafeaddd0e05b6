"""Terminal tables (rich) for run summaries and listings."""
from __future__ import annotations

from collections.abc import Iterable

from rich.table import Table

from tscbench.report.summary import Summary


def summary_table(summaries: Iterable[Summary]) -> Table:
    table = Table(title="TSC Score, GAN-TSC lift, measures of the synthetic set",
                  caption="TSC Score = student score on synthetic / on train; lift = "
                          "(train+synthetic) - train; vs noise = train+synthetic minus the noise "
                          "generator's (paired by seed; '-' without noise cells); memo = share of "
                          "synthetic rows closer to train than unseen test rows (copies: 1); FID "
                          "and detection AUC (0.5: indistinguishable) of the synthetic set; mean "
                          "± SE over seeds. Precision, recall, IS and KID: `tscbench leaderboard`")
    for column in ("generator", "task", "student", "TSC Score", "lift", "vs noise", "memo",
                   "FID", "det AUC", "seeds"):
        table.add_column(column, no_wrap=True, overflow="fold",
                         justify="right" if column == "student" else "left")
    for s in summaries:
        k = s.reference_student
        seeds = (f"{len(s.seeds_ok)} ok" if not s.failures
                 else f"{len(s.seeds_ok)} ok, [red]{len(s.failures)} failed[/red]")
        over = s.over_noise.get(k)
        memo = s.memorisation.get("closer_than_test")
        table.add_row(s.generator, s.task, f"{k} {s.unit}", compact(s.tsc.get(k), 3),
                      compact(s.lift.get(k), 4, signed=True),
                      compact(over.pm if over else None, 4, signed=True),
                      "-" if memo is None else f"{memo[0]:.2f}" + (f" {s.flag}" if s.flag else ""),
                      short(s.fidelity.get("fid"), 3), short(s.fidelity.get("detection_auc"), 2),
                      seeds)
    return table


def compact(value: tuple[float, float | None] | None, digits: int, signed: bool = False) -> str:
    """'0.981±0.004' (a terminal is narrow); a single seed has no standard error."""
    if value is None:
        return "-"
    mean, se = value
    text = f"{mean:+.{digits}f}" if signed else f"{mean:.{digits}f}"
    return text + ("" if se is None else f"±{se:.{digits}f}")


def short(value: tuple[float, float | None] | None, digits: int) -> str:
    """A fidelity mean alone (its SE is in the leaderboard), to `digits` significant digits."""
    return "-" if value is None else f"{value[0]:.{digits}g}"
