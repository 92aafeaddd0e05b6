"""Result JSON -> leaderboard markdown. Pure and deterministic: same results, same bytes."""
from __future__ import annotations

from pathlib import Path

from tscbench.atomic import atomic_write_bytes, atomic_write_text
from tscbench.execution.result_files import load_results
from tscbench.fidelity.memorisation import COPY_FLAG_SHARE
from tscbench.protocol.result import COMPRESSION_SETS, Result
from tscbench.report.agreement import agreement_section
from tscbench.report.comparison import CONFIDENCE, tied
from tscbench.report.headline import FLOOR
from tscbench.report.markdown import cell, raw, table
from tscbench.report.numbers import (
    cost_text,
    direction_mark,
    fixed,
    interval_text,
    marked_interval,
    params_text,
    pm,
    pm_sig,
)
from tscbench.report.operating_points import OperatingPoint, board_points, read_points
from tscbench.report.plots import compression_plots, plot_name
from tscbench.report.reference import (
    PLATEAU_SHARE,
    REFERENCES,
    RESOLVED_CONFIDENCE,
    gap_at,
    real_data_curve,
)
from tscbench.report.site import render_site, write_site
from tscbench.report.standings import (
    NO_SCALE_REASON,
    Provenance,
    TaskStanding,
    by_modality,
    check_comparable,
    label,
    overall_ranks,
    row_of,
    standings,
    teacher_mean,
)
from tscbench.report.summary import FLAGS, Summary


def regenerate_command(result_dirs: list[str], out: str, points: Path | None = None) -> str:
    return ("tscbench leaderboard " + " ".join(f"--results {d}" for d in result_dirs)
            + f" --out {out}" + (f" --operating-points {points}" if points else ""))


PLOTS = "plots"  # folder of the PNGs, beside the markdown
SAMPLES = "samples"  # folder of the copied sample grids, beside the markdown


def render(results: list[Result], command: str, operating_points: Path | None = None
           ) -> dict[str, str]:
    """{file name: markdown} for the overview and one page per task."""
    provenance = check_comparable(results)
    return _pages(standings(results, points_for(operating_points, results)), provenance, command)


def build(result_dirs: list[Path], out: Path, *, with_plots: bool = True,
          site: Path | None = None, operating_points: Path | None = None) -> list[Path]:
    """Write the markdown board (and its plots and sample grids) into `out`; with `site`, the
    HTML site of the same standings into that folder too; with `operating_points`, each task
    the file names is read at the validity study's point (report/operating_points.py)."""
    results = load_results(result_dirs)
    provenance = check_comparable(results)  # refuses incomparable results before any write
    points = points_for(operating_points, results)
    tasks = standings(results, points)
    dirs = [str(d) for d in result_dirs]
    command = regenerate_command(dirs, str(out), operating_points)
    pages = _pages(tasks, provenance, command)
    written = compression_plots(tasks, out / PLOTS) if with_plots else []
    grids = _copy_grids(tasks, result_dirs, out / SAMPLES)
    written += grids
    for name, text in pages.items():
        atomic_write_text(out / name, text)
        written.append(out / name)
    if site is not None:
        pages, images = site_pages(tasks, provenance, out, result_dirs,
                                   command + f" --html {site}")
        written += write_site(pages, images, site)
    return written


def points_for(path: Path | None, results: list[Result]) -> dict[str, OperatingPoint]:
    """The operating points in the file at `path` (None: none) that apply to these results:
    task -> point, checked against their benchmark version and student ladders."""
    if path is None:
        return {}
    version, points = read_points(path)
    ladders = {r.task.name: tuple(r.task.students) for r in results}
    return board_points(points, version, check_comparable(results).benchmark_version, ladders)


def site_pages(tasks: list[TaskStanding], provenance: Provenance, out: Path,
               result_dirs: list[Path], command: str) -> tuple[dict[str, str], dict[str, Path]]:
    """The HTML site of a board written to `out`: {page name: HTML} and the images it shows,
    {path in the site: source file} (the board's plots and the results' sample grids)."""
    shown, sources = {}, {}
    for task in tasks:
        plot = out / PLOTS / plot_name(task.name)
        if plot.is_file():
            shown[task.name] = f"{PLOTS}/{plot.name}"
            sources[shown[task.name]] = plot
        for row in (r for r in task.all_rows if r.grid):
            grid = next((Path(d) / row.grid for d in result_dirs
                         if (Path(d) / row.grid).is_file()), None)
            if grid is not None:
                shown[f"grid:{task.name}/{label(row)}"] = f"{SAMPLES}/{grid.name}"
                sources[f"{SAMPLES}/{grid.name}"] = grid
    return render_site(tasks, provenance, command, shown), sources


