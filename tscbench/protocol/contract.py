"""The Generator contract as named checks: the one implementation behind `tscbench validate`,
`tscbench.testing` (plugin authors' CI, the built-in test grid) and, through `check_samples`, the
checks a run makes on every sample set.

Each check is a function of a shared state (the class, the train data, the fitted generator and
its samples); it returns a one-line detail or raises `CheckFailed` naming what broke. Checks that
later ones need (signatures, fit, output shape) stop the rest when they fail.
"""
from __future__ import annotations

import inspect
import time
import tracemalloc
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from tscbench.data.model import TrainData
from tscbench.generator import Generator
from tscbench.protocol.sample_checks import InvalidSamples, check_samples

N = 1000  # samples drawn per check


@dataclass(frozen=True)
class Check:
    name: str
    status: str  # "pass", "fail" or "skip"
    detail: str

    @property
    def ok(self) -> bool:
        return self.status == "pass"


class CheckFailed(AssertionError):
    """A broken promise of the contract; the message says which and how to fix it."""


@dataclass
class State:
    """What the checks share: the generator under test, its train data and what it produced."""

    cls: Any
    train: TrainData
    params: dict[str, Any]
    seed: int = 0
    fitted: Generator | None = None
    X: np.ndarray | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ContractCheck:
    name: str
    run: Callable[[State], str]
    required: bool = False  # later checks are meaningless without it


def contract_checks() -> list[ContractCheck]:
    """Every check, in the order they run."""
    return [
        ContractCheck("signatures", _signatures, required=True),
        ContractCheck("fit", _fit, required=True),
        ContractCheck("output shape and dtype", _shape, required=True),
        ContractCheck("the run's sample checks", _sample_checks),
        ContractCheck("integer columns hold whole numbers", _integers),
        ContractCheck("requested count", _counts),
        ContractCheck("determinism under a seed", _determinism),
        ContractCheck("seeds vary the samples", _seeds_vary),
        ContractCheck(f"time and peak memory per {N:,} samples", _cost),
    ]


def run_checks(cls: Any, train: TrainData, *, params: dict, seed: int = 0) -> Iterator[Check]:
    """Each check's outcome as it finishes; after a required check fails the rest are skipped."""
    state = State(cls, train, dict(params), seed)
    blocked = False
    for check in contract_checks():
        if blocked:
            yield Check(check.name, "skip", "needs the checks above to pass")
            continue
        outcome = _one(check, state)
        blocked = check.required and not outcome.ok
        yield outcome


def validate(cls: Any, train: TrainData, *, params: dict, seed: int = 0) -> list[Check]:
    return list(run_checks(cls, train, params=params, seed=seed))


def _one(check: ContractCheck, state: State) -> Check:
    try:
        return Check(check.name, "pass", check.run(state))
    except _Skip as skip:
        return Check(check.name, "skip", str(skip))
    except AssertionError as exc:
        return Check(check.name, "fail", str(exc))
    except Exception as exc:  # noqa: BLE001 - a plugin may raise anything
        return Check(check.name, "fail", f"{type(exc).__name__}: {exc}")


class _Skip(Exception):
    """The check does not apply to this generator or task; the message says why."""


# ----------------------------------------------------------------------------- the checks
def _signatures(state: State) -> str:
    cls = state.cls
    if not (isinstance(cls, type) and issubclass(cls, Generator)):
        raise CheckFailed(f"{cls!r} is not a subclass of tscbench.Generator")
    missing = [n for n, d in cls.param_defaults().items() if d is inspect.Parameter.empty]
    if missing:
        raise CheckFailed(f"__init__ parameters {missing} need defaults")
    for method, first in (("fit", "train"), ("sample", "n")):
        params = inspect.signature(getattr(cls, method)).parameters
        if first not in params or params.get("seed", None) is None or \
                params["seed"].kind is not inspect.Parameter.KEYWORD_ONLY:
            raise CheckFailed(f"{method} must be {method}(self, {first}, *, seed)")
    return f"fit(train, *, seed), sample(n, *, seed); {len(cls.param_defaults())} hyperparameters"


