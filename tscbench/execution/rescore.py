"""`tscbench rescore`: recompute a results folder's metrics from the samples its cells kept
(--keep-samples), without fitting any generator again.

Each kept result is re-planned from the benchmark file (its task, seed and generator record) and
must give back its own cell key, so a rescored result replaces exactly the result it came from.
"""
from __future__ import annotations

import io
import re
from pathlib import Path

import numpy as np

from tscbench.cache import ArtifactCache
from tscbench.errors import ResultsError
from tscbench.execution.planning import PlannedCell
from tscbench.execution.resources import Resources
from tscbench.execution.result_files import load_results
from tscbench.execution.runner import run_cells
from tscbench.hashing import sha256_arrays
from tscbench.protocol.cell import CellSpec
from tscbench.protocol.result import Result
from tscbench.specs import Benchmark

#: where a cell keeps its samples, relative to its results folder (protocol/harness.py)
KEPT_FILE = re.compile(r"samples/[A-Za-z0-9_][A-Za-z0-9_.-]*\.npz")


def rescore(results_dir: Path, benchmark: Benchmark, *, cache: ArtifactCache | None = None,
            resources: Resources | None = None, console=None) -> list[Result]:
    """Recompute every kept cell in `results_dir` and rewrite its result; cells that kept no
    samples are left alone. Returns the new Results."""
    results_dir = Path(results_dir)
    kept = [r for r in load_results([results_dir]) if r.ok and "kept_samples" in r.runtime]
    if not kept:
        raise ResultsError(f"{results_dir}: no result kept its samples; run with --keep-samples "
                           f"first")
    cells = [_replan(result, benchmark, results_dir) for result in kept]
    return run_cells(cells, out=results_dir, cache=cache, resources=resources,
                     executor="inline", force=True, keep_samples=True, console=console)


def _replan(result: Result, benchmark: Benchmark, results_dir: Path) -> PlannedCell:
    task = benchmark.task(result.task.name)
    task = benchmark.quick.apply(task) if result.quick else task
    inception = (None if result.inception_weights_sha256 is None
                 else ("", result.inception_weights_sha256))
    spec = CellSpec(result.generator, task, result.seed, result.benchmark_version, result.quick, inception,
                    result.device)
    if spec.key != result.cell_key:
        raise ResultsError(f"{result.filename}: its task or generator no longer matches "
                           f"{benchmark.path}; pass the --config it was run with")
    if inception is not None:
        raise ResultsError(f"{result.filename}: rescoring cells with --inception-weights is not "
                           f"supported; re-run them")
    return PlannedCell(spec, None, _kept_samples(result, results_dir))


def _kept_samples(result: Result, results_dir: Path) -> np.ndarray:
    """The samples a cell kept, read only from a plain file `samples/NAME.npz` inside the results
    folder whose content hash matches the record: a result cannot point rescore at another file
    (a path out of the folder, a symbolic link) or at samples it did not score."""
    record = result.runtime["kept_samples"]
    name = record.get("file") if isinstance(record, dict) else None
    if not isinstance(name, str) or not KEPT_FILE.fullmatch(name):
        raise ResultsError(f"{result.filename}: runtime.kept_samples.file = {name!r} is not "
                           f"samples/NAME.npz inside the results folder; re-run the cell")
    path = results_dir / name
    if path.is_symlink():
        raise ResultsError(f"{path}: kept samples are a symbolic link, not the file the cell "
                           f"wrote; re-run the cell")
    try:
        with np.load(io.BytesIO(path.read_bytes()), allow_pickle=False) as npz:
            samples = npz["X"]
    except (OSError, ValueError, KeyError) as exc:
        raise ResultsError(f"{path}: kept samples unreadable ({exc}); re-run the cell") from None
    if sha256_arrays(samples) != record.get("sha256"):
        raise ResultsError(f"{path}: kept samples do not match their hash in "
                           f"{result.filename}; re-run the cell")
    return samples
