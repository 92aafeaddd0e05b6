"""The one run pipeline: `tscbench run`, `tscbench score` and `evaluate()` all go through it.

`prepare_run` checks the whole request (tasks, seeds, generators and their parameters, resources,
the executor, the results folder) and plans its cells before any work, so bad input is one line
and costs a second; `execute` runs the cells on the chosen executor (inline, local worker
processes, a Dask cluster: each cell is `Harness.run` wherever it runs) and returns their Results.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from rich.console import Console

from tscbench.cache import ArtifactCache
from tscbench.errors import ConfigError
from tscbench.execution.main_guard import check_main_guard
from tscbench.execution.planning import GeneratorChoice, PlannedCell, plan, plan_samples
from tscbench.execution.resources import Resources, resources
from tscbench.execution.result_files import check_writable
from tscbench.execution.runner import check_executor, run_cells
from tscbench.options import parse_budgets
from tscbench.protocol.result import Result
from tscbench.specs import Benchmark


@dataclass(frozen=True)
class PreparedRun:
    """A checked, planned run: nothing has been trained yet."""

    cells: list[PlannedCell]
    resources: Resources
    executor: str
    scheduler: str | None
    out: Path | None
    cache: ArtifactCache
    force: bool = False
    keep_samples: bool = False


def prepare_run(benchmark: Benchmark, *, generators: Sequence[GeneratorChoice] = (),
                samples: np.ndarray | None = None, samples_name: str = "samples",
                tasks: Sequence[str] | None = None, seeds: Sequence[int] | None = None,
                params: Mapping[str | None, Mapping[str, Any]] | None = None,
                quick: bool = False, inception: tuple[str, str] | None = None,
                device: str = "cpu", out: Path | None = None, jobs: int | str = 1,
                threads: int | str | None = None, max_memory: str | None = None,
                timeout: str | float | None = None, executor: str | None = None,
                scheduler: str | None = None, force: bool = False, keep_samples: bool = False,
                cache_dir: Path | None = None, budgets: Sequence[float] | None = None,
                warn: Callable[[str], None] = print) -> PreparedRun:
    """Every check of a run, in the order a user meets them, then its cells. `generators`
    (names, files, classes) or `samples` (an array scored as it is); `executor` None: worker
    processes, unless a cell's generator lives only in this process (then inline).
    `budgets`: synthetic budgets below 1x for every task, in place of the benchmark's."""
    if budgets is not None:
        benchmark = with_budgets(benchmark, parse_budgets(budgets))
    every_task = not tasks  # the benchmark's tasks: a generator runs on those it serves
    tasks = check_task_names(tasks or list(benchmark.tasks))
    seeds = check_seeds(benchmark.seeds if seeds is None else seeds)
    res = resources(jobs, threads, max_memory, timeout, warn=warn)
    if samples is not None:
        cells = plan_samples(benchmark, samples, samples_name, tasks, seeds, quick=quick,
                             device=device)
    else:
        cells = plan(benchmark, list(generators), tasks, seeds, params or {}, quick=quick,
                     inception=inception, device=device, skip_unserved=every_task, warn=warn)
    executor = executor or ("inline" if any(c.needs_this_process for c in cells) else "local")
    check_executor(executor, scheduler)
    if executor == "local" and not all(c.needs_this_process for c in cells):
        check_main_guard()  # workers will import the main script again
    if cache_dir is not None and Path(cache_dir).exists() and not Path(cache_dir).is_dir():
        raise ConfigError(f"--cache-dir {cache_dir} is a file; give a folder (it is made when "
                          f"missing)")
    if out is not None:  # last: it makes the folder
        check_writable(Path(out))
    return PreparedRun(cells, res, executor, scheduler if executor == "dask" else None,
                       None if out is None else Path(out), ArtifactCache(cache_dir, warn=warn),
                       force, keep_samples)


def with_budgets(benchmark: Benchmark, budgets: tuple[float, ...]) -> Benchmark:
    """The benchmark with every task's synthetic budgets set to `budgets`."""
    tasks = {name: dataclasses.replace(task, budgets=budgets)
             for name, task in benchmark.tasks.items()}
    return dataclasses.replace(benchmark, tasks=tasks)


def check_task_names(tasks: Any) -> list[str]:
    """Task names as a list, or a one-line error naming the bad value."""
    if isinstance(tasks, str):
        return [tasks]
    if not isinstance(tasks, Sequence) or not all(isinstance(t, str) for t in tasks):
        raise ConfigError(f"task={tasks!r}: give a task name or a list of them, e.g. 'magic' or "
                          f"['magic', 'adult'] (`tscbench list tasks` lists them)")
    return list(tasks)


def check_seeds(seeds: Any) -> list[int]:
    """Seeds as a list of whole numbers >= 0, or a one-line error naming the bad value, before
    any teacher trains."""
    if isinstance(seeds, (str, bytes)) or not isinstance(seeds, Sequence) or not seeds:
        raise ConfigError(f"seeds={seeds!r}: give a list of whole numbers >= 0, e.g. [0, 1, 2]")
    for seed in seeds:
        if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
            raise ConfigError(f"seed {seed!r} is not a whole number >= 0; give seeds like "
                              f"[0, 1, 2]")
    return [int(s) for s in seeds]


def execute(run: PreparedRun, console: Console | None = None) -> list[Result]:
    """Run the prepared cells (finished ones in `out` are resumed) and return their Results."""
    return run_cells(run.cells, out=run.out, cache=run.cache, resources=run.resources,
                     executor=run.executor, scheduler=run.scheduler, force=run.force,
                     keep_samples=run.keep_samples, console=console)
