"""Standings -> a static leaderboard site: an overview, a page per task and per generator, and
every row's measures side by side, in sortable, filterable tables.

It renders the same standings objects as the markdown board (report/standings.py), so the two
never disagree. Pure and deterministic: same results, same bytes. Nothing is fetched when a page
is viewed: the stylesheet and script ship beside the pages, the plots and sample grids are copied.
"""
from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

from tscbench.atomic import atomic_write_bytes, atomic_write_text
from tscbench.report import html
from tscbench.report.comparison import CONFIDENCE, tied
from tscbench.report.html import Cell, esc, heading, link, para
from tscbench.report.numbers import (
    cost_text,
    direction_mark,
    fixed,
    interval_text,
    params_text,
    pm,
    pm_sig,
)
from tscbench.report.palette import Look, board_looks
from tscbench.report.reference import REFERENCES
from tscbench.report.standings import (
    NO_SCALE_REASON,
    Provenance,
    Row,
    TaskStanding,
    by_modality,
    label,
    overall_ranks,
    row_of,
    teacher_mean,
)
from tscbench.report.summary import FLAGS

ASSETS = ("site.css", "site.js")


def slug(name: str) -> str:
    """A file-name-safe form of a task or generator name."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-.") or "unnamed"


def task_href(name: str) -> str:
    return f"task-{slug(name)}.html"


def generator_href(name: str) -> str:
    return f"generator-{slug(name)}.html"


def render_site(tasks: list[TaskStanding], provenance: Provenance, command: str,
                images: dict[str, str]) -> dict[str, str]:
    """{file name: HTML} of every page. `images`: {task name: compression plot path} and
    {"grid:" + row label: sample grid path}, relative to the site folder."""
    looks = board_looks(row.summary.generator for t in tasks for row in t.all_rows + t.failures)
    names = sorted({row.summary.generator for t in tasks for row in t.all_rows + t.failures})
    nav = [("Overview", "index.html"), ("Measures side by side", "measures.html"),
           *[(t.name, task_href(t.name)) for t in tasks]]
    pages = {"index.html": html.page("tscbench leaderboard",
                                     _overview(tasks, looks, provenance, command), nav),
             "measures.html": html.page("Measures side by side", _measures(tasks, looks), nav)}
    for task in tasks:
        pages[task_href(task.name)] = html.page(
            f"Task {task.name}", _task_page(task, looks, images, provenance, command), nav)
    for name in names:
        pages[generator_href(name)] = html.page(
            f"Generator {name}", _generator_page(name, tasks, looks), nav)
    return pages


def write_site(pages: dict[str, str], images: dict[str, Path], out: Path) -> list[Path]:
    """Write the pages, the shared assets and the images ({site path: source file})."""
    written = []
    for name in ASSETS:
        data = resources.files("tscbench.report").joinpath("site_assets", name).read_bytes()
        atomic_write_bytes(out / name, data)
        written.append(out / name)
    for target, source in sorted(images.items()):
        atomic_write_bytes(out / target, source.read_bytes())
        written.append(out / target)
    for name, text in pages.items():
        atomic_write_text(out / name, text)
        written.append(out / name)
    return written


# ----------------------------------------------------------------------------- pages
def _overview(tasks, looks, provenance: Provenance, command: str) -> str:
    parts = [
        para("Generators ranked by how well their synthetic data teaches a student to mimic a "
             "fixed teacher. TSC Score: the student's test score when trained on the "
             "generator's data divided by its score when trained on the real train set (real "
             "data = 1.000), at each task's reference student size; mean ± standard error over "
             "seeds. Overall rank: mean over ranked tasks of the per-task rank. Bold: the best "
             f"on the task; 'tied': its {CONFIDENCE:.0%} paired t interval to the best reaches "
             "zero. References (real, bootstrap, the noise floor, prototypes) frame each task's "
             "scale and are never ranked. Click a column header to sort; type to filter."),
        _quick_banner(provenance),
    ]
    for title, group in by_modality(tasks):
        ranked_tasks = [t for t in group if t.ranked]
        ranked, missing = overall_ranks(group)
        parts.append(heading(title))
        if ranked_tasks:
            parts.append(_ranking_table(title, ranked_tasks, ranked, looks))
        else:
            parts.append(para("No task of this kind is ranked (see below)."))
        if missing:
            parts.append(para("Not ranked overall (missing some ranked task): "
                              + ", ".join(missing) + "."))
        if any(t.references for t in group):
            parts.append(_references_table(title, group, looks))
        unranked = [f"{link(t.name, task_href(t.name))}: {esc(t.resolution.reason)}"
                    for t in group if not t.ranked]
        if unranked:
            parts += [para("Shown but not ranked:"), html.bullets(unranked)]
    parts += [heading("Tasks"), _tasks_table(tasks), _provenance(provenance, command)]
    return "\n".join(p for p in parts if p)


def _ranking_table(title: str, tasks, ranked, looks) -> str:
    rows = []
    for gen, mean_rank, _ in ranked:
        place = 1 + sum(other < mean_rank - 1e-9 for _, other, _ in ranked)  # ties share it
        flags = {row.summary.flag for t in tasks if (row := row_of(t, gen))}
        flag = next((f for f in FLAGS if f in flags), "")
        rows.append([Cell(str(place), place), _name_cell(gen.split(" (")[0], looks, gen, flag),
                     Cell(f"{mean_rank:.2f}", mean_rank),
                     *[_tsc_cell(row_of(t, gen), t) for t in tasks]])
    return html.table(f"ranking-{slug(title).lower()}", f"{title}: overall ranking",
                      ["rank", "generator", "mean rank", *[t.name for t in tasks]], rows)


def _references_table(title: str, tasks, looks) -> str:
    labels = list(dict.fromkeys(label(r) for t in tasks for r in t.references))
    rows = [[_name_cell(gen.split(" (")[0], looks, text=gen),
             *[_tsc_cell(row, t, best=False) if (row := row_of(t, gen)) else Cell("-")
               for t in tasks]] for gen in labels]
    return html.table(f"references-{slug(title).lower()}", f"{title}: references (not ranked)",
                      ["reference", *[t.name for t in tasks]], rows, search=False)


def _tasks_table(tasks) -> str:
    rows = [[Cell(t.name, href=task_href(t.name)), t.modality.name, t.task.dataset.text,
             t.task.teacher.text, _teacher_cell(t), t.data.metric if t.data else "-",
             "yes" if t.ranked else "no", len(t.teachers)] for t in tasks]
    return html.table("tasks", "Tasks", ["task", "kind", "dataset", "teacher", "teacher score",
                                         "metric", "ranked", "seeds"], rows, filters=(1, 6))


def _measures(tasks, looks) -> str:
    return "\n".join([
        para("Every generator on every task, its TSC Score next to the measures of its "
             "synthetic set: IS, FID and KID (image tasks), precision and recall (3-NN "
             "manifolds), the detection AUC (0.5: a classifier cannot tell synthetic from real) "
             "and memorisation (share of rows closer to a train row than real test rows are; "
             "exact copies of train rows). Pick a task, or a kind of row, to compare."),
        html.table("measures", "All rows", _MEASURE_HEADER,
                   [_measure_row(t, row, looks) for t in tasks for row in t.all_rows],
                   filters=(0, 2)),
    ])


_MEASURE_HEADER = ["task", "generator", "kind", "rank", "TSC Score", "Δ noise", "lift over noise",
                   "IS ↑", "FID ↓", "KID ↓", "precision ↑", "recall ↑", "detection AUC",
                   "closer than test", "exact copies", "fit + sample s"]


def _measure_row(task: TaskStanding, row: Row, looks) -> list:
    s, k = row.summary, task.reference_student
    reference = row in task.references
    rank = "-" if reference or not task.ranked else task.rows.index(row) + 1
    over = s.over_noise.get(k)
    f, m = s.fidelity, s.memorisation
    return [Cell(task.name, href=task_href(task.name)), _name_cell(s.generator, looks, label(row)),
            "reference" if reference else "contender",
            Cell(str(rank), None if rank == "-" else rank),
            Cell(pm(s.tsc[k], 3), s.tsc[k][0]),
            _interval_cell(row.to_ceiling if reference else row.to_floor),
            _interval_cell(over),
            *[_sig_cell(f.get(metric)) for metric in ("inception_score", "fid", "kid")],
            *[_fixed_cell(f.get(metric), 3) for metric in ("precision", "recall", "detection_auc")],
            _memorisation_cell(s), _fixed_cell(m.get("exact_copies"), 2),
            Cell(cost_text(s), _total_seconds(s))]


def _task_page(task: TaskStanding, looks, images, provenance, command) -> str:
    k = task.reference_student
    parts = [_quick_banner(provenance), _task_facts(task)]
    if task.resolution is not None and not task.ranked:
        parts.append(para(f"Not ranked: {task.resolution.reason}."))
    parts += [heading(f"Standings at {k} student {task.modality.student_unit}"),
              para("Δ best: paired difference in TSC Score to the best contender with its "
                   f"{CONFIDENCE:.0%} t interval over seeds. Δ noise: the same to the noise "
                   "floor (✓ clearly above, ✗ clearly below). Lift over noise: train+synthetic "
                   "minus the noise floor's train+synthetic."
                   + (f" Memorisation has no scale on this task (-): {NO_SCALE_REASON}"
                      if task.memorisation_has_no_scale else "")),
              html.table("standings", f"{task.name}: contenders",
                         ["rank", "generator", "TSC Score", "Δ best", "Δ noise", "lift",
                          "lift over noise", "closer than test", "fit + sample s", "seeds",
                          "version", "params"],
                         [_standing_row(task, place, row, looks)
                          for place, row in enumerate(task.rows, 1)])]
    if task.references:
        parts.append(html.table(
            "task-references", f"{task.name}: references (not ranked)",
            ["reference", "what it is", "TSC Score", "Δ real", "lift over noise", "seeds"],
            [[_name_cell(r.summary.generator, looks, label(r)),
              REFERENCES.get(r.summary.generator, ""), Cell(pm(r.summary.tsc[k], 3),
                                                            r.summary.tsc[k][0]),
              _interval_cell(r.to_ceiling), _interval_cell(r.summary.over_noise.get(k)),
              len(r.summary.seeds_ok)] for r in task.references], search=False))
    parts += [heading("Measures of the synthetic sets"),
              html.table("task-measures", f"{task.name}: measures", _MEASURE_HEADER[1:],
                         [_measure_row(task, row, looks)[1:] for row in task.all_rows])]
    if task.name in images:
        parts += [heading("Compression curves"),
                  html.image(images[task.name], f"compression curves for {task.name}")]
    grids = [(label(r), images.get("grid:" + f"{task.name}/{label(r)}"))
             for r in task.all_rows]
    if any(path for _, path in grids):
        parts += [heading("Samples"), para("The first 100 samples of the lowest seed.")]
        parts += [f"<figure>{html.image(path, f'samples of {name}')}"
                  f"<figcaption>{esc(name)}</figcaption></figure>" for name, path in grids if path]
    failures = [f"{esc(row.summary.generator)}: {esc(f)}" for row in task.all_rows + task.failures
                for f in row.summary.failures]
    if failures:
        parts += [heading("Failed cells"), html.bullets(failures)]
    parts += [para(f"Every number of this task, with each compression set and student size: "
                   f"the markdown page {task.name}.md beside this site's folder."),
              _provenance(provenance, command)]
    return "\n".join(p for p in parts if p)


def _standing_row(task: TaskStanding, place: int, row: Row, looks) -> list:
    s, k = row.summary, task.reference_student
    note = "" if row.difference is None or not tied(row.difference) else "tied"
    best = "best" if row.difference is None else interval_text(row.difference)
    name = label(row) + (f", best of {row.settings_tried} settings" if row.settings_tried > 1 else "")
    return [Cell(str(place), place), _name_cell(s.generator, looks, name),
            Cell(pm(s.tsc[k], 3), s.tsc[k][0], strong=place == 1, note=note),
            Cell(best, 0.0 if row.difference is None else row.difference.mean),
            _interval_cell(row.to_floor), Cell(pm(s.lift[k], 4, signed=True), s.lift[k][0]),
            _interval_cell(s.over_noise.get(k)), _memorisation_cell(s),
            Cell(cost_text(s), _total_seconds(s)), len(s.seeds_ok), row.version,
            params_text(row.params)]


def _generator_page(name: str, tasks, looks) -> str:
    look = looks[name]
    kind = "a reference (never ranked)" if look.reference else "a contender"
    rows, settings = [], {}
    for task in tasks:
        for row in (r for r in task.all_rows + task.failures if r.summary.generator == name):
            settings[label(row)] = (row.version, params_text(row.params, full=True))
            rows.append(_generator_row(task, row, looks))
    return "\n".join([
        para(f"{name} is {kind} on this board. Its colour on every plot: "
             f"{look.color} ({'dashed' if look.reference else 'solid'} line, marker "
             f"{look.marker})."),
        heading("Across tasks"),
        html.table("across-tasks", f"{name} on every task",
                   ["task", "generator", "rank", "TSC Score", "Δ noise", "lift over noise",
                    "FID ↓", "detection AUC", "closer than test", "fit + sample s", "seeds"],
                   rows, filters=(0,)),
        heading("Versions and parameters"),
        html.table("settings", f"{name}: settings on this board",
                   ["generator", "version", "parameters"],
                   [[gen, version, params] for gen, (version, params) in sorted(settings.items())],
                   search=False),
    ])


def _generator_row(task: TaskStanding, row: Row, looks) -> list:
    s, k = row.summary, task.reference_student
    if not s.seeds_ok or row in task.failures:
        reason = s.failures[0] if s.failures else "no seed succeeded"
        return [Cell(task.name, href=task_href(task.name)), label(row), "failed",
                Cell("-"), Cell("-"), Cell("-"), Cell("-"), Cell("-"), Cell(reason), Cell("-"),
                len(s.seeds_ok)]
    if row in task.references:
        rank = "reference"
    else:
        rank = str(task.rows.index(row) + 1) if task.ranked else "unranked task"
    return [Cell(task.name, href=task_href(task.name)), label(row),
            Cell(rank, int(rank) if rank.isdigit() else None),
            Cell(pm(s.tsc[k], 3), s.tsc[k][0], strong=row is task.best),
            _interval_cell(row.to_ceiling if row in task.references else row.to_floor),
            _interval_cell(s.over_noise.get(k)), _sig_cell(s.fidelity.get("fid")),
            _fixed_cell(s.fidelity.get("detection_auc"), 3), _memorisation_cell(s),
            Cell(cost_text(s), _total_seconds(s)), len(s.seeds_ok)]


# ----------------------------------------------------------------------------- pieces
def _name_cell(name: str, looks: dict[str, Look], text: str | None = None,
               note: str = "") -> Cell:
    look = looks.get(name)
    swatch = "" if look is None else ("ref:" if look.reference else "") + look.color
    return Cell(text or name, href=generator_href(name), swatch=swatch, note=note)


def _tsc_cell(row, task: TaskStanding, best: bool = True) -> Cell:
    if row is None:
        return Cell("-")
    k = row.summary.reference_student
    note = "tied" if best and row is not task.best and tied(row.difference) else ""
    return Cell(pm(row.summary.tsc[k], 3), row.summary.tsc[k][0], href=task_href(task.name),
                strong=best and row is task.best, note=note)


def _interval_cell(value) -> Cell:
    if value is None:
        return Cell("-")
    return Cell(interval_text(value) + direction_mark(value), value.mean)


def _sig_cell(value) -> Cell:
    return Cell(pm_sig(value), None if value is None else value[0])


def _fixed_cell(value, digits: int) -> Cell:
    return Cell(fixed(value, digits), None if value is None else value[0])


def _memorisation_cell(summary) -> Cell:
    share = summary.memorisation.get("closer_than_test")
    if share is None:
        return Cell("-")
    return Cell(f"{share[0]:.2f}", share[0], note=summary.flag or "")


def _total_seconds(summary) -> float | None:
    fit, sample = summary.seconds.get("fit"), summary.seconds.get("sample")
    return None if fit is None or sample is None else fit + sample


def _teacher_cell(task: TaskStanding) -> Cell:
    if not task.teachers:
        return Cell("-")
    return Cell(f"{teacher_mean(task):.4f}", teacher_mean(task))


def _task_facts(task: TaskStanding) -> str:
    spec, data, unit = task.task, task.data, task.modality.item
    target = (f"{data.n_classes} classes" if data and data.n_classes else "a regression target")
    sizes = (f"{data.n_train} train / {data.n_test} test {unit}, {data.n_features} features, "
             f"{target}" if data else "no successful cell")
    facts = [("data", f"{spec.dataset.text}; {sizes}"), ("teacher", spec.teacher.text),
             ("students", task.modality.describe_students(spec)),
             ("augmentation", f"train+synthetic adds {spec.synthetic_ratio:g}x as many synthetic "
                              f"{unit} as train {unit}")]
    return "<dl>" + "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in facts) + "</dl>"






def _quick_banner(provenance: Provenance) -> str:
    return (para("Quick (smoke) results: small teachers and capped data; not comparable with "
                 "full runs.") if provenance.quick else "")


def _provenance(provenance: Provenance, command: str) -> str:
    items = [f"Benchmark version: {esc(provenance.benchmark_version)}",
             f"tscbench version(s): {esc(', '.join(provenance.tscbench_versions))}",
             f"Regenerate: <code>{esc(command)}</code>"]
    return heading("Provenance") + html.bullets(items)
