"""The validity study as a markdown page: `tscbench study --results DIR --out PAGE`."""
from __future__ import annotations

from collections.abc import Mapping

from tscbench.report.markdown import table
from tscbench.report.validity import (
    BUDGET_RULE,
    CONFIDENCE,
    FAMILIES,
    ORDERS,
    RULE,
    Reading,
    TaskStudy,
    operating_point,
    parse_tsc_label,
    pooled,
)

#: the operating points, written beside the page (report/operating_points.py)
POINTS_FILE = "operating-points.json"

TSC_POOLED = ("TSC, smallest student", "TSC, middle students", "TSC, largest student")
POOLED_ORDER = (*TSC_POOLED, "lift", "lift over floor", "FID", "KID", "precision", "recall", "IS",
                "detection AUC", "column shapes", "column pair trends", "memorisation")


def _pooled_order(studies: Mapping[str, TaskStudy]) -> list[str]:
    """POOLED_ORDER with the TSC rows of each studied synthetic budget after the 1x ones."""
    budgets = sorted({b for one in studies.values() for b in one.budgets})
    at = [f"{label}, {b:g}x" for b in budgets for label in TSC_POOLED]
    return [*TSC_POOLED, *at, *POOLED_ORDER[len(TSC_POOLED):]]

HEADER = """# What each measure sees: the validity study

Each diagnostic family degrades the train set along one knob whose effect is known before any
run (generators/degradations.py; references, never ranked). For every measure tscbench reports
and every family this page shows whether the measure **orders** the knob's levels (mean over
seeds of Spearman's correlation between knob and measure, both oriented so that larger is worse,
at least {orders}), whether it also **resolves** them (at least half of the adjacent levels told
apart in the right direction by a {confidence:.0%} paired t interval over seeds), is **blind**
to them, or reads them **reversed**. Thresholds were fixed before any run. Cells: verdict, mean
correlation, adjacent levels resolved / compared.

Run the cells: `docs/studies/validity/run.sh [TASK ...]` (every family at 5 levels, the noise
floor and the train rows, 3 seeds, synthetic budgets 0.1x and 0.3x, `--jobs 2`; a stopped run
resumes). Regenerate this page and the operating points: `tscbench study --results
docs/studies/validity/results --out docs/studies/validity/README.md`.
"""


def render(studies: Mapping[str, TaskStudy], board_rules: Mapping[str, object] | None = None,
           cells: int = 0, cell_seconds: float = 0.0,
           unfinished: Mapping[str, str] | None = None) -> str:
    """The whole page. `board_rules`: task -> the reference_student rule the board reads today
    (a size, "largest", "plateau" or "resolved"); `unfinished`: task -> what its study lacks
    (validity.incomplete), named and left out."""
    labels = [f.label for f in FAMILIES]
    parts = [HEADER.format(orders=ORDERS, confidence=CONFIDENCE),
             f"Tasks: {', '.join(f'{t} (seeds {_seeds(s)})' for t, s in studies.items())}. "
             f"Cost: {cells} cells, {cell_seconds / 60:.0f} minutes of cell time (phases as the "
             f"results record them; `--jobs 2` halves the wall time on 2 cores).\n",
             *([f"Not in the study yet (their runs are unfinished; the same command resumes "
                f"them): {'; '.join(f'{t}: {why}' for t, why in unfinished.items())}.\n"]
               if unfinished else []),
             "## Summary, pooled over tasks\n",
             "TSC sizes pool by ladder position (the ladders differ between tables and images).\n",
             "TSC rows with a budget (0.1x, 0.3x) pool only the tasks whose cells hold that "
             "budget.\n",
             _grid(pooled(studies), _pooled_order(studies), labels), "",
             "## Where the distortion is\n",
             "The same noise on the half of the columns a forest finds most important, against "
             "the least important half: noise levels (level 0 left out) where the measure reads "
             "the important-column version clearly worse (paired t, 95%).\n",
             _relevance(studies), "",
             "## Plain statements\n", _statements(pooled(studies), labels), ""]
    parts += ["## The operating point each task gets\n", _operating(studies, board_rules), ""]
    if any(one.budgets for one in studies.values()):
        parts += ["## The synthetic budget axis\n", _budget_axis(studies), ""]
    for task, one in studies.items():
        measures = [m for m in _measures(one)]
        parts += [f"## {task}\n", _grid(one.readings, measures, labels), ""]
    return "\n".join(parts).rstrip() + "\n"


def _seeds(one: TaskStudy) -> str:
    return ",".join(str(s) for s in one.seeds)


def _measures(one: TaskStudy) -> list[str]:
    seen = []
    for measure, _ in one.readings:
        if measure not in seen:
            seen.append(measure)
    return seen


def _grid(readings: Mapping[tuple[str, str], Reading], measures, labels) -> str:
    rows = []
    for measure in measures:
        cells = [_cell(readings.get((measure, label))) for label in labels]
        if any(c != "-" for c in cells):
            rows.append([measure, *cells])
    return table(["measure", *labels], rows)


