"""A child process that runs cells: a generator that hangs, leaks memory or crashes the
interpreter takes down this process, never the run.

The worker keeps one Harness for its whole life, so consecutive cells of one (task, seed) share
data, teacher and train-set students. It resolves generators by name itself (classes from other
packages or files are not sent over the pipe), caps its address space (RLIMIT_AS) so a runaway
allocation raises MemoryError inside the generator, and dies with its parent.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections.abc import Callable

from tscbench.protocol.cell import CellSpec
from tscbench.protocol.result import CellOutcome, failure_result

POLL_SECONDS = 0.2


class CellWorker:
    def __init__(self, cache_root: str, threads: int, memory_bytes: int | None, *,
                 keep_samples: bool = False):
        self.cache_root, self.threads, self.memory_bytes = cache_root, threads, memory_bytes
        self.keep_samples = keep_samples
        self.process = None
        self.conn = None

    def run(self, spec: CellSpec, *, timeout: float | None,
            on_phase: Callable[[str], None] = lambda phase: None,
            on_warning: Callable[[str], None] = lambda message: None) -> CellOutcome:
        self._ensure_started()
        self.conn.send(spec)
        clock = GeneratorClock(timeout)
        phase = "start"
        while True:
            if self.conn.poll(POLL_SECONDS):
                try:
                    kind, payload = self.conn.recv()
                except (EOFError, OSError):
                    return self._died(spec, phase)
                if kind == "result":
                    return payload
                if kind == "warning":
                    on_warning(payload)
                else:
                    phase = payload
                    clock.enter(phase)
                    on_phase(phase)
            elif not self.process.is_alive():
                return self._died(spec, phase)
            elif clock.expired():
                self.stop()
                return CellOutcome(failure_result(
                    spec, "timeout", phase, f"the generator ran past --timeout {timeout:g} s (in "
                    f"phase {phase}); the worker process and its children were killed", None, {}))

    def close(self, grace: float = 10.0) -> None:
        """End an idle worker: closing the pipe ends its loop, so it exits normally and releases
        what its libraries hold (semaphores); kill it only if it does not."""
        process, conn = self.process, self.conn
        if process is not None:
            conn.close()
            process.join(grace)
        self.stop()

    def stop(self) -> None:
        """Kill the worker's whole process group: a generator's own child processes die too.
        Safe to call twice or from two threads (Ctrl-C while a cell ends)."""
        process, conn = self.process, self.conn
        self.process = self.conn = None
        if process is None:
            return
        try:  # the worker leads its own group; orphans of a dead worker are in it too
            os.killpg(process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            if process.is_alive():
                process.kill()
        process.join()
        conn.close()

    def _ensure_started(self) -> None:
        if self.process is None or not self.process.is_alive():
            # spawn, not fork: forking a process whose OpenMP/torch threads are running can
            # deadlock the child.
            context = multiprocessing.get_context("spawn")
            self.conn, child = context.Pipe()
            self.process = context.Process(
                target=_serve, args=(child, self.cache_root, self.threads, self.memory_bytes,
                                     self.keep_samples),
                daemon=True)
            self.process.start()
            child.close()

    def _died(self, spec: CellSpec, phase: str) -> CellOutcome:
        self.process.join()
        code = self.process.exitcode
        self.stop()
        hint = " (killed: most likely out of memory)" if code == -signal.SIGKILL else ""
        return CellOutcome(failure_result(spec, "error", phase, f"the worker process died with "
                                          f"exit code {code}{hint} in phase {phase}", None, {}))


class GeneratorClock:
    """--timeout counts the generator's own phases only (importing, fitting, sampling): teachers
    and students are the harness's work, and a fresh cache must not time good generators out."""

    PHASES = ("load", "fit", "sample")

    def __init__(self, timeout: float | None):
        self.timeout, self.used, self.started = timeout, 0.0, None

    def enter(self, phase: str) -> None:
        now = time.monotonic()
        if self.started is not None:
            self.used += now - self.started
        self.started = now if phase in self.PHASES else None

    def expired(self) -> bool:
        if self.timeout is None:
            return False
        running = 0.0 if self.started is None else time.monotonic() - self.started
        return self.used + running > self.timeout


def _serve(conn, cache_root: str, threads: int, memory_bytes: int | None,
           keep_samples: bool) -> None:
    """The worker's main loop: receive a CellSpec, send back phases and then its result."""
    _die_with_parent()
    os.setpgrp()  # a group of its own: a timeout kills the generator's child processes too
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what Ctrl-C stops
    if memory_bytes:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    _thread_only_tqdm()
    from tscbench.cache import ArtifactCache
    from tscbench.fidelity.scores import preload_measures
    from tscbench.protocol.harness import Harness

    preload_measures()  # once per worker, not inside the first cell's measures phase

    harness = Harness(ArtifactCache(cache_root, warn=lambda m: conn.send(("warning", m))), threads,
                      on_phase=lambda phase: conn.send(("phase", phase)),
                      keep_samples=keep_samples)
    while True:
        try:
            spec = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(("result", harness.run(spec)))  # the generator is resolved by name here


def _thread_only_tqdm() -> None:
    """torch-fidelity's KID loop creates a tqdm bar (disabled, but tqdm still makes a
    multiprocessing lock: a POSIX semaphore the resource tracker reports as leaked at exit). A
    worker is single-process, so a threading lock is all tqdm needs."""
    import threading

    from tqdm import tqdm

    tqdm.set_lock(threading.RLock())


def _die_with_parent() -> None:
    """Linux: get SIGKILL when the parent dies (kill -9), rather than computing on as an orphan."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
