"""`tscbench validate`: the contract checks a submitter runs before anything else.

Each check prints one pass/fail line. Generators are fitted with their `smoke_params` (fast
settings) unless --full, on a small slice of a real task.
"""
from __future__ import annotations

import inspect
import time
import tracemalloc
from dataclasses import dataclass

import numpy as np

from tscbench.data.model import TrainData
from tscbench.generator import Generator
from tscbench.protocol.sample_checks import InvalidSamples, check_samples

N = 1000


@dataclass(frozen=True)
class Check:
    name: str
    status: str  # "pass", "fail" or "skip"
    detail: str

    @property
    def ok(self) -> bool:
        return self.status == "pass"


class _Stop(Exception):
    """A failed check that makes the later ones meaningless."""


REQUIRED = ("signatures", "fit", "output shape and dtype")  # the others need these to pass


def validate(cls: type[Generator], train: TrainData, *, params: dict, seed: int = 0) -> list[Check]:
    state: dict = {}
    steps = [
        ("signatures", lambda: _signatures(cls)),
        ("fit", lambda: _fit(cls, train, params, seed, state)),
        ("output shape and dtype", lambda: _shape(state, train)),
        ("finite values", lambda: _finite(state)),
        ("value range", lambda: _range(state, train)),
        ("requested count", lambda: _counts(state, train)),
        ("determinism under a seed", lambda: _determinism(cls, train, params, seed, state)),
        (f"time and peak memory per {N:,} samples", lambda: _cost(state)),
    ]
    checks: list[Check] = []
    for name, test in steps:
        if any(c.name in REQUIRED and not c.ok for c in checks):
            checks.append(Check(name, "skip", "needs the checks above to pass"))
            continue
        try:
            checks.append(Check(name, "pass", test()))
        except Exception as exc:  # noqa: BLE001 - a plugin may raise anything
            detail = str(exc) if isinstance(exc, (_Stop, AssertionError)) \
                else f"{type(exc).__name__}: {exc}"
            checks.append(Check(name, "fail", detail))
    return checks


def _signatures(cls) -> str:
    if not (isinstance(cls, type) and issubclass(cls, Generator)):
        raise _Stop(f"{cls!r} is not a subclass of tscbench.Generator")
    missing = [n for n, d in cls.param_defaults().items() if d is inspect.Parameter.empty]
    if missing:
        raise _Stop(f"__init__ parameters {missing} need defaults")
    for method, first in (("fit", "train"), ("sample", "n")):
        params = inspect.signature(getattr(cls, method)).parameters
        if first not in params or params.get("seed", None) is None or \
                params["seed"].kind is not inspect.Parameter.KEYWORD_ONLY:
            raise _Stop(f"{method} must be {method}(self, {first}, *, seed)")
    return f"fit(train, *, seed), sample(n, *, seed); {len(cls.param_defaults())} hyperparameters"


def _fit(cls, train, params, seed, state) -> str:
    start = time.perf_counter()
    fitted = cls(**params).fit(train, seed=seed)
    if not isinstance(fitted, Generator):
        raise _Stop(f"fit() returned {type(fitted).__name__}; return self")
    state["fitted"] = fitted
    return f"{time.perf_counter() - start:.2f} s on {len(train.X)} rows (params {params or 'default'})"


def _shape(state, train) -> str:
    X = state["X"] = _as_array(state["fitted"].sample(N, seed=1))
    expected = (N,) + train.X.shape[1:]
    if X.shape != expected or X.dtype.kind not in "fiu":
        raise _Stop(f"sample({N}) gave {X.shape} {X.dtype}; expected {expected} float")
    return f"{X.shape} {X.dtype}"


def _finite(state) -> str:
    bad = int((~np.isfinite(state["X"])).sum())
    if bad:
        raise AssertionError(f"{bad} NaN or infinite values")
    return "no NaN or infinite values"


def _range(state, train) -> str:
    try:
        check_samples(state["X"], N, train)
    except InvalidSamples as exc:
        raise AssertionError(str(exc)) from None
    return f"within [{state['X'].min():.3g}, {state['X'].max():.3g}]"


def _counts(state, train) -> str:
    sizes = (1, 7, 2 * len(train.X) + 3)
    got = [len(_as_array(state["fitted"].sample(n, seed=2))) for n in sizes]
    if got != list(sizes):
        raise AssertionError(f"asked for {list(sizes)} samples, got {got}")
    return f"sample(n) returned n rows for n in {list(sizes)}"


def _determinism(cls, train, params, seed, state) -> str:
    fitted = state["fitted"]
    a, b = _as_array(fitted.sample(N, seed=1)), _as_array(fitted.sample(N, seed=1))
    if not np.array_equal(a, b, equal_nan=True):
        raise AssertionError("sample(n, seed=1) twice gave different samples")
    again = _as_array(cls(**params).fit(train, seed=seed).sample(N, seed=1))
    if not np.array_equal(a, again, equal_nan=True):
        raise AssertionError("fit(seed) twice gave generators with different samples")
    return "same seed, same fit and samples"


def _cost(state) -> str:
    tracemalloc.start()
    start = time.perf_counter()
    state["fitted"].sample(N, seed=3)
    seconds = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return f"{seconds * 1000:.1f} ms, peak {peak / 2**20:.1f} MiB (Python and numpy allocations)"


def _as_array(X) -> np.ndarray:
    if hasattr(X, "detach"):
        X = X.detach().cpu().numpy()
    return np.asarray(X)