def _copy_grids(tasks: list[TaskStanding], result_dirs: list[Path], folder: Path) -> list[Path]:
    """Sample grids shown on task pages, copied from the results folders (when present)."""
    written = []
    for row in (row for task in tasks for row in task.all_rows if row.grid):
        source = next((Path(d) / row.grid for d in result_dirs if (Path(d) / row.grid).is_file()),
                      None)
        if source is not None:
            target = folder / source.name
            atomic_write_bytes(target, source.read_bytes())
            written.append(target)
    return written


def _pages(tasks: list[TaskStanding], provenance: Provenance, command: str) -> dict[str, str]:
    pages = {"README.md": overview_page(tasks, provenance, command)}
    for task in tasks:
        pages[f"{task.name}.md"] = task_page(task, provenance, command)
    return pages


# ----------------------------------------------------------------------------- pages
def overview_page(tasks: list[TaskStanding], provenance: Provenance, command: str) -> str:
    parts = [
        "# tscbench leaderboard",
        _quick_banner(provenance),
        "Generators ranked by how well their synthetic data teaches a student to mimic a fixed "
        "teacher (**TSC Score**: the student's test score when trained on the generator's data, "
        "divided by its score when trained on the real train set; real data = 1.000). Overall "
        "rank = mean over tasks of the per-task rank by TSC Score (ties share the average rank).",
        "Only generators that make new data are ranked. **References** frame each task's scale "
        "and are shown apart, never ranked: `real` (the train rows: the ceiling), `bootstrap` "
        "(copies of them), `noise` (independent Gaussian columns: the floor) and the diagnostic "
        "`prototypes`. A task is ranked only where the noise floor lies clearly below real data "
        f"(the {CONFIDENCE:.0%} paired t interval of their per-seed gap excludes zero); tasks "
        "that cannot tell noise from data are shown but not ranked, with the reason.",
        "Each cell: TSC Score ± standard error over seeds at the task's reference student size. "
        "**Bold**: the best contender on that task; *italic*: statistically tied with it (the "
        f"{CONFIDENCE:.0%} paired t interval of the per-seed difference in TSC Score, each seed "
        "normalised by its own train score, reaches zero). Generator labels carry the hash of "
        "their parameters; task pages list the parameters. Tabular and image tasks are ranked "
        "separately. **copies**: most of the generator's rows are train rows; **near copies**: "
        "most lie closer to a train row than unseen real rows do (memorisation, on the task "
        "pages). Such rows score like the train set itself.",
    ]
    everyone: list[str] = []
    for title, group in by_modality(tasks):
        ranked, missing = overall_ranks(group)
        everyone += [gen for gen, _, _ in ranked] + [m for m in missing if m not in everyone]
        ranked_tasks = [t for t in group if t.ranked]
        parts += [f"## {title}", _ranking_table(ranked_tasks, ranked) if ranked_tasks else
                  "No task of this kind is ranked (see below)."]
        if missing:
            parts.append(_missing_text(ranked_tasks, missing))
        if any(t.references for t in group):
            parts += [f"**References on {title.lower()}** (not ranked)", _references_table(group)]
        parts.append(_unranked_text(group))
    image_tasks = [t for t in tasks if t.modality.uses_judge]
    if image_tasks:
        parts += ["## TSC Score next to Inception Score and FID", _FIDELITY_TEXT,
                  *[_fidelity_table(t) for t in image_tasks]]
    parts += [agreement_section(tasks)]
    parts += ["## GAN-TSC lift over the noise floor", _LIFT_TEXT]
    for title, group in by_modality(tasks):
        parts += [f"**{title}**", _lift_table(group, list(dict.fromkeys(everyone)))]
    parts += ["## Tasks", table(["task", "dataset", "teacher", "teacher score", "metric", "seeds"],
                                [_task_overview_row(t) for t in tasks])]
    parts += [_provenance(provenance, command)]
    return "\n\n".join(p for p in parts if p) + "\n"


