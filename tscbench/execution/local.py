"""Where cells run. `local`: N worker processes on this machine, each with its share of the cores.

Results are handed back to the driver, which writes them: a worker never touches the output
folder, so a killed worker cannot leave half a result behind.
"""
from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Sequence

from tscbench.execution.resources import Resources
from tscbench.execution.worker import CellWorker
from tscbench.protocol.cell import CellSpec
from tscbench.protocol.result import CellOutcome


class LocalExecutor:
    def __init__(self, cache_root: str, resources: Resources, *, keep_samples: bool = False):
        self.resources = resources
        self.workers = [CellWorker(cache_root, resources.threads, resources.memory_bytes,
                                   keep_samples=keep_samples) for _ in range(resources.jobs)]

    def run(self, specs: Sequence[CellSpec], *, on_start: Callable[[int, CellSpec], None],
            on_phase: Callable[[int, str], None], on_warning: Callable[[str], None],
            on_result: Callable[[int, CellSpec, CellOutcome], None]) -> None:
        """Run every cell; callbacks get the worker's slot number. Blocks until all are done."""
        todo: queue.Queue = queue.Queue()
        for spec in specs:
            todo.put(spec)
        errors: list[BaseException] = []

        def drain(slot: int, worker: CellWorker) -> None:
            try:
                while not errors:
                    try:
                        spec = todo.get_nowait()
                    except queue.Empty:
                        return
                    on_start(slot, spec)
                    outcome = worker.run(spec, timeout=self.resources.timeout,
                                         on_phase=lambda phase: on_phase(slot, phase),
                                         on_warning=on_warning)
                    on_result(slot, spec, outcome)
            except BaseException as exc:  # noqa: BLE001 - re-raised in the driver thread
                errors.append(exc)

        threads = [threading.Thread(target=drain, args=(slot, worker), daemon=True)
                   for slot, worker in enumerate(self.workers)]
        try:
            for thread in threads:
                thread.start()
            for thread in threads:
                while thread.is_alive():
                    thread.join(0.2)  # short joins keep Ctrl-C responsive
        except BaseException:
            self.close(grace=0)  # Ctrl-C: stop the cells in flight now
            raise
        self.close()
        if errors:
            raise errors[0]

    def close(self, grace: float = 10.0) -> None:
        for worker in self.workers:
            worker.close(grace)
