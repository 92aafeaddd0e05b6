"""`tscbench validate` in a worker process, isolated as `tscbench run` isolates cells: a
generator that hangs, exhausts memory or kills its interpreter fails a check line instead of
taking the command down (or hanging it)."""
from __future__ import annotations

import multiprocessing
import os
import signal
from typing import Any

from tscbench.protocol.contract import Check
from tscbench.specs import TaskSpec

VALIDATE_ROWS = 500  # train rows the checks run on: seconds, not minutes


def validate_isolated(name: str, task: TaskSpec, params: dict[str, Any], *, threads: int,
                      timeout: float, memory_bytes: int | None) -> list[Check]:
    """The contract checks of generator `name`, run in a child process; a crash or a hang is
    one failed check naming it."""
    context = multiprocessing.get_context("spawn")
    parent, child = context.Pipe()
    process = context.Process(target=_child, args=(child, name, task, params, threads,
                                                   memory_bytes), daemon=True)
    process.start()
    child.close()
    try:
        if parent.poll(timeout):
            return parent.recv()
        return [Check("run", "fail", f"no result after --timeout {timeout:g} s; the worker "
                                     f"process was killed")]
    except (EOFError, OSError):
        process.join()
        return [Check("run", "fail", f"the generator's process died with exit code "
                                     f"{process.exitcode}")]
    finally:
        _kill(process)


def _child(conn, name: str, task: TaskSpec, params: dict, threads: int,
           memory_bytes: int | None) -> None:
    os.setpgrp()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if memory_bytes:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    from tscbench.data.sources import prepare_task
    from tscbench.generator import resolve_generator
    from tscbench.protocol.contract import validate
    from tscbench.threads import limit_threads

    cls = resolve_generator(name, task.dataset.modality)
    train = prepare_task(task, max_train_rows=VALIDATE_ROWS).train
    with limit_threads(threads):
        conn.send(validate(cls, train, params=params))


def _kill(process) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    process.join()
