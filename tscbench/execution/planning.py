"""From what the user asked for to the list of cells: every name and parameter checked up front,
before any training, so that a typo costs a second rather than a finished teacher."""
from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from tscbench.data.sources import prepare_task
from tscbench.errors import ConfigError
from tscbench.generator import (
    Generator,
    check_generator_class,
    check_params,
    resolve_generator,
    served_modalities,
)
from tscbench.hashing import sha256_arrays
from tscbench.protocol.cell import CellSpec, GeneratorRef
from tscbench.protocol.modality import get_modality
from tscbench.protocol.scoring import resolve_metric
from tscbench.protocol.teachers import check_teacher
from tscbench.specs import Benchmark, TaskSpec


@dataclass(frozen=True, eq=False)
class PlannedCell:
    spec: CellSpec
    generator_cls: type[Generator] | None  # None: `samples` are scored as they are
    samples: np.ndarray | None = None  # pre-made synthetic inputs (no generator runs)

    @property
    def needs_this_process(self) -> bool:
        """Cells whose generator or samples exist only in this process (a class defined in a
        notebook, an array) cannot be sent to worker processes by name."""
        return self.samples is not None or not _importable_by_name(self.spec.generator.name)


#: A generator as the user gives it: a registered name, "path/file.py:Class", or a class.
GeneratorChoice = str | type[Generator]


def plan(benchmark: Benchmark, generators: Sequence[GeneratorChoice], tasks: Sequence[str],
         seeds: Sequence[int], params: Mapping[str | None, Mapping[str, Any]],
         quick: bool = False, inception: tuple[str, str] | None = None,
         device: str = "cpu", skip_unserved: bool = False,
         warn: Callable[[str], None] = print) -> list[PlannedCell]:
    """Every (task, seed, generator, parameter setting) cell, checked before any work.

    `skip_unserved`: leave out (task, generator) pairs whose modality the generator does not
    serve, saying so, instead of refusing them: a run over the benchmark's default tasks, where
    the user named no task, runs a tabular generator on the tables only.

    `params`: {None: for every generator, NAME: for one}; a value that is a list, or a string
    with commas ("1e-3,1e-4"), is a sweep: the grid of all settings, one cell each.
    `inception` = (weights path, SHA-256) adds standard Inception IS / FID / KID to image cells.
    `device` ("cpu", "cuda"): where teachers, students, judges and torch generators run.
    """
    names = [_name(g) for g in generators]
    unknown_scopes = set(params) - {None, *names}
    if unknown_scopes:
        raise ConfigError(f"--param names generator(s) {sorted(unknown_scopes)} that are not "
                          f"selected; select them with --generator or drop the prefix")
    task_specs = _tasks(benchmark, tasks)
    resolved = {}  # everything is checked before the first cell runs
    for task in task_specs:
        for choice, name in zip(generators, names):
            if skip_unserved and task.dataset.modality not in _modalities(choice):
                continue
            cls = _resolve(choice, task.dataset.modality)
            settings = {**benchmark.generator_params.get(name, {}), **params.get(None, {}),
                        **params.get(name, {})}
            resolved[task.name, name] = [(cls, generator_ref(name, cls, point))
                                         for point in param_grid(settings)]
    # Task-major, then seed, then generator: consecutive cells share data, teacher and the
    # train-set students, which the harness keeps in memory.
    _say_what_is_left_out(task_specs, names, resolved, warn)
    cells = []
    for task in task_specs:
        for seed in seeds:
            for name in names:
                for cls, ref in resolved.get((task.name, name), []):
                    spec = _spec(benchmark, task, seed, ref, quick, inception, device)
                    cells.append(PlannedCell(spec, cls))
    return cells


def _modalities(choice: GeneratorChoice) -> tuple[str, ...]:
    if isinstance(choice, str):
        return served_modalities(choice)
    return tuple(getattr(choice, "modalities", ()))