def task_page(task: TaskStanding, provenance: Provenance, command: str) -> str:
    k = task.reference_student
    parts = [f"# {cell(task.name)}", _quick_banner(provenance), _task_description(task),
             f"## Standings at {k} student {task.modality.student_unit}", _reference_text(task),
             _resolution_text(task), *_resolution_by_size(task),
             "TSC Score = student score on the generator's data / on the real train set. Lift = "
             "student score on train+synthetic minus on train; over noise = train+synthetic "
             "minus the noise floor's train+synthetic, with its 95% paired t interval (both "
             "paired by seed). Δ best = mean paired difference in TSC Score to the best "
             "contender (each seed normalised by its own train score), with its "
             f"{CONFIDENCE:.0%} paired t interval over seeds; *tied* when the interval reaches "
             "zero. Δ noise = the same to the noise floor: ✓ clearly above it, ✗ clearly below, "
             "unmarked when the interval reaches zero. Memorisation: share of synthetic rows "
             "closer to the train rows than the closest 5% of real test rows are (about 0.05 "
             "for new data, 1.00 for copies); "
             f"**near copies** from {COPY_FLAG_SHARE:.2f}, **copies** when that share of rows "
             "equal a train row. Fit + sample: seconds to fit the generator and to draw its "
             "samples (mean over seeds), with the threads each cell ran on (torch's count; more "
             "cells at a time share the cores)." + _no_scale_note(task),
             table(["rank", "generator", "TSC Score", "Δ best [95% CI]", "Δ noise [95% CI]",
                    "lift", "over noise [95% CI]", "memorisation", "fit + sample s", "seeds",
                    "version", "params"], _standing_rows(task),
                   ["r", "l", "l", "l", "l", "l", "l", "l", "r", "r", "l", "l"]),
             "**References** (not ranked: they frame the scale)",
             table(["reference", "what it is", "TSC Score", "Δ real [95% CI]", "lift",
                    "over noise [95% CI]", "memorisation", "seeds"], _reference_rows(task)),
             "## Measures of the synthetic sets", _measures_text(task),
             table(["generator", "IS ↑", "FID ↓", "KID ↓", "precision ↑", "recall ↑",
                    "detection AUC", "closer than test", "DCR ratio", "exact copies"],
                   [[label(row), *_fidelity_cells(row.summary)[1:], *_measure_cells(row.summary)]
                    for row in task.all_rows])]
    if task.all_rows:
        plot = f"{PLOTS}/{plot_name(task.name)}"
        parts += ["## Compression curves", f"![compression curves for {cell(task.name)}]({plot})"]
    if any(row.grid for row in task.all_rows):
        parts += ["## Samples", "The first 100 samples of the lowest seed, as the generator "
                  "returned them.", "\n\n".join(
                      f"**{cell(label(row))}**\n\n![samples of {cell(label(row))}]"
                      f"({SAMPLES}/{row.grid.split('/')[-1]})" for row in task.all_rows if row.grid)]
    parts += ["## Student score by compression set and size",
              f"Test {cell(_metric(task, ''))}, mean ± SE over seeds. synthetic-augment: the "
              f"generated {task.modality.item} alone at the augmentation size "
              f"({task.task.synthetic_ratio:g}x train; the paper's \"GAN only\" and MUNGE columns)."]
    parts += [_compression_table(row.summary, task.task.synthetic_ratio) for row in task.all_rows]
    if task.failures or any(row.summary.failures for row in task.all_rows):
        parts += ["## Failed cells", "\n".join(
            f"- {cell(row.summary.generator)}: {cell(f)}"
            for row in task.all_rows + task.failures for f in row.summary.failures)]
    parts += [_generators_section(task), _teachers_section(task), _provenance(provenance, command)]
    return "\n\n".join(p for p in parts if p) + "\n"


def _budget_text(point: OperatingPoint, unit: str) -> str:
    """Where the study also read smaller synthetic budgets: what it found there."""
    if not point.at_budgets or (best := point.best) is None:
        return ""
    studied = ", ".join(f"{b:g}x" for b in sorted(point.at_budgets))
    if best[1] == 1.0:
        return (f" At smaller synthetic budgets ({studied}) the score resolves no more levels than at "
                f"1x, where the board reads it.")
    return (f" The study resolves the most levels at {best[0]} {unit} on {best[1]:g}x train rows "
            f"of synthetic data ({point.at_budgets[best[1]][best[0]]}, against "
            f"{max(point.resolved.values())} at 1x); the board's cells hold 1x only, so it "
            f"reads 1x.")


