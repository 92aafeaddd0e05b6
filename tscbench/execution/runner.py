"""Run planned cells and get their Results: the one way cells run, from the CLI, from Python and
from the tests.

Finished cells in `out` are resumed, the rest run on an executor (`inline` in this process,
`local` worker processes, or a `dask` cluster), each result is written as it arrives, and rich
shows progress per worker. Where the output is not a terminal (a log file, CI), a live bar
would print nothing, so each teacher and each finished cell gets one plain line instead, with
the cells done, the elapsed time and the cell's own seconds, and a cell past its first minute
says each phase it enters.
"""
from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from tscbench.cache import ArtifactCache
from tscbench.errors import ConfigError
from tscbench.execution.planning import PlannedCell
from tscbench.execution.resources import Resources
from tscbench.execution.result_files import check_writable, finished, write_outcome
from tscbench.protocol.cell import CellSpec
from tscbench.protocol.result import CellOutcome, Result
from tscbench.threads import default_threads

EXECUTORS = ("inline", "local", "dask")


def run_cells(cells: Sequence[PlannedCell], *, out: Path | None = None,
              cache: ArtifactCache | None = None, resources: Resources | None = None,
              executor: str = "inline", scheduler: str | None = None, force: bool = False,
              keep_samples: bool = False, console: Console | None = None) -> list[Result]:
    """The Results of `cells`, in their order.

    `out`: a folder to resume from and write into (None: nothing is read or written).
    `executor`: "inline" (this process; the default for Python use and tests), "local"
    (`resources.jobs` worker processes with isolation, timeouts and memory caps) or "dask" (the
    cluster at `scheduler`). Cells whose generator exists only in this process (a class from a
    notebook, an array of samples) run inline.
    `keep_samples`: store each cell's synthetic set beside its result (needs `out`).
    """
    check_executor(executor, scheduler)
    if out is not None:
        check_writable(out)
    cache = cache or ArtifactCache()
    resources = resources or Resources(1, default_threads(), None, None)
    console = console or Console(stderr=True, quiet=out is None)
    done = {} if force or out is None else {
        c.spec.key: r for c in cells if (r := finished(out, c.spec))}
    todo = [c for c in cells if c.spec.key not in done]
    if done:
        console.print(f"[dim]resuming: {len(done)} of {len(cells)} cells already finished in "
                      f"{out} (--force recomputes them)[/dim]", highlight=False)
    if executor != "inline" and any(c.needs_this_process for c in todo):
        raise ConfigError(f"executor {executor!r} runs cells in other processes, which cannot "
                          f"import a generator class defined here (a notebook or script) or "
                          f"receive an array of samples; run them inline (jobs=1), or put the "
                          f"class in a file and pass 'path/to/file.py:ClassName'")
    if keep_samples and out is None:
        raise ConfigError("keep_samples needs a results folder (out=DIR or --out DIR) to keep "
                          "the samples in")
    runner, slots = _executor(executor, todo, cache, resources, scheduler, keep_samples, console)
    new = _execute(runner, slots, [c.spec for c in todo], out, console)
    return [done.get(c.spec.key) or new[c.spec.key] for c in cells]


def check_executor(kind: str, scheduler: str | None) -> None:
    """An executor and a scheduler address that go together, or a one-line error."""
    if kind not in EXECUTORS:
        raise ConfigError(f"executor {kind!r} is not one of {', '.join(EXECUTORS)}")
    if kind == "dask" and not scheduler:
        raise ConfigError("--executor dask needs --scheduler ADDRESS (e.g. tcp://HOST:8786); "
                          "start one with `dask scheduler`, or use --executor local")
    if kind != "dask" and scheduler:
        raise ConfigError(f"--scheduler {scheduler} is only used with --executor dask; "
                          f"add --executor dask or drop --scheduler")


def _executor(kind: str, todo: list[PlannedCell], cache: ArtifactCache, resources: Resources,
              scheduler: str | None, keep_samples: bool, console: Console):
    if kind == "dask":
        from tscbench.execution.dask_cluster import DaskExecutor

        return DaskExecutor(scheduler, cache, resources, keep_samples=keep_samples), 0
    if kind == "inline":
        from tscbench.execution.inline import InlineExecutor

        cells = {c.spec.key: c for c in todo}
        return InlineExecutor(cache, resources.threads, cells, keep_samples=keep_samples), 1
    from tscbench.execution.local import LocalExecutor

    if resources.jobs > 1 and todo:
        _build_shared(todo, cache, resources.jobs * resources.threads, console)
        todo.sort(key=_seeds_apart([c.spec for c in todo]))
    return LocalExecutor(str(cache.root), resources, keep_samples=keep_samples), resources.jobs


