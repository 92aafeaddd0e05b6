"""How many cells at once, threads per cell, memory and time per cell: parsed and checked."""
from __future__ import annotations

import os
import re

from tscbench.errors import ConfigError
from tscbench.executors import Resources
from tscbench.threads import available_cores, default_threads, parse_threads

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([KMGT]?)i?B?\s*$", re.IGNORECASE)


def total_memory() -> int:
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")


def parse_memory(text: str) -> int:
    match = _SIZE.match(text)
    if not match:
        raise ConfigError(f"--max-memory {text!r} is not a size; write e.g. --max-memory 8G")
    number, unit = float(match.group(1)), match.group(2).upper()
    size = int(number * 1024 ** " KMGT".index(unit or " "))
    if size < 2**30:
        raise ConfigError(f"--max-memory {text!r} is below 1G; torch and scikit-learn alone "
                          f"need about that much address space")
    return size


def resources(jobs: str | int, threads: str | None, memory: str | None,
              timeout: str | float | None, warn=print) -> Resources:
    jobs = parse_threads(jobs, source="--jobs")
    cores = available_cores()
    if threads is None:
        per_cell = max(1, default_threads() // jobs) if jobs > 1 else default_threads()
    else:
        per_cell = parse_threads(threads)
    if jobs * per_cell > cores:
        warn(f"--jobs {jobs} x {per_cell} threads = {jobs * per_cell} threads on {cores} cores: "
             f"over-subscription can slow everything 10x or more")
    memory_bytes = parse_memory(memory) if memory else int(total_memory() * 0.8 / jobs)
    return Resources(jobs, per_cell, memory_bytes, _timeout(timeout))


def _timeout(value) -> float | None:
    if value is None:
        return None
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1
    if seconds <= 0:
        raise ConfigError(f"--timeout {value!r} is not a positive number of seconds; write e.g. "
                          f"--timeout 3600")
    return seconds