def _reference_text(task: TaskStanding) -> str:
    """Which ladder point the standings use, and by which rule."""
    if (point := task.operating_point) is not None:
        counts = ", ".join(f"{k}: {c}" for k, c in sorted(point.resolved.items()))
        return (f"Reference point: {point.size} {task.modality.student_unit}, the validity "
                f"study's operating point for this task (docs/studies/validity): the student size "
                f"at which the TSC Score resolves the most adjacent levels of the diagnostic "
                f"families (levels resolved per size: {counts}; {point.needed} of {point.pairs} "
                f"needed to be beyond chance). The rule reads the diagnostic families only, never "
                f"a contender's score.{_budget_text(point, task.modality.student_unit)}")
    if task.task.reference_student == "resolved":
        sizes = len(task.task.students)
        return (f"Reference point: the largest ladder size where the noise floor lies clearly "
                f"below real data: the paired t interval of their per-seed gap excludes zero at "
                f"{1 - (1 - RESOLVED_CONFIDENCE) / sizes:.0%} confidence ({RESOLVED_CONFIDENCE:.0%} "
                f"over the {sizes} sizes looked at, Bonferroni); the largest size where none "
                f"does. The rule reads only the references, never a contender's score.")
    if task.task.reference_student != "plateau":
        return ""
    means = real_data_curve(task.task, task.train_scores) if task.train_scores else {}
    curve = ", ".join(f"{k}: {m:.3f}" for k, m in sorted(means.items()))
    return (f"Reference point: the first ladder point where the student taught on the real train "
            f"set reaches {PLATEAU_SHARE:.0%} of its best score on the ladder (mean over seeds: "
            f"{cell(curve) or '-'}). Earlier points are an under-trained regime where any set "
            f"with a little class structure looks as good as real data; the curves below show "
            f"every point.")


def _measures_text(task: TaskStanding) -> str:
    return ("Of the synthetic set the TSC Score judges (as many samples as train rows), against "
            "the real test split: " + task.modality.fidelity_source + ". Precision: share of "
            "synthetic samples inside the real data's 3-NN balls; recall: share of real samples "
            "inside the synthetic data's (torch-fidelity; up to 2,500 rows a side). Detection "
            "AUC: a LightGBM classifier telling synthetic from real on held-out rows (0.5 = "
            "indistinguishable). Memorisation in the data space (distance to the closest train "
            "row): closer than test (see above), DCR ratio = median distance of synthetic / of "
            "test rows (about 1 for new data, 0 for copies), exact copies = share equal to a "
            "train row. Copies of the train set score perfectly on every fidelity measure; "
            "only memorisation sees them.")


_LIFT_TEXT = (
    "Adding teacher-labelled points anywhere helps a bagged student, so the raw GAN-TSC lift "
    "(train+synthetic minus train) mixes \"more labelled points\" with \"points where the data "
    "is\": Gaussian noise alone lifts most tables. The lift that credits the generator is over "
    "the noise floor: its train+synthetic score minus that of `noise` at scale 1.0 on the "
    "same task and seed, at the reference student size; mean ± SE of the paired per-seed "
    "differences, rows ordered by their mean over tasks. **Bold**: the largest on the task; a "
    "value whose 95% paired t interval excludes zero is marked ✓ (above the floor) or ✗ (below).")

_FIDELITY_TEXT = (
    "IS, FID and KID of the same synthetic sets, computed by torch-fidelity from a fixed judge "
    "CNN per task (logits for IS; penultimate features for FID and KID, against the real test "
    "split). Higher IS and lower FID / KID are meant to be better. `prototypes` repeats a few "
    "typical train images per class: IS rates it like real data, the TSC Score does not.")


# ----------------------------------------------------------------------------- pieces