def _execute(executor, n_slots: int, todo: list[CellSpec], out: Path | None,
             console: Console) -> dict[str, Result]:
    results: dict[str, Result] = {}
    started = time.monotonic()
    with _progress(console) as progress:
        overall = progress.add_task("all cells", total=len(todo), phase="")
        slots = [progress.add_task(f"worker {i}", total=None, phase="idle", visible=len(todo) > 0)
                 for i in range(n_slots)]

        def on_result(slot: int, spec: CellSpec, outcome: CellOutcome) -> None:
            if out is not None:  # before anything else: nothing computed is lost
                write_outcome(out, outcome)
            result = results[spec.key] = outcome.result
            if not result.ok:
                progress.console.print(f"[red]{_name(spec)}: {result.status} in "
                                       f"{result.phase}: {result.reason}[/red]", highlight=False)
            elif not console.is_terminal:
                progress.console.print(_done_line(len(results), len(todo), started, spec, result),
                                       highlight=False, markup=False)
            progress.advance(overall)

        running: dict[int, tuple[CellSpec, float]] = {}  # slot -> its cell and when it began

        def on_start(slot: int, spec: CellSpec) -> None:
            running[slot] = (spec, time.monotonic())
            if slot < len(slots):
                progress.update(slots[slot], description=_name(spec), phase="start")

        def on_phase(slot: int, phase: str) -> None:
            if slot < len(slots):
                progress.update(slots[slot], phase=phase)
            spec, began = running.get(slot, (None, 0.0))
            if spec is not None and not console.is_terminal and time.monotonic() - began > 60:
                minutes, seconds = divmod(int(time.monotonic() - began), 60)
                progress.console.print(f"{_name(spec)}: {phase} ({minutes}m{seconds:02d}s into "
                                       f"the cell)", highlight=False, markup=False)

        executor.run(
            todo, on_start=on_start, on_phase=on_phase,
            on_warning=lambda message: progress.console.print(f"[yellow]{message}[/yellow]"),
            on_result=on_result)
        for slot in slots:
            progress.update(slot, description="done", phase="", visible=False)
    return results


def _build_shared(cells: Sequence[PlannedCell], cache: ArtifactCache, threads: int,
                  console: Console) -> None:
    """Have the harness build each missing teacher (and judge) once, before the workers share
    them: random forests with every core, CNNs and LightGBM on threads.SHARED_THREADS (their
    bits depend on the thread count)."""
    from tscbench.protocol.harness import Harness

    harness = Harness(cache, threads)
    needed = {(c.spec.task, c.spec.seed, c.spec.device) for c in cells}
    with console.status(f"checking {len(needed)} teachers") as status:
        for task, seed, device in sorted(needed, key=lambda item: (item[0].name, item[1])):
            if not harness.has_shared(task, seed, device):
                status.update(f"training teacher: {task.name} seed {seed}")
                if not console.is_terminal:
                    console.print(f"training the teacher of {task.name} seed {seed}",
                                  highlight=False, markup=False)
                harness.ensure_shared(task, seed, device)


def _seeds_apart(specs: list[CellSpec]):
    """Order (task, generator, seed): workers starting together take different seeds, so they
    do not both compute one seed's train-set students (the first one caches them for all)."""
    order = {name: i for i, name in enumerate(dict.fromkeys(s.generator.name for s in specs))}
    tasks = {name: i for i, name in enumerate(dict.fromkeys(s.task.name for s in specs))}
    return lambda c: (tasks[c.spec.task.name], order[c.spec.generator.name], c.spec.seed)


def _name(spec: CellSpec) -> str:
    return f"{spec.generator.name} · {spec.task.name} · seed {spec.seed}"


def _done_line(done: int, total: int, started: float, spec: CellSpec, result: Result) -> str:
    """One line per finished cell for logs: "[3/9 cells, 1m12s] noise · magic · seed 0: ok (8 s)"."""
    elapsed = int(time.monotonic() - started)
    seconds = sum(v for v in result.runtime.get("timings", {}).values()
                  if isinstance(v, (int, float)))
    return (f"[{done}/{total} cells, {elapsed // 60}m{elapsed % 60:02d}s] {_name(spec)}: "
            f"{result.status} ({seconds:.0f} s)")


def _progress(console: Console) -> Progress:
    return Progress(TextColumn("[bold]{task.description}"), TextColumn("[cyan]{task.fields[phase]}"),
                    BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), TimeRemainingColumn(),
                    console=console)