def _cell(reading: Reading | None) -> str:
    if reading is None or reading.order is None:
        return "-"
    return f"{reading.verdict} ({reading.order:+.2f}, {reading.resolved}/{reading.pairs})"


def _relevance(studies: Mapping[str, TaskStudy]) -> str:
    tasks = list(studies)
    measures = []
    for one in studies.values():
        measures += [m for m in one.relevance if m not in measures]
    # the TSC Score at 1x only: the budget section says what smaller budgets resolve
    tsc = sorted((m for m in measures if (p := parse_tsc_label(m)) and p[1] is None),
                 key=lambda m: parse_tsc_label(m)[0])
    measures = tsc + [m for m in measures if not parse_tsc_label(m)]
    rows = []
    for measure in measures:
        cells = []
        told = levels = 0
        for task in tasks:
            a, b = studies[task].relevance.get(measure, (0, 0))
            told, levels = told + a, levels + b
            cells.append(f"{a}/{b}" if b else "-")
        if levels:
            rows.append([measure, *cells, f"{told}/{levels}"])
    return table(["measure", *tasks, "all"], rows, ["l"] + ["r"] * (len(tasks) + 1))


def _statements(readings: Mapping[tuple[str, str], Reading], labels) -> str:
    lines = []
    for measure in ("TSC, largest student", "lift over floor", "FID", "precision", "recall",
                    "detection AUC", "column shapes", "column pair trends", "memorisation"):
        blind = [label for label in labels
                 if (r := readings.get((measure, label))) is not None and r.verdict in
                 ("blind", "reversed")]
        sees = [label for label in labels
                if (r := readings.get((measure, label))) is not None and r.verdict == "resolves"]
        if blind or sees:
            lines.append(f"- **{measure}** resolves: {'; '.join(sees) or 'none'}. Blind to or "
                         f"reversed on: {'; '.join(blind) or 'none'}.")
    return "\n".join(lines)


def _operating(studies: Mapping[str, TaskStudy], today: Mapping[str, object] | None) -> str:
    rows = []
    for task, one in studies.items():
        point = operating_point(one)
        now = (today or {}).get(task)
        chosen = str(point.size) if point.size is not None else "- (own rule)"
        rows.append([task, ", ".join(f"{k}: {c}" for k, c in sorted(point.resolved.items())),
                     f"{point.needed} of {point.pairs}", chosen,
                     "-" if now is None else str(now)])
    return (f"Rule: {RULE}\n\nThe board reads each task at the size chosen here: the study "
            f"writes the choice to `{POINTS_FILE}` beside this page, and `tscbench leaderboard "
            f"--operating-points` reads it. A task without one keeps its own rule (benchmark.toml's "
            f"`reference_student`, part of every cell key, which is why the point is not moved "
            f"there).\n\n"
            + table(["task", "levels resolved per size", "needed (beyond chance)",
                     "the rule's size", "the task's own rule"], rows,
                    ["l", "l", "r", "r", "r"]))


def _budget_axis(studies: Mapping[str, TaskStudy]) -> str:
    """Per task that studied budgets: levels resolved per student size at each budget."""
    rows = []
    for task, one in studies.items():
        if not one.budgets:
            continue
        point = operating_point(one)
        per_budget = {**{b: point.at_budgets[b] for b in one.budgets}, 1.0: point.resolved}
        for budget in sorted(per_budget):
            rows.append([task, f"{budget:g}x",
                         ", ".join(f"{k}: {c}" for k, c in sorted(per_budget[budget].items())),
                         str(sum(per_budget[budget].values()))])
        best = point.best
        rows.append([task, "best", "-" if best is None else f"{best[0]} at {best[1]:g}x",
                     f"needs {point.needed} of {point.pairs}"])
    studied = [t for t, one in studies.items() if one.budgets]
    return (f"{BUDGET_RULE} Studied on: {', '.join(studied)}; the other tasks' cells hold 1x "
            f"only.\n\n{_budget_totals(studies, studied)}\n\n"
            + table(["task", "budget", "levels resolved per size", "all sizes"], rows,
                    ["l", "r", "l", "r"]))


def _budget_totals(studies: Mapping[str, TaskStudy], studied: list[str]) -> str:
    """Pooled over the tasks that studied budgets: levels resolved at each task's best size,
    per budget, and where the best point lies."""
    points = [operating_point(studies[t]) for t in studied]
    budgets = sorted({b for p in points for b in p.at_budgets})
    best = {f"{b:g}x": sum(max(p.at_budgets[b].values()) for p in points if b in p.at_budgets)
            for b in budgets}
    best["1x"] = sum(max(p.resolved.values()) for p in points)
    at = [f"{t} ({'-' if p.best is None else f'{p.best[1]:g}x'})"
          for t, p in zip(studied, points)]
    return (f"Pooled over these {len(studied)} tasks, levels resolved at each task's best size: "
            + ", ".join(f"{k}: {v}" for k, v in best.items())
            + f" (of {sum(p.pairs for p in points)} compared at each budget). The best budget per "
              f"task: {', '.join(at)} ('-': no point beyond chance).")
