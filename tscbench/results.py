"""The result of one cell as JSON: what ran, on what, with which versions, and what came out.

Everything outside the "runtime" block is a pure function of the cell spec, so two runs of the
same cell give identical JSON apart from "runtime" (timings, cache hits, when it finished).
"""
from __future__ import annotations

import json
import platform
import time
from pathlib import Path
from typing import Any, Iterable

from tscbench import __version__
from tscbench.atomic import atomic_write_bytes, atomic_write_text
from tscbench.cell import CellSpec

SCHEMA_VERSION = 1
STATUSES = ("ok", "error", "invalid", "timeout")
FILES_KEY = "_files"  # {relative path: bytes} written beside the JSON, then dropped


def _base(cell: CellSpec, status: str) -> dict[str, Any]:
    return {"schema_version": SCHEMA_VERSION, "tscbench_version": __version__,
            "cell_key": cell.key, **cell.to_dict(), "status": status, "versions": versions()}


def success_result(cell: CellSpec, info: dict, teacher, scores: dict, fidelity: dict,
                   timings: dict, files: dict[str, bytes] | None = None) -> dict:
    """`files` (e.g. a sample grid PNG) travel with the result to the driver, which writes them
    beside the JSON; they are never part of the JSON itself."""
    result = _base(cell, "ok")
    result.update(
        phase=None, reason=None, traceback=None, data=info, fidelity=fidelity,
        teacher={**cell.task.teacher.to_dict(), "key": teacher.key, "sha256": teacher.sha256,
                 "test_score": teacher.test_score},
        students={name: {str(k): v for k, v in per_size.items()}
                  for name, per_size in scores.items()},
        runtime=_runtime(timings, teacher_cache="hit" if teacher.cache_hit else "miss"))
    if files:
        result[FILES_KEY] = files
    return result


def failure_result(cell: CellSpec, status: str, phase: str, reason: str, trace: str | None,
                   timings: dict) -> dict:
    """A failed cell: its status, phase and reason, and no score at all."""
    result = _base(cell, status)
    result.update(phase=phase, reason=reason, traceback=trace, data=None, teacher=None,
                  students=None, fidelity=None, runtime=_runtime(timings))
    return result


def _runtime(timings: dict, **extra) -> dict:
    import torch

    # torch's CPU kernels sum in an order that depends on the thread count, so torch-based
    # cells (image tasks, gan, vae) are bit-reproducible only at the same threads per cell
    return {"timings": dict(timings), **extra, "torch_threads": torch.get_num_threads(),
            "finished_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}


def versions() -> dict[str, str]:
    from tscbench.teachers import library_versions

    return {"python": platform.python_version(), **library_versions()}


def write_result(out_dir: Path, cell: CellSpec, result: dict) -> Path:
    """Write the cell's files (sample grids) first, then its JSON: a result on disk always has
    its files. Pops the files from `result`."""
    for name, payload in result.pop(FILES_KEY, {}).items():
        atomic_write_bytes(Path(out_dir) / name, payload)
    path = Path(out_dir) / cell.filename
    atomic_write_text(path, json.dumps(result, indent=2, sort_keys=True) + "\n")
    return path


def read_result(path: Path) -> dict:
    """Plain JSON: reading results never executes code."""
    return json.loads(Path(path).read_text())


def finished(out_dir: Path, cell: CellSpec) -> dict | None:
    """The stored result of a cell that succeeded before (resume), or None."""
    path = Path(out_dir) / cell.filename
    if not path.exists():
        return None
    try:
        result = read_result(path)
    except (OSError, ValueError):
        return None
    return result if result.get("status") == "ok" and result.get("cell_key") == cell.key else None


def load_results(paths: Iterable[Path]) -> list[dict]:
    """Every result JSON in the given files and folders, or a ResultsError naming the bad one."""
    from tscbench.errors import ResultsError

    results = []
    for path in paths:
        path = Path(path)
        if not path.exists():
            raise ResultsError(f"{path}: no such file or folder; pass --results with the "
                               f"--out folder of a tscbench run")
        for file in sorted(path.glob("*.json")) if path.is_dir() else [path]:
            try:
                result = read_result(file)
            except (OSError, ValueError) as exc:
                raise ResultsError(f"{file}: not a readable result ({exc}); delete it or re-run "
                                   f"its cell") from None
            if result.get("schema_version") != SCHEMA_VERSION:
                raise ResultsError(f"{file}: result schema {result.get('schema_version')!r}, "
                                   f"this tscbench reads {SCHEMA_VERSION}; re-run its cell")
            results.append(result)
    return results
