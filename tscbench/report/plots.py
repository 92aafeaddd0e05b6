"""Compression curves (student score vs student size, per compression set) as PNG files."""
from __future__ import annotations

import io
from pathlib import Path

from tscbench.atomic import atomic_write_bytes
from tscbench.protocol.result import COMPRESSION_SETS
from tscbench.report.standings import TaskStanding, label


def plot_name(task: str) -> str:
    return f"{task}_compression.png"


def compression_plots(tasks: list[TaskStanding], folder: Path) -> list[Path]:
    """Write one PNG per task that has results; return the paths."""
    import matplotlib

    matplotlib.use("Agg")  # no display needed
    written = []
    for task in tasks:
        if task.all_rows:
            atomic_write_bytes(folder / plot_name(task.name), _figure_png(task))
            written.append(folder / plot_name(task.name))
    return written


def _styles(rows) -> dict[str, dict]:
    """A distinct colour, line style and marker per series: tab20 gives 20 colours, and line
    style and marker change with every pass through them, so no two series look alike even
    past 20 (the default cycle repeats after 10)."""
    import matplotlib

    colours = matplotlib.colormaps["tab20"].colors
    dashes, markers = ("-", "--", ":", "-."), ("o", "s", "^", "D")
    return {label(row): {"color": colours[i % 20], "ls": dashes[i // 20 % 4],
                         "marker": markers[i // 20 % 4]}
            for i, row in enumerate(rows)}


def _figure_png(task: TaskStanding) -> bytes:
    import matplotlib.pyplot as plt

    sets = [name for name in COMPRESSION_SETS if any(name in r.summary.means for r in task.all_rows)]
    fig, axes = plt.subplots(1, len(sets), figsize=(4.4 * len(sets), 3.8), sharey=True)
    styles = _styles(task.all_rows)
    for ax, name in zip(axes, sets):
        ax.axvline(task.reference_student, color="grey", ls="--", lw=0.8)  # the reported point
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
    fig.suptitle(f"{task.name}: student score vs size (mean ± SE over seeds; dashed: the "
                 f"reference point)")
    fig.tight_layout()
    buffer = io.BytesIO()
    # No software/version metadata: the same results give the same bytes.
    fig.savefig(buffer, format="png", dpi=90, metadata={"Software": None})
    plt.close(fig)
    return buffer.getvalue()
