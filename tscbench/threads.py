"""Thread counts. Over-subscribing 2 cores with OpenMP/BLAS threads costs 10-100x, so every
library that can spawn threads is told exactly how many it may use."""
from __future__ import annotations

import contextlib
import os
from typing import Iterator

from tscbench.errors import ConfigError

ENV_VAR = "TSCBENCH_THREADS"


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def default_threads() -> int:
    """$TSCBENCH_THREADS if set, else the cores this process may run on."""
    value = os.environ.get(ENV_VAR)
    if value is None:
        return available_cores()
    return parse_threads(value, source=ENV_VAR)


def parse_threads(value: str | int, *, source: str = "--threads") -> int:
    try:
        threads = int(value)
    except ValueError:
        threads = 0
    if threads < 1:
        raise ConfigError(f"{source}={value!r} is not a positive whole number; "
                          f"use e.g. {source}={available_cores()}")
    return threads


@contextlib.contextmanager
def limit_threads(threads: int) -> Iterator[None]:
    """Cap BLAS/OpenMP (threadpoolctl) and torch intra-op threads inside the block."""
    from threadpoolctl import threadpool_limits

    torch = _torch_if_loaded()
    previous = torch.get_num_threads() if torch else None
    with threadpool_limits(limits=threads):
        if torch:
            torch.set_num_threads(threads)
        try:
            yield
        finally:
            if torch:
                torch.set_num_threads(previous)


def _torch_if_loaded():
    """torch only if something already imported it: importing it costs seconds."""
    import sys

    return sys.modules.get("torch")
