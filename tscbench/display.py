"""Terminal tables (rich) for run summaries and listings."""
from __future__ import annotations

from typing import Iterable

from rich.table import Table

from tscbench.summary import Summary


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
    table = Table(title="TSC Score and GAN-TSC lift",
                  caption="TSC Score = student score on synthetic / on train; lift = "
                          "(train+synthetic) - train; mean ± SE over seeds")
    for column in ("generator", "task", "seeds", "trees", "TSC Score", "lift", "teacher",
                   "status"):
        table.add_column(column, no_wrap=True, overflow="fold",
                         justify="right" if column in ("seeds", "trees") else "left")
    for s in summaries:
        k = s.reference_student
        status = "ok" if not s.failures else f"[red]{len(s.failures)} failed[/red]"
        table.add_row(s.generator, s.task, str(len(s.seeds_ok)), f"{k}",
                      pm(s.tsc.get(k)), signed_pm(s.lift.get(k)),
                      "-" if s.teacher_score is None else f"{s.teacher_score:.4f}", status)
    return table
