"""`--executor dask`: cells as tasks on a dask.distributed cluster (LocalCluster, Slurm through
dask-jobqueue, Kubernetes through dask-kubernetes -- anything with a scheduler address).

The driver has the harness build each (task, seed)'s shared artefacts once (teacher, judge) and
scatters them to the workers; every cell's task takes them as an argument and installs them in
the worker's own cache (hash-checked) instead of training them again, whether or not the cluster
shares a filesystem. Results come back to the driver, which writes them, as in the local
executor.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

from tscbench.cache import ArtifactCache
from tscbench.execution.resources import Resources
from tscbench.protocol.cell import CellSpec
from tscbench.protocol.result import CellOutcome


class DaskExecutor:
    def __init__(self, scheduler: str, cache: ArtifactCache, resources: Resources, *,
                 keep_samples: bool = False):
        try:
            from distributed import Client
        except ImportError:
            from tscbench.errors import ConfigError

            raise ConfigError("--executor dask needs dask.distributed; install it with "
                              "pip install 'tscbench[dask]'") from None
        self.client = Client(scheduler, set_as_default=False)
        self.cache, self.resources, self.keep_samples = cache, resources, keep_samples

    def run(self, specs: Sequence[CellSpec], *, on_start: Callable[[int, CellSpec], None],
            on_phase: Callable[[int, str], None], on_warning: Callable[[str], None],
            on_result: Callable[[int, CellSpec, CellOutcome], None]) -> None:
        from distributed import as_completed

        shared = self._scatter_shared(specs)
        futures = {}
        for spec in specs:
            shipped = shared[spec.task, spec.seed, spec.device]
            future = self.client.submit(run_cell_on_worker, spec, shipped,
                                        self.resources.threads, self.keep_samples,
                                        key=f"tscbench-{spec.key}",
                                        pure=False)
            futures[future] = spec
            on_start(0, spec)
        try:
            for future in as_completed(futures, loop=self.client.loop):
                on_result(0, futures[future], future.result())
        finally:
            self.close()

    def _scatter_shared(self, specs: Sequence[CellSpec]) -> dict:
        """The harness builds (or loads) each (task, seed)'s shared artefacts here, once; they
        go to every worker."""
        from tscbench.protocol.harness import Harness

        harness = Harness(self.cache, self.resources.threads)
        shipped = {}
        for spec in specs:
            ident = (spec.task, spec.seed, spec.device)
            if ident not in shipped:
                artefacts = harness.shared_artefacts(*ident)
                shipped[ident] = self.client.scatter(artefacts, broadcast=True)
        return shipped

    def close(self) -> None:
        self.client.close()


def run_cell_on_worker(spec: CellSpec, shared: list, threads: int,
                       keep_samples: bool = False) -> CellOutcome:
    """Runs on a dask worker: install the shipped artefacts in its cache, then run the cell."""
    from tscbench.protocol.harness import Harness, install_shared

    cache = ArtifactCache(warn=lambda message: None)
    install_shared(cache, shared)
    return Harness(cache, threads, keep_samples=keep_samples).run(spec)
