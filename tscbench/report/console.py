"""Terminal tables (rich) for run summaries and listings."""
from __future__ import annotations

from collections.abc import Iterable

from rich.table import Table

from tscbench.report.summary import Summary

COLUMNS = ("generator", "task", "student", "TSC Score", "lift", "vs noise", "memo", "FID",
           "det AUC", "seeds")
#: dropped first to last when the terminal is too narrow for every column: the headline (TSC
#: Score, the lift over the floor) and what identifies a row (generator, task, seeds) stay
DROP_ORDER = ("det AUC", "FID", "lift", "memo", "student")
NARROW = {"det AUC": 8, "FID": 7, "lift": 15, "memo": 12, "student": 9}  # their widths, about
FULL_WIDTH = 128  # what the whole table needs, about, with standard errors


def summary_table(summaries: Iterable[Summary], width: int | None = None) -> Table:
    """The run summary; `width`: the terminal's, to leave out low-priority columns (the
    caption says which) rather than cut every cell."""
    dropped = _dropped(width)
    caption = ("TSC Score = student score on synthetic / on train; lift = (train+synthetic) - "
               "train; vs noise = train+synthetic minus the noise generator's (paired by seed; "
               "'-' without noise cells); memo = share of synthetic rows closer to train than "
               "unseen test rows (copies: 1); FID and detection AUC (0.5: indistinguishable) of "
               "the synthetic set; mean ± SE over seeds. Precision, recall, IS and KID: "
               "`tscbench leaderboard`")
    if dropped:
        caption += (f". Left out to fit {width} columns: {', '.join(dropped)} (a wider terminal, "
                    f"or `tscbench export`, shows them)")
    table = Table(title="TSC Score, GAN-TSC lift, measures of the synthetic set", caption=caption)
    shown = [c for c in COLUMNS if c not in dropped]
    for column in shown:
        table.add_column(column, no_wrap=True, overflow="fold",
                         justify="right" if column == "student" else "left")
    for s in summaries:
        row = _cells(s)
        table.add_row(*[row[c] for c in shown])
    return table


def _dropped(width: int | None) -> list[str]:
    if width is None:
        return []
    dropped, need = [], FULL_WIDTH
    for column in DROP_ORDER:
        if need <= width:
            break
        dropped.append(column)
        need -= NARROW[column]
    return dropped


def _cells(s: Summary) -> dict[str, str]:
    k = s.reference_student
    seeds = (f"{len(s.seeds_ok)} ok" if not s.failures
             else f"{len(s.seeds_ok)} ok, [red]{len(s.failures)} failed[/red]")
    over = s.over_noise.get(k)
    memo = s.memorisation.get("closer_than_test")
    return {"generator": s.generator, "task": s.task, "student": f"{k} {s.unit}",
            "TSC Score": compact(s.tsc.get(k), 3), "lift": compact(s.lift.get(k), 4, signed=True),
            "vs noise": compact(over.pm if over else None, 4, signed=True),
            "memo": "-" if memo is None else f"{memo[0]:.2f}" + (f" {s.flag}" if s.flag else ""),
            "FID": short(s.fidelity.get("fid"), 3),
            "det AUC": short(s.fidelity.get("detection_auc"), 2), "seeds": seeds}


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