def _ranking_table(tasks: list[TaskStanding], ranked) -> str:
    def name(gen: str) -> str:
        flags = {row.summary.flag for t in tasks if (row := row_of(t, gen))}
        flag = next((f for f in FLAGS if f in flags), None)
        return cell(gen) + (f" **{flag}**" if flag else "")

    def place(mean_rank: float) -> int:  # equal mean ranks share a place (1, 2, 3, 3, 5)
        return 1 + sum(other < mean_rank - 1e-9 for _, other, _ in ranked)

    board_seeds = _board_seeds(tasks)
    rows = [[place(mean_rank), raw(name(gen) + _fewer_seeds_mark(tasks, gen, board_seeds)),
             f"{mean_rank:.2f}", *[raw(_tsc_cell(row_of(t, gen), t)) for t in tasks]]
            for gen, mean_rank, _ in ranked]
    out = table(["rank", "generator", "mean rank",
                 *[raw(f"[{cell(t.name)}]({t.name}.md)") for t in tasks]],
                rows, ["r", "l", "r", *["l"] * len(tasks)])
    if any(_fewer_seeds_mark(tasks, gen, board_seeds) for gen, _, _ in ranked):
        out += (f"\n\n† fewer seeds than the board's {board_seeds} on some task: its interval is "
                f"wider, so it is marked tied more easily; re-run it with the board's seeds")
    return out


def _board_seeds(tasks: list[TaskStanding]) -> int:
    """The most seeds any row of these tasks has: the board's seed count."""
    return max((len(r.summary.seeds_ok) for t in tasks for r in t.all_rows), default=0)


def _fewer_seeds_mark(tasks: list[TaskStanding], gen: str, board_seeds: int) -> str:
    counts = [len(row.summary.seeds_ok) for t in tasks if (row := row_of(t, gen))]
    return " †" if counts and min(counts) < board_seeds else ""


def _missing_text(tasks: list[TaskStanding], missing: list[str]) -> str:
    """Generators left out of the ranking: the tasks they lack and the scores they have."""
    lines = []
    for gen in missing:
        has = [(t, row) for t in tasks if (row := row_of(t, gen)) and row in t.rows]
        lacks = [t.name for t in tasks if not any(task is t for task, _ in has)]
        scores = ", ".join(f"{cell(t.name)} {pm(row.summary.tsc[row.summary.reference_student], 3)}"
                           for t, row in has)
        lines.append(f"- {cell(gen)}: lacks {cell(', '.join(lacks))}; has {scores}")
    return "Not ranked (missing some ranked task):\n\n" + "\n".join(lines)


def _fidelity_table(task: TaskStanding) -> str:
    rows = [[raw(f"[{cell(label(row))}]({task.name}.md)"), *_fidelity_cells(row.summary)]
            for row in task.all_rows]
    return f"**{cell(task.name)}**\n\n" + table(
        ["generator", "TSC Score", "IS ↑", "FID ↓", "KID ↓"],
        [[r[0], r[1], r[2], r[3], r[4]] for r in rows])


def _fidelity_cells(summary: Summary) -> list[str]:
    k = summary.reference_student
    return [pm(summary.tsc[k], 3), *[pm_sig(summary.fidelity.get(m))
                                      for m in ("inception_score", "fid", "kid")]]







def _lift_table(tasks: list[TaskStanding], generators: list[str]) -> str:
    def over(task, gen):
        row = row_of(task, gen)
        return None if row is None else row.summary.over_noise.get(task.reference_student)

    def is_floor(gen: str) -> bool:
        return any(row.summary.generator == FLOOR.generator
                   for t in tasks if (row := row_of(t, gen)))

    contenders = [g for g in generators if not is_floor(g)]
    best = {t.name: max((v.mean for g in contenders if (v := over(t, g))), default=None)
            for t in tasks}
    rows = []
    for gen in contenders:
        values = [over(task, gen) for task in tasks]
        present = [v.mean for v in values if v is not None]
        if not present:
            continue
        cells = [raw(_over_noise_text(v, bold=v is not None and v.mean == best[t.name]))
                 for v, t in zip(values, tasks)]
        rows.append((-sum(present) / len(present), gen, cells))
    rows.sort(key=lambda item: (item[0], item[1]))
    return table(["generator", *[raw(f"[{cell(t.name)}]({t.name}.md)") for t in tasks]],
                 [[gen, *cells] for _, gen, cells in rows])


def _over_noise_text(value, bold: bool = False) -> str:
    if value is None:
        return "-"
    text = pm(value.pm, 4, signed=True) + direction_mark(value)
    return f"**{text}**" if bold else text


def _tsc_cell(row, task: TaskStanding) -> str:
    if row is None:
        return "-"
    text = pm(row.summary.tsc[row.summary.reference_student], 3)
    if row is task.best:
        return f"**{text}**"
    return f"*{text}*" if tied(row.difference) else text


