"""From what the user asked for to the list of cells: every name and parameter checked up front,
before any training, so that a typo costs a second rather than a finished teacher."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Sequence

from tscbench.cell import CellSpec, GeneratorRef
from tscbench.config import Benchmark
from tscbench.errors import ConfigError
from tscbench.generator import Generator, check_params, resolve_generator
from tscbench.image_sources import TORCHVISION
from tscbench.sources import load_raw


@dataclass(frozen=True)
class PlannedCell:
    spec: CellSpec
    generator_cls: type[Generator]


def parse_param_options(options: Sequence[str]) -> dict[str | None, dict[str, str]]:
    """--param key=value (every selected generator) or --param NAME.key=value (one of them)."""
    scoped: dict[str | None, dict[str, str]] = {}
    for option in options:
        key, sep, value = option.partition("=")
        if not sep or not key.strip():
            raise ConfigError(f"--param {option!r} is not key=value; write e.g. --param epochs=50")
        name, dot, key = key.strip().rpartition(".")
        scoped.setdefault(name if dot else None, {})[key] = value
    return scoped


def plan(benchmark: Benchmark, generators: Sequence[str], tasks: Sequence[str],
         seeds: Sequence[int], params: Mapping[str | None, Mapping[str, Any]],
         quick: bool = False, inception: tuple[str, str] | None = None) -> list[PlannedCell]:
    """`inception` = (weights path, SHA-256) adds standard Inception IS / FID / KID to image
    cells."""
    unknown_scopes = set(params) - {None, *generators}
    if unknown_scopes:
        raise ConfigError(f"--param names generator(s) {sorted(unknown_scopes)} that are not "
                          f"selected; select them with --generator or drop the prefix")
    task_specs = [benchmark.task(name) for name in tasks]
    for task in task_specs:
        if task.dataset.source != "builtin" or task.dataset.name in TORCHVISION:
            load_raw(task.dataset)  # a broken or missing data file: one line, before any work
    resolved = {}  # everything is checked before the first cell runs
    for task in task_specs:
        for name in generators:
            cls = resolve_generator(name, task.dataset.modality)
            resolved[task.name, name] = cls, generator_ref(
                name, cls, {**benchmark.generator_params.get(name, {}),
                            **params.get(None, {}), **params.get(name, {})})
    # Task-major, then seed, then generator: consecutive cells share data, teacher and the
    # train-set students, which the harness keeps in memory.
    cells = []
    for task in task_specs:
        run_task = benchmark.quick.apply(task) if quick else task
        for seed in seeds:
            for name in generators:
                cls, ref = resolved[task.name, name]
                with_inception = inception if task.dataset.modality == "image" else None
                cells.append(PlannedCell(CellSpec(ref, run_task, seed, benchmark.version, quick,
                                                  with_inception), cls))
    return cells


def generator_ref(name: str, cls: type[Generator], params: Mapping[str, Any]) -> GeneratorRef:
    checked = check_params(name, cls, params)
    try:
        instance = cls(**checked)
    except Exception as exc:
        raise ConfigError(f"generator {name!r} rejected its parameters {checked}: "
                          f"{type(exc).__name__}: {exc}") from None
    full = instance.get_params()
    return GeneratorRef(name, f"{cls.__module__}:{cls.__qualname__}", str(cls.version),
                        tuple(sorted(full.items())))
