"""tscbench from Python: the CLI's twin for notebooks and scripts.

    import tscbench
    results = tscbench.evaluate("gan", task="magic", seeds=[0, 1, 2])
    results.to_frame()            # pandas, one row per cell
    results.summary()             # the table `tscbench run` prints

    train = tscbench.load_task("magic")      # exactly what a generator's fit() receives
    X = my_model.fit(train.X, train.y).sample(len(train.X))
    tscbench.evaluate(X, task="magic")       # score samples made outside tscbench
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from tscbench.config import load_config
from tscbench.data import TrainData
from tscbench.data.sources import prepare_task
from tscbench.errors import ConfigError, UnknownNameError
from tscbench.execution.planning import as_samples
from tscbench.execution.session import check_task_names, execute, prepare_run
from tscbench.generator import Generator
from tscbench.names import unknown_name_message
from tscbench.options import parse_device
from tscbench.protocol.result import Result
from tscbench.protocol.sample_checks import InvalidSamples, check_samples
from tscbench.report.export import to_frame
from tscbench.report.summary import summarize
from tscbench.specs import TASK_NAME

OPTIONS = ("params", "config", "threads", "timeout", "max_memory", "executor", "scheduler",
           "force", "cache_dir", "keep_samples", "name", "progress", "device", "budgets")


class Results(Sequence[Result]):
    """The Results of an evaluation, in plan order: iterate, index, or tabulate them."""

    def __init__(self, results: list[Result]):
        self._results = list(results)

    def __getitem__(self, index):
        return self._results[index]

    def __len__(self) -> int:
        return len(self._results)

    def __iter__(self) -> Iterator[Result]:
        return iter(self._results)

    def to_frame(self):
        """A pandas DataFrame, one row per cell: generator, params, task, seed, status,
        tsc_score, lift, every student score (`<set>@<size>`), IS / FID / KID, timings."""
        return to_frame(self._results)

    def summary(self):
        """The table `tscbench run` prints (mean ± SE over seeds per generator and task), as a
        rich Table: rich, Jupyter and `print(results)` show it."""
        from tscbench.report.console import summary_table

        return summary_table(summarize(self._results))

    def __rich__(self):
        return self.summary()

    def __repr__(self) -> str:
        ok = sum(r.ok for r in self._results)
        return f"<Results: {len(self._results)} cells, {ok} ok>"


def load_task(name: str, quick: bool = False, config: str | Path | None = None) -> TrainData:
    """The train data of task `name`, exactly as a generator's `fit(train, ...)` gets it
    (standardised with train statistics; images as float32 pixels in [0, 1])."""
    benchmark = load_config(None if config is None else Path(config))
    if not isinstance(name, str):
        raise ConfigError(f"load_task({name!r}): give a task name such as 'magic' "
                          f"(`tscbench list tasks` lists them)")
    task = benchmark.task(name)
    task = benchmark.quick.apply(task) if quick else task
    return prepare_task(task).train


def evaluate(generator: Any, task: str | Sequence[str] | None = None,
             seeds: Sequence[int] | None = None, quick: bool = False,
             out: str | Path | None = None, jobs: int = 1, **options) -> Results:
    """Run the benchmark's protocol on `generator` and return its Results.

    `generator`: a registered name ("gan"), "path/file.py:Class", a Generator subclass or
    instance (its parameters are recorded), or an array of synthetic inputs in the task's
    train space (rows, or images) to score as they are -- more rows than a cell needs give a
    seeded subsample, fewer are cycled. `task`: one name or several (default: every task of
    the benchmark). `seeds`: default the benchmark's. `out`: a folder to write results into and resume from.

    Options: `params` ({"lr": 1e-3} or sweeps {"lr": [1e-3, 1e-4]}), `config` (a benchmark
    file), `threads`, `timeout`, `max_memory`, `executor` ("local", "inline", "dask" with
    `scheduler` = its address),
    `force`, `cache_dir`, `keep_samples`, `name` (label of an array), `progress`, `device`
    ("auto", "cpu", "cuda": where networks and torch generators run; default "cpu"), `budgets`
    (synthetic budgets below 1x, e.g. [0.1, 0.3]: a student ladder per budget, read with
    `tscbench.report.headline.tsc(result, size, budget)`).

    Registered names and files run in worker processes, as the CLI runs them (isolation,
    timeouts, memory caps). Classes, instances and arrays from this process run inline: a
    worker process could not import them. Results are the same either way.
    """
    _check_options(options)
    benchmark = load_config(None if options.get("config") is None else Path(options["config"]))
    tasks = check_task_names(task or list(benchmark.tasks))
    run = prepare_run(benchmark, **_what(generator, tasks, quick, options), tasks=tasks,
                      seeds=seeds, quick=quick, device=parse_device(options.get("device") or "cpu"),
                      out=None if out is None else Path(out), jobs=jobs,
                      threads=options.get("threads"), max_memory=options.get("max_memory"),
                      timeout=options.get("timeout"), executor=options.get("executor"),
                      scheduler=options.get("scheduler"), force=bool(options.get("force")),
                      keep_samples=bool(options.get("keep_samples")),
                      cache_dir=options.get("cache_dir"), budgets=options.get("budgets"),
                      warn=lambda message: None)
    from rich.console import Console

    console = Console(stderr=True, quiet=not options.get("progress", True))
    return Results(execute(run, console=console))


def _what(generator: Any, tasks: list[str], quick: bool, options: dict) -> dict[str, Any]:
    """What to run, as prepare_run takes it: generators with their parameters, or samples."""
    params = options.get("params") or {}
    if not isinstance(params, Mapping):
        raise ConfigError(f"params={params!r}: give a dict of hyperparameters, e.g. "
                          f"{{'lr': 1e-3}} or a sweep {{'lr': [1e-3, 1e-4]}}")
    params = dict(params)
    if isinstance(generator, Generator):  # an instance: its hyperparameters, as given
        params = {**generator.get_params(), **params}
        generator = type(generator)
    if isinstance(generator, (str, type)):
        scope = generator if isinstance(generator, str) else generator.__name__
        return {"generators": [generator], "params": {scope: params}}
    if not _array_like(generator):
        raise ConfigError(f"generator={generator!r}: give a registered name, 'file.py:Class', "
                          f"a Generator class or instance, or an array of samples")
    if params:
        raise ConfigError("params apply to generators; an array of samples has none")
    name = options.get("name", "samples")
    if not isinstance(name, str) or not TASK_NAME.match(name):
        raise ConfigError(f"name {name!r} is not a plain label (letters, digits, _ . -, at most "
                          f"64); e.g. name='mygan-v2'")
    samples = as_samples(generator)
    for task in tasks:  # bad samples are one line now, not an invalid cell after a teacher
        _check_samples(samples, task, load_task(task, quick, options.get("config")))
    return {"samples": samples, "samples_name": name}


def _array_like(value: Any) -> bool:
    """An array of samples as as_samples reads them: numpy, torch, or nested lists."""
    return isinstance(value, (list, tuple)) or hasattr(value, "__array__") or hasattr(
        value, "detach")


def _check_samples(samples, task: str, train: TrainData) -> None:
    """The contract's checks on pre-made samples (shape, dtype, finite values, range, column
    codes), before any teacher is trained for them."""
    if samples.shape[1:] != train.X.shape[1:]:
        raise ConfigError(f"samples of shape {samples.shape} do not fit task {task!r}, whose "
                          f"inputs are {train.X.shape[1:]}: give rows in the task's train space "
                          f"(tscbench.load_task({task!r}).X)")
    try:
        check_samples(samples, len(samples), train)
    except InvalidSamples as exc:
        raise ConfigError(f"samples for task {task!r}: {exc}") from None


def _check_options(options: dict) -> None:
    for key in options:
        if key not in OPTIONS:
            raise UnknownNameError(unknown_name_message("option of evaluate()", key, OPTIONS))

