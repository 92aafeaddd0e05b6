"""`--executor dask`: cells as tasks on a dask.distributed cluster (LocalCluster, Slurm through
dask-jobqueue, Kubernetes through dask-kubernetes -- anything with a scheduler address).

The driver trains each teacher (and each image task's judge) once, scatters their cache entries
to the workers, and every cell's task takes them as an argument: a worker puts them in its own
cache (hash-checked) instead of training them again, whether or not the cluster shares a
filesystem. Results come back to the
driver, which writes them, as in the local executor.
"""
from __future__ import annotations

import traceback
from typing import Callable, Sequence

from tscbench.cache import ArtifactCache
from tscbench.cell import CellSpec
from tscbench.executors import Resources


class DaskExecutor:
    def __init__(self, scheduler: str, cache: ArtifactCache, resources: Resources):
        try:
            from distributed import Client
        except ImportError:
            from tscbench.errors import ConfigError

            raise ConfigError("--executor dask needs dask.distributed; install it with "
                              "pip install 'tscbench[dask]'") from None
        self.client = Client(scheduler, set_as_default=False)
        self.cache, self.resources = cache, resources

    def run(self, specs: Sequence[CellSpec], *, on_start: Callable[[int, CellSpec], None],
            on_phase: Callable[[int, str], None], on_warning: Callable[[str], None],
            on_result: Callable[[int, CellSpec, dict], None]) -> None:
        from distributed import as_completed

        teachers = self._scatter_teachers(specs)
        futures = {}
        for spec in specs:
            future = self.client.submit(run_cell_on_worker, spec, teachers[_teacher_id(spec)],
                                        self.resources.threads, key=f"tscbench-{spec.key}",
                                        pure=False)
            futures[future] = spec
            on_start(0, spec)
        try:
            for future in as_completed(futures, loop=self.client.loop):
                on_result(0, futures[future], future.result())
        finally:
            self.close()

    def _scatter_teachers(self, specs: Sequence[CellSpec]) -> dict:
        """Train (or load) each teacher and judge here once; ship their cache entries to every
        worker."""
        from tscbench.judge import judge_epochs, judge_key
        from tscbench.metrics import resolve_metric
        from tscbench.teachers import teacher_key
        from tscbench.tsc import Harness

        harness = Harness(self.cache, self.resources.threads)
        shipped = {}
        for spec in specs:
            ident = _teacher_id(spec)
            if ident in shipped:
                continue
            data = harness.data(spec.task)
            harness.teacher(spec.task, data, spec.seed, resolve_metric(spec.task.metric,
                                                                       data.n_classes))
            wanted = [("teachers", teacher_key(spec.task.teacher, data, spec.seed))]
            if data.modality == "image":
                harness.judge(spec.task, data)
                wanted.append(("judges", judge_key(data, judge_epochs(spec.task.teacher))))
            entries = [(kind, key, *_payload(self.cache, kind, key)) for kind, key in wanted]
            shipped[ident] = self.client.scatter(entries, broadcast=True)
        return shipped

    def close(self) -> None:
        self.client.close()


def _payload(cache: ArtifactCache, kind: str, key: str) -> tuple[bytes, dict]:
    entry = cache.get(kind, key)
    return entry.payload, entry.meta


def _teacher_id(spec: CellSpec) -> tuple:
    return (repr(spec.task.teacher), repr(spec.task.dataset), spec.task.test_size,
            spec.task.split_seed, spec.task.max_train_rows, spec.seed)


def run_cell_on_worker(spec: CellSpec, entries: list, threads: int) -> dict:
    """Runs on a dask worker: seed its cache with the shipped teacher (and judge), then run the
    cell."""
    from tscbench.generator import resolve_generator
    from tscbench.results import failure_result
    from tscbench.tsc import Harness

    cache = ArtifactCache(warn=lambda message: None)
    for kind, key, payload, meta in entries:
        if cache.get(kind, key) is None:
            cache.put(kind, key, payload, meta)
    try:
        cls = resolve_generator(spec.generator.name, spec.task.dataset.modality)
    except Exception as exc:  # noqa: BLE001 - a plugin missing on this worker
        return failure_result(spec, "error", "load", f"{type(exc).__name__}: {exc}",
                              traceback.format_exc(), {})
    return Harness(cache, threads).run(spec, cls)
