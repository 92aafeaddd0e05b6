"""The generator contract as checks anyone can import: scikit-learn's `check_estimator` and
`parametrize_with_checks`, for tscbench generators.

From a script or a notebook::

    from tscbench.testing import check_generator

    for check in check_generator(MyGenerator, task="adult"):
        print(check.status, check.name, check.detail)

In a plugin's own test suite (pytest), every check on every default task of its modalities::

    from tscbench.testing import parametrize_with_checks

    @parametrize_with_checks(["mygen"])        # registered names or Generator classes
    def test_contract(generator_check):
        generator_check()                       # fails naming the broken check; skips what does not apply

`tscbench validate`, the built-in generators' test grid and the plugin template all run these
same checks (tscbench/protocol/contract.py); the run applies the sample checks among them to every
sample set it scores.
"""
from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tscbench.config import load_config
from tscbench.data.model import TrainData
from tscbench.data.sources import prepare_task
from tscbench.errors import ConfigError
from tscbench.generator import (
    GENERATORS,
    check_generator_class,
    check_params,
    resolve_generator,
    served_modalities,
)
from tscbench.protocol.contract import Check, contract_checks, run_checks
from tscbench.threads import default_threads, limit_threads

__all__ = ["Check", "check_generator", "default_tasks", "parametrize_with_checks"]

ROWS = 500  # train rows the checks fit on: seconds per generator, not minutes


def check_generator(generator: Any, task: str = "breast_cancer", *, params: dict | None = None,
                    smoke: bool = True, rows: int = ROWS, config: str | Path | None = None,
                    seed: int = 0, threads: int | None = None) -> Iterator[Check]:
    """Run every contract check of `generator` (a registered name, "path/file.py:Class", a
    Generator subclass) on the first `rows` train rows of `task`, yielding each Check as it
    finishes. `smoke`: start from the class's fast `smoke_params`; `params` override them."""
    modality = _task_spec(task, config).dataset.modality
    name, cls = _resolve(generator, modality)
    params = check_params(name, cls, {**(cls.smoke_params if smoke else {}), **(params or {})})
    train = task_train(task, rows, config)
    with limit_threads(threads or default_threads()):
        yield from run_checks(cls, train, params=params, seed=seed)


def default_tasks(generator: Any, config: str | Path | None = None) -> list[str]:
    """The benchmark's tasks whose modality the generator serves (all default tasks)."""
    benchmark = load_config(None if config is None else Path(config))
    served = _modalities(generator)
    return [name for name, task in benchmark.tasks.items() if task.dataset.modality in served]


@functools.lru_cache(maxsize=32)
def task_train(task: str, rows: int = ROWS, config: str | Path | None = None) -> TrainData:
    """The train data a generator's fit() gets on `task`, capped at `rows` rows (cached)."""
    return prepare_task(_task_spec(task, config), max_train_rows=rows).train


def _task_spec(task: str, config):
    return load_config(None if config is None else Path(config)).task(task)


def _resolve(generator: Any, modality: str) -> tuple[str, type]:
    if isinstance(generator, str):
        return generator, resolve_generator(generator, modality)
    name = getattr(generator, "__name__", repr(generator))
    return name, check_generator_class(name, generator, modality)


def _modalities(generator: Any) -> tuple[str, ...]:
    if isinstance(generator, str):
        return served_modalities(generator)
    return tuple(getattr(generator, "modalities", ()))


# ----------------------------------------------------------------------------- pytest
@dataclass(frozen=True)
class GeneratorCheck:
    """One contract check of one generator on one task, as a pytest parameter: call it."""

    generator: Any
    task: str
    check: str
    rows: int = ROWS
    config: str | None = None

    def __call__(self) -> None:
        import pytest

        outcome = _outcomes(self.generator, self.task, self.rows, self.config)[self.check]
        if outcome.status == "skip":
            pytest.skip(outcome.detail)
        assert outcome.ok, f"{self.id}: {outcome.detail}"

    @property
    def id(self) -> str:
        name = self.generator if isinstance(self.generator, str) else self.generator.__name__
        return f"{name}-{self.task}-{self.check}"


@functools.cache
def _outcomes(generator: Any, task: str, rows: int, config: str | None) -> dict[str, Check]:
    """Every check of one (generator, task), run once and shared by its parameters."""
    try:
        return {c.name: c for c in check_generator(generator, task, rows=rows, config=config)}
    except ConfigError as exc:  # cannot even start: every check fails with the reason
        return {c.name: Check(c.name, "fail", str(exc)) for c in contract_checks()}


def parametrize_with_checks(generators: Sequence[Any] | None = None,
                            tasks: Sequence[str] | None = None, *, rows: int = ROWS,
                            config: str | Path | None = None):
    """A pytest mark that runs every contract check of each generator on each task as its own
    test (`generator_check`). Defaults: every installed generator (entry points), and every
    task of the benchmark that the generator's modalities serve."""
    import pytest

    config = None if config is None else str(config)
    params = [GeneratorCheck(gen, task, check.name, rows, config)
              for gen in (GENERATORS.names() if generators is None else generators)
              for task in _tasks_for(gen, tasks, config)
              for check in contract_checks()]
    return pytest.mark.parametrize("generator_check", params, ids=[p.id for p in params])


def _tasks_for(generator: Any, tasks: Sequence[str] | None, config: str | None) -> list[str]:
    if tasks is None:
        return default_tasks(generator, config)
    served = _modalities(generator)
    return [t for t in tasks if _task_spec(t, config).dataset.modality in served]
