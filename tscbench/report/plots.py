"""Compression curves (student score vs student size, per compression set) as PNG files."""
from __future__ import annotations

import io
from collections import defaultdict
from pathlib import Path

from tscbench.atomic import atomic_write_bytes
from tscbench.protocol.result import COMPRESSION_SETS
from tscbench.report.palette import Look, board_looks
from tscbench.report.standings import TaskStanding, label


def plot_name(task: str) -> str:
    return f"{task}_compression.png"


def compression_plots(tasks: list[TaskStanding], folder: Path) -> list[Path]:
    """Write one PNG per task that has results; return the paths."""
    import matplotlib

    matplotlib.use("Agg")  # no display needed
    looks = board_looks(row.summary.generator for task in tasks for row in task.all_rows)
    written = []
    for task in tasks:
        if task.all_rows:
            atomic_write_bytes(folder / plot_name(task.name), _figure_png(task, looks))
            written.append(folder / plot_name(task.name))
    return written


def _styles(rows, looks: dict[str, Look]) -> dict[str, dict]:
    """Each series in its generator's look (report/palette.py: the same on every page); a second
    setting of one generator on a task changes the line style, so it stays apart."""
    styles, seen = {}, defaultdict(int)
    for row in rows:
        name = row.summary.generator
        look = looks[name]
        style = look.matplotlib()
        if seen[name]:
            style["ls"] = _VARIANT_LINES[seen[name] % len(_VARIANT_LINES)]
        seen[name] += 1
        if look.reference:
            style["lw"] = 1.0  # references frame the plot; contenders are what it is about
        styles[label(row)] = style
    return styles


_VARIANT_LINES = ("-", (0, (5, 1)), (0, (1, 1)), (0, (3, 1, 1, 1)))


def _figure_png(task: TaskStanding, looks: dict[str, Look]) -> bytes:
    import matplotlib.pyplot as plt

    sets = [name for name in COMPRESSION_SETS if any(name in r.summary.means for r in task.all_rows)]
    width, height = 4.4 * len(sets), 3.8
    fig, axes = plt.subplots(1, len(sets), figsize=(width, height), sharey=True)
    styles = _styles(task.all_rows, looks)
    for ax, name in zip(axes, sets):
        ax.axvline(task.reference_student, color="#c0c0c0", ls="-", lw=2, zorder=0)  # the reported point
        for row in (r for r in task.all_rows if name in r.summary.means):
            means = row.summary.means[name]
            sizes = sorted(means)
            ax.errorbar(sizes, [means[k][0] for k in sizes],
                        yerr=[means[k][1] or 0 for k in sizes], ms=3, capsize=2,
                        label=label(row), **styles[label(row)])
        ax.set_title(f"compression set: {name}")
        ax.set_xlabel(f"student {task.modality.student_unit}")
        ax.grid(alpha=0.3)
    axes[0].set_ylabel(f"test {task.data.metric if task.data else 'score'}")
    axes[-1].legend(fontsize=7, loc="lower right")
    fig.suptitle(f"{task.name}: student score vs size (mean ± SE over seeds; grey series: the "
                 f"references; vertical line: the reference point)")
    _margins(fig, width, height)
    buffer = io.BytesIO()
    # No software/version metadata: the same results give the same bytes.
    fig.savefig(buffer, format="png", dpi=90, metadata={"Software": None})
    plt.close(fig)
    return buffer.getvalue()


def _margins(fig, width: float, height: float) -> None:
    """Fixed margins in inches: `tight_layout` would draw the whole figure once more just to
    measure it, nearly doubling the time a board's plots take."""
    fig.subplots_adjust(left=0.75 / width, right=1 - 0.15 / width, bottom=0.55 / height,
                        top=1 - 0.65 / height, wspace=0.08)