def _fit(state: State) -> str:
    start = time.perf_counter()
    fitted = state.cls(**state.params).fit(state.train, seed=state.seed)
    if not isinstance(fitted, Generator):
        raise CheckFailed(f"fit() returned {type(fitted).__name__}; return self")
    state.fitted = fitted
    return (f"{time.perf_counter() - start:.2f} s on {len(state.train.X)} rows "
            f"(params {state.params or 'default'})")


def _shape(state: State) -> str:
    X = state.X = as_array(state.fitted.sample(N, seed=1))
    expected = (N, *state.train.X.shape[1:])
    if X.shape != expected or X.dtype.kind not in "fiu":
        raise CheckFailed(f"sample({N}) gave {X.shape} {X.dtype}; expected {expected} float")
    return f"{X.shape} {X.dtype}"


def _sample_checks(state: State) -> str:
    """Exactly what a run checks before labelling: finite values (gaps only in gap columns),
    known category codes, whole numbers in integer columns, values within reach of train."""
    try:
        X = check_samples(state.X, N, state.train)
    except InvalidSamples as exc:
        raise CheckFailed(str(exc)) from None
    gaps = int(np.isnan(X).sum())
    where = f"; {gaps} gaps, all in columns with gaps" if gaps else ""
    return f"values in [{np.nanmin(X):.3g}, {np.nanmax(X):.3g}]{where}"


def _integers(state: State) -> str:
    train, X = state.train, state.X
    if not train.discrete.any():
        raise _Skip("the task has no integer-valued columns")
    columns = train.discrete
    original = X[:, columns] * train.scale[columns] + train.mean[columns]
    off = np.abs(original - np.round(original)) > 1e-6 * np.maximum(1, np.abs(original))
    if np.nan_to_num(off).any():
        raise CheckFailed(f"{int(off.sum())} values in integer-valued columns are not whole "
                          f"numbers in original units; round them (train.finish does)")
    return f"{int(columns.sum())} integer-valued columns stay whole"


def _counts(state: State) -> str:
    sizes = (1, 7, 2 * len(state.train.X) + 3)
    got = [len(as_array(state.fitted.sample(n, seed=2))) for n in sizes]
    if got != list(sizes):
        raise CheckFailed(f"asked for {list(sizes)} samples, got {got}")
    return f"sample(n) returned n rows for n in {list(sizes)}"


def _determinism(state: State) -> str:
    a, b = as_array(state.fitted.sample(N, seed=1)), as_array(state.fitted.sample(N, seed=1))
    if not np.array_equal(a, b, equal_nan=True):
        raise CheckFailed("sample(n, seed=1) twice gave different samples")
    again = as_array(state.cls(**state.params).fit(state.train, seed=state.seed).sample(N, seed=1))
    if not np.array_equal(a, again, equal_nan=True):
        raise CheckFailed("fit(seed) twice gave generators with different samples")
    return "same seed, same fit and samples"


def _seeds_vary(state: State) -> str:
    if not state.cls.seeded_samples:
        raise _Skip(f"{state.cls.__name__}.seeded_samples is False: its samples ignore the seed")
    a, c = as_array(state.fitted.sample(N, seed=1)), as_array(state.fitted.sample(N, seed=8))
    if np.array_equal(a, c, equal_nan=True):
        raise CheckFailed("sample(n, seed=1) and sample(n, seed=8) gave the same samples; use "
                          "the seed, or set the class attribute seeded_samples = False")
    return "another seed, other samples"


def _cost(state: State) -> str:
    tracemalloc.start()
    start = time.perf_counter()
    state.fitted.sample(N, seed=3)
    seconds = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return f"{seconds * 1000:.1f} ms, peak {peak / 2**20:.1f} MiB (Python and numpy allocations)"


def as_array(X) -> np.ndarray:
    if hasattr(X, "detach"):
        X = X.detach().cpu().numpy()
    return np.asarray(X)
