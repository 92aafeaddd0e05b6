"""Terminal tables (rich) for run summaries and listings."""
from __future__ import annotations

from collections.abc import Iterable

from rich.table import Table

from tscbench.report.summary import Summary


def pm(value: tuple[float, float | None] | None, digits: int = 3) -> str:
    """'0.981 ± 0.004'; a single seed has no standard error and says so."""
    if value is None:
        return "-"
    mean, se = value
    if se is None:
        return f"{mean:.{digits}f} (1 seed)"
    return f"{mean:.{digits}f} ± {se:.{digits}f}"


def signed_pm(value: tuple[float, float | None] | None, digits: int = 4) -> str:
    if value is None:
        return "-"
    mean, se = value
    return f"{mean:+.{digits}f}" + ("" if se is None else f" ± {se:.{digits}f}")


def summary_table(summaries: Iterable[Summary]) -> Table:
    table = Table(title="TSC Score, GAN-TSC lift, measures of the synthetic set",
                  caption="TSC Score = student score on synthetic / on train; lift = "
                          "(train+synthetic) - train; vs noise = train+synthetic minus the noise "
                          "generator's (same seeds; '-' without noise cells); memo = share of "
                          "synthetic rows closer to train than unseen test rows (copies: ~1); "
                          "IS / FID / precision / recall / detection AUC of the synthetic set; "
                          "mean ± SE over seeds")
    for column in ("generator", "task", "seeds", "student", "TSC Score", "lift", "vs noise",
                   "memo", "IS", "FID", "prec", "rec", "det AUC", "teacher", "status"):
        table.add_column(column, no_wrap=True, overflow="fold",
                         justify="right" if column in ("seeds", "student") else "left")
    for s in summaries:
        k = s.reference_student
        status = "ok" if not s.failures else f"[red]{len(s.failures)} failed[/red]"
        over = s.over_noise.get(k)
        memo = s.memorisation.get("closer_than_test")
        table.add_row(s.generator, s.task, str(len(s.seeds_ok)), f"{k} {s.unit}",
                      pm(s.tsc.get(k)), signed_pm(s.lift.get(k)),
                      signed_pm(over.pm if over else None),
                      "-" if memo is None else f"{memo[0]:.2f}" + (f" {s.flag}" if s.flag else ""),
                      short(s.fidelity.get("inception_score"), 3),
                      short(s.fidelity.get("fid"), 3), short(s.fidelity.get("precision"), 2),
                      short(s.fidelity.get("recall"), 2), short(s.fidelity.get("detection_auc"), 2),
                      "-" if s.teacher_score is None else f"{s.teacher_score:.4f}", status)
    return table


def short(value: tuple[float, float | None] | None, digits: int) -> str:
    """A fidelity mean alone (its SE is in the leaderboard), to `digits` significant digits."""
    return "-" if value is None else f"{value[0]:.{digits}g}"
