"""Results as a table: one row per cell, for pandas (`Results.to_frame()`) and `tscbench export`."""
from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from tscbench.atomic import atomic_write_bytes
from tscbench.errors import ConfigError
from tscbench.protocol.result import COMPRESSION_SETS, FIDELITY_METRICS, Result
from tscbench.report.headline import lift, tsc
from tscbench.report.operating_points import OperatingPoint
from tscbench.report.reference import reference_sizes
from tscbench.report.summary import MEMORISATION_METRICS

FORMATS = ("csv", "parquet", "json")


def result_row(result: Result, reference: int) -> dict[str, Any]:
    """One cell as flat columns: identity, status, TSC Score and lift at the reference student
    size (`reference`: resolved across the task's cells, see report/reference.py), every student
    score (`<set>@<size>`; `synthetic 0.1x@<size>` and `train 0.1x@<size>` where the task has
    synthetic budgets), fidelity and memorisation measures, timings. A failed cell has empty
    score columns, never 0."""
    k = reference
    row: dict[str, Any] = {
        "generator": result.generator.name, "params": json.dumps(dict(result.generator.params),
                                                                 sort_keys=True),
        "params_hash": result.generator.params_hash, "task": result.task.name,
        "seed": result.seed, "status": result.status, "phase": result.phase,
        "reason": result.reason, "reference_student": k,
        "tsc_score": None, "lift": None, "teacher_score": None}
    if result.ok:
        row.update(tsc_score=tsc(result, k), lift=lift(result, k),
                   teacher_score=result.teacher.test_score)
        budget_sets = [name for name in result.students if name not in COMPRESSION_SETS]
        for name in [*(n for n in COMPRESSION_SETS if n in result.students), *budget_sets]:
            for size in result.task.students:
                row[f"{name}@{size}"] = result.score(name, size)
    for metric in FIDELITY_METRICS:
        row[metric] = result.fidelity.metric(metric) if result.fidelity else None
    memorisation = result.memorisation
    for metric in MEMORISATION_METRICS:
        row[metric] = getattr(memorisation, metric) if memorisation else None
    row["memorisation_flag"] = memorisation.flag if memorisation else None
    timings = result.runtime.get("timings", {})
    row.update({f"{phase}_s": seconds for phase, seconds in timings.items()})
    row.update(threads=result.runtime.get("torch_threads"), cell_key=result.cell_key,
               benchmark_version=result.benchmark_version, quick=result.quick,
               tscbench_version=result.tscbench_version)
    return row


def to_frame(results: Iterable[Result], points: Mapping[str, OperatingPoint] | None = None):
    """A pandas DataFrame with one row per cell (columns: see result_row); `points`: the
    operating points a board reads its tasks at (leaderboard.points_for), else each task's
    own rule."""
    import pandas as pd

    results = list(results)
    references = reference_sizes(results, points)
    return pd.DataFrame([result_row(r, references[r.task.name]) for r in results])


def check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise ConfigError(f"--format {fmt!r} is not one of {', '.join(FORMATS)}")


def export(results: list[Result], out: Path, fmt: str,
           points: Mapping[str, OperatingPoint] | None = None) -> Path:
    """Write the table as csv, parquet or json (records), atomically."""
    check_format(fmt)
    frame = to_frame(results, points)
    if fmt == "csv":
        payload = frame.to_csv(index=False).encode()
    elif fmt == "json":
        payload = frame.to_json(orient="records", indent=1, double_precision=15).encode()
    else:
        payload = _parquet(frame)
    atomic_write_bytes(Path(out), payload)
    return Path(out)


def _parquet(frame) -> bytes:
    import io

    try:
        import pyarrow  # noqa: F401  pandas writes parquet through it
    except ImportError:
        raise ConfigError("--format parquet needs pyarrow; pip install 'tscbench[parquet]' or "
                          "use --format csv") from None
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    return buffer.getvalue()
