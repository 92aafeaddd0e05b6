"""Thread counts. Over-subscribing 2 cores with OpenMP/BLAS threads costs 10-100x, so every
library that can spawn threads is told exactly how many it may use."""
from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator

from tscbench.options import available_cores, parse_count

ENV_VAR = "TSCBENCH_THREADS"

# Teachers and judges whose bits depend on the thread count they train on -- CNNs (torch splits
# its sums by the count) and LightGBM (its histogram sums too: letter's teacher hashes three ways
# at 1, 2 and 3 threads) -- train on exactly this many wherever they are built: a machine's
# cores, --jobs or a verify at one thread must not choose the teacher. 2 is the count the
# committed board's were trained on (built up front on a 2-core machine: jobs x threads).
# Random forests are the same at any count and use every core.
SHARED_THREADS = 2
# what such a cached teacher or judge records; an entry without it predates the fixed count
SHARED_THREADS_META = {"train_threads": SHARED_THREADS}


def trained_on_shared_threads(meta: dict) -> bool:
    """Whether a cached teacher or judge was trained on SHARED_THREADS (else rebuild it)."""
    return meta.get("train_threads") == SHARED_THREADS


def default_threads() -> int:
    """$TSCBENCH_THREADS if set, else the cores this process may run on."""
    value = os.environ.get(ENV_VAR)
    if value is None:
        return available_cores()
    return parse_count(value, source=ENV_VAR)


@contextlib.contextmanager
def limit_threads(threads: int) -> Iterator[None]:
    """Cap BLAS/OpenMP (threadpoolctl) and torch intra-op threads inside the block."""
    from threadpoolctl import threadpool_limits

    torch = sys.modules.get("torch")  # only if already imported: importing it costs seconds
    previous = torch.get_num_threads() if torch else None
    with threadpool_limits(limits=threads):
        if torch:
            torch.set_num_threads(threads)
        try:
            yield
        finally:
            if torch:
                torch.set_num_threads(previous)


def allowed_threads() -> int:
    """The threads the enclosing `limit_threads` block allows (the cores outside one): what a
    generator passes to a library it loads itself (LightGBM's `n_jobs`), since a library
    loaded inside the block missed the limit."""
    from threadpoolctl import threadpool_info

    counts = [info["num_threads"] for info in threadpool_info()]
    return max(1, min(counts, default=available_cores()))
