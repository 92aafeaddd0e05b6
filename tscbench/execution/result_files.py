"""Result files: one JSON per cell, named by its spec's hash, written atomically with its sample
grid first; read back as typed Results. Reading results never executes code (plain JSON)."""
from __future__ import annotations

import json
import tempfile
from collections.abc import Iterable
from pathlib import Path

from tscbench.atomic import atomic_write_bytes, atomic_write_text
from tscbench.errors import ConfigError, ResultsError
from tscbench.protocol.cell import CellSpec
from tscbench.protocol.result import SCHEMA_VERSION, CellOutcome, Result


def check_writable(out_dir: Path) -> None:
    """A results folder that cannot take results is a one-line error before any work, not a
    traceback after it."""
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise ConfigError(f"--out {out_dir} is a file; pass a folder for the results")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=out_dir, prefix=".tscbench-probe-"):
            pass
    except OSError as exc:
        raise ConfigError(f"--out {out_dir} is not writable ({exc.strerror or exc}); pass a "
                          f"folder you can write to") from None


def check_file_target(out: Path, *, force: bool = False) -> None:
    """A file a command is about to write (an export): a one-line error before any work when it
    is a folder, exists (unless `force`) or cannot be written; nothing is created here."""
    out = Path(out)
    if out.is_dir():
        raise ConfigError(f"--out {out} is a folder; give the file to write, e.g. "
                          f"--out {out / 'results.csv'}")
    if out.exists() and not force:
        raise ConfigError(f"--out {out} exists; pass --force to replace it")
    if not out.parent.is_dir():
        raise ConfigError(f"--out {out}: no such folder {out.parent}; make it first")
    try:
        with tempfile.NamedTemporaryFile(dir=out.parent, prefix=".tscbench-probe-"):
            pass
    except OSError as exc:
        raise ConfigError(f"--out {out} is not writable ({exc.strerror or exc}); pick a folder "
                          f"you can write to") from None


def write_outcome(out_dir: Path, outcome: CellOutcome) -> Path:
    """Write the cell's files (sample grids) first, then its JSON: a result on disk always has
    its files."""
    for name, payload in outcome.files.items():
        atomic_write_bytes(Path(out_dir) / name, payload)
    path = Path(out_dir) / outcome.result.filename
    atomic_write_text(path, json.dumps(outcome.result.to_json(), indent=2, sort_keys=True) + "\n")
    return path


def read_result(path: Path) -> Result:
    """A stored result, or ResultsError naming the file and what is wrong with it."""
    try:
        doc = json.loads(Path(path).read_text())
    except (OSError, ValueError) as exc:
        raise ResultsError(f"{path}: not a readable result ({exc}); delete it or re-run its "
                           f"cell") from None
    if isinstance(doc, dict) and doc.get("schema_version") != SCHEMA_VERSION:
        raise ResultsError(f"{path}: result schema {doc.get('schema_version')!r}, this tscbench "
                           f"reads {SCHEMA_VERSION}; re-run its cell")
    try:
        return Result.from_json(doc)
    except ResultsError as exc:
        raise ResultsError(f"{path}: {exc}; delete it or re-run its cell") from None


def finished(out_dir: Path, cell: CellSpec) -> Result | None:
    """The stored result of a cell that succeeded before (resume), or None."""
    path = Path(out_dir) / cell.filename
    if not path.exists():
        return None
    try:
        result = read_result(path)
    except ResultsError:
        return None
    return result if result.ok and result.cell_key == cell.key else None


def load_results(paths: Iterable[Path]) -> list[Result]:
    """Every result JSON in the given files and folders, or a ResultsError naming the bad one."""
    results = []
    for path in paths:
        path = Path(path)
        if not path.exists():
            raise ResultsError(f"{path}: no such file or folder; pass --results with the "
                               f"--out folder of a tscbench run")
        for file in sorted(path.glob("*.json")) if path.is_dir() else [path]:
            results.append(read_result(file))
    return results