def _say_what_is_left_out(task_specs, names, resolved, warn) -> None:
    for name in names:
        left_out = [t.name for t in task_specs if (t.name, name) not in resolved]
        if len(left_out) == len(task_specs):
            raise ConfigError(f"generator {name!r} serves none of the tasks "
                              f"({', '.join(left_out)}); pick a task with --task")
        if left_out:
            warn(f"{name} skips {', '.join(left_out)}: it does not serve "
                 f"{'/'.join(sorted({t.dataset.modality for t in task_specs if t.name in left_out}))}"
                 f" tasks (name tasks with --task to choose)")


def plan_samples(benchmark: Benchmark, samples: np.ndarray, name: str, tasks: Sequence[str],
                 seeds: Sequence[int], quick: bool = False, device: str = "cpu"
                 ) -> list[PlannedCell]:
    """Cells that score pre-made samples as they are (no generator is fitted). The samples'
    content hash is their identity: the same array gives the same cells."""
    samples = as_samples(samples)
    ref = GeneratorRef(name, GIVEN_SAMPLES, "1", (("rows", len(samples)),
                                                   ("sha256", sha256_arrays(samples))))
    return [PlannedCell(_spec(benchmark, task, seed, ref, quick, None, device), None, samples)
            for task in _tasks(benchmark, tasks) for seed in seeds]


GIVEN_SAMPLES = "given-samples"  # the target of cells that score pre-made samples


def param_grid(settings: Mapping[str, Any]) -> list[dict[str, Any]]:
    """{"lr": "1e-3,1e-4", "steps": [2000, 4000]} -> the 4 settings of the grid, in order."""
    axes = {key: _values(value) for key, value in settings.items()}
    return [dict(zip(axes, point)) for point in itertools.product(*axes.values())]


def _values(value: Any) -> list[Any]:
    if isinstance(value, list):
        return value or [value]
    if isinstance(value, str) and "," in value:
        return [part.strip() for part in value.split(",")]
    return [value]


def _tasks(benchmark: Benchmark, names: Sequence[str]) -> list[TaskSpec]:
    specs = [benchmark.task(name) for name in names]
    for task in specs:
        check_teacher(task.teacher)  # unknown teacher parameters: one line, before any work
        # a broken or missing data file, a column the split cannot serve, a metric that does
        # not fit the task: one line, before any work
        resolve_metric(task.metric, prepare_task(task))
    return specs


def _spec(benchmark: Benchmark, task: TaskSpec, seed: int, ref: GeneratorRef, quick: bool,
          inception: tuple[str, str] | None, device: str) -> CellSpec:
    run_task = benchmark.quick.apply(task) if quick else task
    takes = get_modality(task.dataset.modality).takes_inception
    return CellSpec(ref, run_task, seed, benchmark.version, quick, inception if takes else None,
                    device)


def _name(choice: GeneratorChoice) -> str:
    return choice if isinstance(choice, str) else choice.__name__


def _resolve(choice: GeneratorChoice, modality: str) -> type[Generator]:
    if isinstance(choice, str):
        return resolve_generator(choice, modality)
    return check_generator_class(_name(choice), choice, modality)


def _importable_by_name(name: str) -> bool:
    """Whether a worker process can find the generator from its name alone."""
    from tscbench.generator import GENERATORS
    from tscbench.registry import is_file_reference

    return is_file_reference(name) or name in GENERATORS.entries()


def as_samples(samples) -> np.ndarray:
    if hasattr(samples, "detach"):  # a torch tensor
        samples = samples.detach().cpu().numpy()
    samples = np.asarray(samples)
    if samples.ndim < 2 or len(samples) == 0 or samples.dtype.kind not in "fiu":
        raise ConfigError(f"samples of shape {samples.shape} and dtype {samples.dtype}: give a "
                          f"numeric array with one row (or image) per sample")
    return samples


def generator_ref(name: str, cls: type[Generator], params: Mapping[str, Any]) -> GeneratorRef:
    checked = check_params(name, cls, params)
    try:
        instance = cls(**checked)
        instance.validate_params()
    except Exception as exc:
        raise ConfigError(f"generator {name!r} rejected its parameters {checked}: "
                          f"{type(exc).__name__}: {exc}") from None
    full = instance.get_params()
    return GeneratorRef(name, f"{cls.__module__}:{cls.__qualname__}", str(cls.version),
                        tuple(sorted(full.items())))