def _standing_rows(task: TaskStanding) -> list[list]:
    rows = []
    k = task.reference_student
    for place, row in enumerate(task.rows, 1):
        s = row.summary
        diff = "best" if row.difference is None else (
            interval_text(row.difference) + (" *tied*" if tied(row.difference) else ""))
        name = label(row) + (f", best of {row.settings_tried} settings"
                             if row.settings_tried > 1 else "")
        rows.append([place, raw(f"**{cell(name)}**" if place == 1 else cell(name)),
                     pm(s.tsc[k], 3), raw(cell(diff).replace("\\*tied\\*", "*tied*")),
                     raw(marked_interval(row.to_floor)),
                     pm(s.lift[k], 4, signed=True), raw(interval_text(s.over_noise.get(k))),
                     raw(_memorisation_text(s)), cost_text(s),
                     len(s.seeds_ok), row.version, params_text(row.params)])
    return rows




def _reference_rows(task: TaskStanding) -> list[list]:
    k = task.reference_student
    return [[cell(label(row)), REFERENCES.get(row.summary.generator, ""),
             pm(row.summary.tsc[k], 3),
             raw(interval_text(row.to_ceiling)),
             pm(row.summary.lift[k], 4, signed=True),
             raw(interval_text(row.summary.over_noise.get(k))),
             raw(_memorisation_text(row.summary)), len(row.summary.seeds_ok)]
            for row in task.references]


def _references_table(tasks: list[TaskStanding]) -> str:
    labels = list(dict.fromkeys(label(r) for t in tasks for r in t.references))
    rows = [[cell(gen), *[raw(pm(row.summary.tsc[row.summary.reference_student], 3))
                          if (row := row_of(t, gen)) else "-" for t in tasks]]
            for gen in labels]
    return table(["reference", *[raw(f"[{cell(t.name)}]({t.name}.md)") for t in tasks]], rows)


def _unranked_text(tasks: list[TaskStanding]) -> str:
    lines = [f"- [{cell(t.name)}]({t.name}.md): {cell(t.resolution.reason)}"
             for t in tasks if not t.ranked]
    return "Shown but not ranked:\n\n" + "\n".join(lines) if lines else ""


def _resolution_text(task: TaskStanding) -> str:
    """How far the floor lies below real data, and the smallest difference the seeds resolve."""
    res = task.resolution
    if res is None:
        return ""
    parts = []
    if res.floor_gap is not None and res.floor_gap.low is not None:
        gap = res.floor_gap
        ratio = res.gap_in_se
        parts.append(f"Resolution: real data scores {gap.mean:+.4f} TSC above the noise floor "
                     f"({CONFIDENCE:.0%} paired t interval [{gap.low:+.4f}, {gap.high:+.4f}]"
                     + (f", {ratio:.1f} standard errors" if ratio is not None else "")
                     + f", {gap.n} seeds).")
    if res.smallest is not None:
        parts.append(f"The smallest difference in TSC Score these seeds resolve between two "
                     f"contenders is about {res.smallest:.4f} (the t quantile times the median "
                     f"standard error of the paired differences to the best).")
    if not res.ranked:
        parts.append(f"**Not ranked**: {res.reason}.")
    elif res.reason:
        parts.append(f"Ranked, but {res.reason}.")
    return " ".join(parts)


def _resolution_by_size(task: TaskStanding) -> list[str]:
    """At every ladder size: the floor's gap to real data and the contenders' spread, the
    measurements a reference size is chosen from."""
    if not task.floor_gaps:
        return []
    rows = []
    for k in task.task.students:
        gap = gap_at(task.floor_gaps, k, CONFIDENCE)
        means = [row.summary.tsc[k][0] for row in task.rows if k in row.summary.tsc]
        spread = f"{max(means) - min(means):.4f}" if len(means) > 1 else "-"
        in_se = f"{gap.mean / gap.se:.1f}" if gap is not None and gap.se else "-"
        marker = " ← reference" if k == task.reference_student else ""
        rows.append([f"{k}{marker}", interval_text(gap) if gap else "-", in_se, spread])
    return ["Resolution at each student size: the gap is real data's TSC Score minus the noise "
            f"floor's, per seed, with its {CONFIDENCE:.0%} paired t interval and in standard "
            "errors; spread is the best minus the worst contender's mean TSC Score.",
            table([f"student {task.modality.student_unit}", "floor gap [95% CI]", "in SE",
                   "contenders' spread"], rows, ["l", "l", "r", "r"])]




