"""Run planned cells: resume finished ones, run the rest in worker processes, write each result
as it arrives, and show progress per worker."""
from __future__ import annotations

from pathlib import Path
from typing import Sequence

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from tscbench.cache import ArtifactCache
from tscbench.cell import CellSpec
from tscbench.executors import LocalExecutor, Resources
from tscbench.planning import PlannedCell
from tscbench.results import finished, write_result


def run_planned(cells: Sequence[PlannedCell], out_dir: Path, *, cache: ArtifactCache,
                resources: Resources, force: bool = False, scheduler: str | None = None,
                console: Console | None = None) -> list[dict]:
    """Run the cells not finished yet: locally, or on the dask cluster at `scheduler`."""
    console = console or Console(stderr=True)
    done = {} if force else {c.spec.key: r for c in cells if (r := finished(out_dir, c.spec))}
    todo = [c.spec for c in cells if c.spec.key not in done]
    if done:
        console.print(f"[dim]resuming: {len(done)} of {len(cells)} cells already finished in "
                      f"{out_dir} (--force recomputes them)[/dim]", highlight=False)
    if scheduler is not None:
        from tscbench.dask_executor import DaskExecutor

        executor, slots = DaskExecutor(scheduler, cache, resources), 0
    else:
        if resources.jobs > 1 and todo:
            _build_teachers(todo, cache, resources.jobs * resources.threads, console)
            todo = _seeds_apart(todo)
        executor, slots = LocalExecutor(str(cache.root), resources), resources.jobs
    new = _execute(executor, slots, todo, out_dir, console)
    return [done.get(c.spec.key) or new[c.spec.key] for c in cells]


def _execute(executor, n_slots: int, todo: list[CellSpec], out_dir: Path,
             console: Console) -> dict[str, dict]:
    results: dict[str, dict] = {}
    with _progress(console) as progress:
        overall = progress.add_task("all cells", total=len(todo), phase="")
        slots = [progress.add_task(f"worker {i}", total=None, phase="idle", visible=len(todo) > 0)
                 for i in range(n_slots)]

        def on_result(slot: int, spec: CellSpec, result: dict) -> None:
            write_result(out_dir, spec, result)  # before anything else: nothing computed is lost
            results[spec.key] = result
            if result["status"] != "ok":
                progress.console.print(f"[red]{_name(spec)}: {result['status']} in "
                                       f"{result['phase']}: {result['reason']}[/red]",
                                       highlight=False)
            progress.advance(overall)

        def on_start(slot: int, spec: CellSpec) -> None:
            if slot < len(slots):
                progress.update(slots[slot], description=_name(spec), phase="start")

        def on_phase(slot: int, phase: str) -> None:
            if slot < len(slots):
                progress.update(slots[slot], phase=phase)

        executor.run(
            todo, on_start=on_start, on_phase=on_phase,
            on_warning=lambda message: progress.console.print(f"[yellow]{message}[/yellow]"),
            on_result=on_result)
        for slot in slots:
            progress.update(slot, description="done", phase="", visible=False)
    return results


def _build_teachers(specs: Sequence[CellSpec], cache: ArtifactCache, threads: int,
                    console: Console) -> None:
    """Train each missing teacher (and image judge) once, with every core, before the workers
    share them."""
    from tscbench.metrics import resolve_metric
    from tscbench.teachers import teacher_key
    from tscbench.tsc import Harness

    harness = Harness(cache, threads)
    needed = {(spec.task, spec.seed) for spec in specs}
    with console.status(f"checking {len(needed)} teachers") as status:
        for task, seed in sorted(needed, key=lambda item: (item[0].name, item[1])):
            data = harness.data(task)
            if not cache.contains("teachers", teacher_key(task.teacher, data, seed)):
                status.update(f"training teacher: {task.name} seed {seed}")
                harness.teacher(task, data, seed, resolve_metric(task.metric, data.n_classes))
            if data.modality == "image":
                status.update(f"training judge: {task.name}")
                harness.judge(task, data)


def _seeds_apart(specs: list[CellSpec]) -> list[CellSpec]:
    """Order (task, generator, seed): workers starting together take different seeds, so they
    do not both compute one seed's train-set students (the first one caches them for all)."""
    order = {name: i for i, name in enumerate(dict.fromkeys(s.generator.name for s in specs))}
    tasks = {name: i for i, name in enumerate(dict.fromkeys(s.task.name for s in specs))}
    return sorted(specs, key=lambda s: (tasks[s.task.name], order[s.generator.name], s.seed))


def _name(spec: CellSpec) -> str:
    return f"{spec.generator.name} · {spec.task.name} · seed {spec.seed}"


def _progress(console: Console) -> Progress:
    return Progress(TextColumn("[bold]{task.description}"), TextColumn("[cyan]{task.fields[phase]}"),
                    BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console)
