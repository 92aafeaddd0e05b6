"""How many cells at once, threads per cell, memory and time per cell."""
from __future__ import annotations

import os
from dataclasses import dataclass

from tscbench.errors import ConfigError
from tscbench.options import available_cores, parse_count, parse_memory, parse_timeout
from tscbench.threads import default_threads


@dataclass(frozen=True)
class Resources:
    jobs: int  # cells at a time
    threads: int  # threads per cell
    memory_bytes: int | None  # address-space cap per worker
    timeout: float | None  # seconds per cell


def total_memory() -> int:
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")


MOST_THREADS = 256  # per cell; beyond it (or 8x the cores) a value is a typo, not a setting


def resources(jobs: str | int = 1, threads: str | int | None = None, memory: str | None = None,
              timeout: str | float | None = None, warn=print) -> Resources:
    """Resources from user input: threads default to the cores divided among the jobs."""
    jobs = parse_count(jobs, source="--jobs")
    cores = available_cores()
    if threads is None:
        per_cell = max(1, default_threads() // jobs) if jobs > 1 else default_threads()
    else:
        per_cell = parse_count(threads)
    most = max(MOST_THREADS, 8 * cores)
    if per_cell > most:
        raise ConfigError(f"--threads {per_cell} is more than any machine here can run ({cores} "
                          f"cores); give at most {most}, or leave it out for the cores per job")
    if jobs * per_cell > cores:
        warn(f"--jobs {jobs} x {per_cell} threads = {jobs * per_cell} threads on {cores} cores: "
             f"over-subscription can slow everything 10x or more")
    memory_bytes = parse_memory(memory) if memory else int(total_memory() * 0.8 / jobs)
    return Resources(jobs, per_cell, memory_bytes, parse_timeout(timeout))