def _no_scale_note(task: TaskStanding) -> str:
    """Why the memorisation column reads "-" on a task whose split repeats train rows."""
    if not task.memorisation_has_no_scale:
        return ""
    return f" **Memorisation has no scale on this task** (-): {NO_SCALE_REASON}"


def _memorisation_text(summary: Summary) -> str:
    share = summary.memorisation.get("closer_than_test")
    if share is None:
        return "-"
    return f"{share[0]:.2f}" + (f" **{summary.flag}**" if summary.flag else "")


def _measure_cells(summary: Summary) -> list[str]:
    f, m = summary.fidelity, summary.memorisation
    return [fixed(f.get("precision"), 3), fixed(f.get("recall"), 3),
            fixed(f.get("detection_auc"), 3), fixed(m.get("closer_than_test"), 2),
            fixed(m.get("dcr_ratio"), 2), fixed(m.get("exact_copies"), 2)]








def _compression_table(summary: Summary, ratio: float) -> str:
    sizes = sorted(next(iter(summary.means.values())))
    sets = [name for name in COMPRESSION_SETS if name in summary.means]
    header = [f"synthetic ({ratio:g}x)" if name == "synthetic-augment" else name for name in sets]
    rows = [[size, *[pm(summary.means[name][size], 4) for name in sets]] for size in sizes]
    return (f"**{cell(summary.generator)}** ({summary.params_hash})\n\n"
            + table([f"student {summary.unit}", *header], rows, ["r", *["l"] * len(sets)]))


def _task_description(task: TaskStanding) -> str:
    spec, data, unit = task.task, task.data, task.modality.item
    params = ", ".join(f"{k}={v}" for k, v in sorted(spec.teacher.params))
    teacher_text = spec.teacher.text + (f"; {params}" if params else "")
    target = f"{data.n_classes} classes" if data and data.n_classes else "a regression target"
    sizes = (f"{data.n_train} train / {data.n_test} test {unit}, {data.n_features} features, "
             f"{target}; split hash `{data.split_hash[:16]}`" if data else
             f"? train / ? test {unit}, ? features, ? classes; split hash `?`")
    lines = [
        f"- Data: {cell(spec.dataset.text)}; {sizes}",
        f"- Teacher: {cell(teacher_text)}; test {cell(_metric(task, '?'))} "
        + (f"{teacher_mean(task):.4f} (mean over seeds {sorted(task.teachers)})"
           if task.teachers else "-"),
        f"- Students: {cell(task.modality.describe_students(spec))}; train+synthetic adds "
        f"{spec.synthetic_ratio:g}x as many synthetic {unit} as train {unit}",
    ]
    return "\n".join(lines)


def _metric(task: TaskStanding, missing: str) -> str:
    return task.data.metric if task.data else missing




def _task_overview_row(task: TaskStanding) -> list:
    return [raw(f"[{cell(task.name)}]({task.name}.md)"), task.task.dataset.text,
            task.task.teacher.text,
            f"{teacher_mean(task):.4f}" if task.teachers else "-", _metric(task, "-"),
            ", ".join(map(str, sorted(task.teachers)))]


def _generators_section(task: TaskStanding) -> str:
    rows = [[label(r), r.version, params_text(r.params, full=True)]
            for r in task.all_rows + task.failures]
    return "## Generators\n\n" + table(["generator", "version", "parameters"], rows)


def _teachers_section(task: TaskStanding) -> str:
    rows = [[seed, f"{t.test_score:.4f}", raw(f"`{t.sha256[:16]}`")]
            for seed, t in sorted(task.teachers.items())]
    return "## Teachers\n\n" + table(["seed", "test score", "model sha256"], rows, ["r", "r", "l"])




def _quick_banner(provenance: Provenance) -> str:
    return ("> **Quick (smoke) results**: small teachers and capped data; not comparable with "
            "full runs." if provenance.quick else "")


def _provenance(provenance: Provenance, command: str) -> str:
    return "\n".join([
        "## Provenance",
        f"- Benchmark version: {cell(provenance.benchmark_version)}",
        f"- tscbench version(s): {cell(', '.join(provenance.tscbench_versions))}",
        f"- Library versions: {cell(' / '.join(provenance.library_versions))}",
        f"- Regenerate this page: `{command}`",
    ])

