"""`tscbench verify RESULTS...`: re-run a sample of a folder's cells from their recorded specs and
compare each with its stored JSON, so a submitted result is checked, not trusted.

A cell is re-planned from what its result records (generator name, version and parameters; the
task spec; seed; benchmark version) and must give back its own cell key. It then runs with the
named generator as installed here, at the thread count it recorded, and everything but `runtime`
is compared: text and whole numbers exactly, other numbers within `tolerance`: absolute up to
1 (scores, shares, AUCs), relative beyond (an FID of 4,749, distances). A
measure the re-run has and the stored result lacks (added by a later tscbench) is not compared;
a field only the stored result has is a difference.

The tolerance. On one machine, with the same library versions and thread count, forests and
LightGBM re-run bit for bit; torch generators move in the last bits when the thread count or the
BLAS differs. The default, 1e-6, is three orders of magnitude below the smallest difference a
board resolves (about 1e-3 in TSC Score at 5 seeds) and far above float noise (about 1e-12):
an honest re-run matches, a result whose scores were edited by any amount a board could show
does not (tests/test_verify.py shows both). Across machines, distance-based measures agree to
about 8 significant digits (the README's "Run" section), which the relative part admits: on a
value of 4,749, 1e-6 is 0.005.
"""
from __future__ import annotations

import math
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from tscbench.cache import ArtifactCache
from tscbench.errors import ConfigError, UnknownNameError
from tscbench.execution.planning import PlannedCell
from tscbench.execution.resources import Resources
from tscbench.execution.result_files import load_results
from tscbench.execution.runner import run_cells
from tscbench.generator import resolve_generator
from tscbench.hashing import sha256_bytes
from tscbench.protocol.cell import CellSpec
from tscbench.protocol.result import Result
from tscbench.report.standings import check_comparable

TOLERANCE = 1e-6
#: never compared: when and where a cell ran and its timings; library versions are reported
#: beside the verdict instead (a re-run on other versions may still match)
IGNORED = ("runtime", "versions", "tscbench_version")


@dataclass(frozen=True)
class Verdict:
    filename: str
    status: str  # "match", "differs", "cannot verify"
    detail: str = ""


def verify(paths: Sequence[Path], *, sample: int | None = 3, seed: int = 0,
           tolerance: float = TOLERANCE, cache: ArtifactCache | None = None,
           data_dirs: Sequence[Path] = ()) -> Iterator[Verdict]:
    """Re-run `sample` seeded-random cells of the results in `paths` (None: all of them) and
    yield one Verdict per cell as it finishes. A task on the user's own file records the file's
    name and content hash, not its path: it is looked for by name in `data_dirs`, then in the
    current directory, and used only if its content hash is the recorded one."""
    results = [r for r in load_results(paths) if r.ok]
    if not results:
        raise ConfigError(f"no ok results in {', '.join(map(str, paths))}; nothing to verify")
    check_comparable(results)  # one benchmark version, one teacher per task and seed
    chosen = sorted(results, key=lambda r: r.filename)
    if sample is not None and sample < len(chosen):
        chosen = sorted(random.Random(seed).sample(chosen, sample), key=lambda r: r.filename)
    for stored in chosen:
        yield _verify_one(stored, tolerance, cache or ArtifactCache(), data_dirs)


def _verify_one(stored: Result, tolerance: float, cache: ArtifactCache,
                data_dirs: Sequence[Path] = ()) -> Verdict:
    name = stored.filename
    if stored.runtime.get("kept_samples") or stored.generator.target == "given-samples":
        return Verdict(name, "cannot verify", "scored pre-made samples: no generator to re-run")
    try:
        cls = resolve_generator(stored.generator.name, stored.modality)
    except UnknownNameError:  # a plugin this machine lacks: say so and go on to the next cell
        return Verdict(name, "cannot verify", f"generator {stored.generator.name!r} is not "
                                              f"installed here (it ran as "
                                              f"{stored.generator.target}); install its package")
    except ConfigError as exc:
        return Verdict(name, "cannot verify", f"generator not installed here ({exc})")
    if cls.version != stored.generator.version:
        return Verdict(name, "cannot verify", f"{stored.generator.name} is version {cls.version} "
                                              f"here; the result records {stored.generator.version}")
    task = _with_local_files(stored.task, data_dirs)
    if isinstance(task, str):
        return Verdict(name, "cannot verify", task)
    spec = CellSpec(stored.generator, task, stored.seed, stored.benchmark_version,
                    stored.quick, None, stored.device)
    if spec.key != stored.cell_key:
        return Verdict(name, "differs", "its recorded spec does not hash to its cell key: the "
                                        "file was edited or written by other code")
    threads = int(stored.runtime.get("torch_threads", 1))
    (again,) = run_cells([PlannedCell(spec, cls)], cache=cache,
                         resources=Resources(1, threads, None, None))
    if not again.ok and again.phase in ("load", "data"):
        return Verdict(name, "cannot verify", f"its data cannot be read here: {again.reason}")
    if not again.ok:
        return Verdict(name, "differs", f"the re-run is {again.status}: {again.reason}")
    found = differences(stored, again, tolerance)
    note = _version_note(stored, again)
    if not found:
        return Verdict(name, "match", note)
    shown = "; ".join(found[:4]) + (f"; and {len(found) - 4} more" if len(found) > 4 else "")
    return Verdict(name, "differs", shown + (f" ({note})" if note else ""))


def _with_local_files(task, data_dirs: Sequence[Path]):
    """The task with its data files found here, by name, and checked by content hash (the key
    holds names only, so it is unchanged); or a sentence saying why they cannot be used."""
    dataset = task.dataset
    if dataset.source not in ("npz", "csv"):
        return task
    found = {}
    for field, recorded, digest in (("name", dataset.name, dataset.sha256),
                                    ("test_file", dataset.test_file, dataset.test_sha256)):
        if recorded is None:
            continue
        filename = Path(recorded).name
        places = [*map(Path, data_dirs), Path.cwd()]
        path = next((d / filename for d in places if (d / filename).is_file()), None)
        if path is None:
            where = ", ".join(str(d) for d in places)
            return (f"its data file {filename} is not in {where}; pass --data-dir with the "
                    f"folder that holds it")
        actual = sha256_bytes(path.read_bytes())
        if digest and actual != digest:
            return (f"{path} has sha256 {actual[:12]}, the result records {digest[:12]}: another "
                    f"file of that name; pass --data-dir with the folder of the file it ran on")
        found[field] = str(path.resolve())
    return replace(task, dataset=replace(dataset, **found))


def _version_note(stored: Result, again: Result) -> str:
    """What differs about where the re-run ran: library versions, and the CPU kind where the
    stored result records it (CNN cells reproduce on the same CPU kind only)."""
    changed = sorted(k for k in set(stored.versions) | set(again.versions)
                     if stored.versions.get(k) != again.versions.get(k))
    notes = ([] if not changed else ["re-run with other " + ", ".join(
        f"{k} {again.versions.get(k)} (stored {stored.versions.get(k)})" for k in changed)])
    cpu, here = stored.runtime.get("cpu"), again.runtime.get("cpu")
    if cpu and here and cpu != here:
        notes.append(f"re-run on {here}, stored from {cpu}")
    return "; ".join(notes)


def differences(stored: Result, again: Result, tolerance: float = TOLERANCE) -> list[str]:
    """Where two results of one cell disagree outside `runtime` (IGNORED): one line per field,
    empty when they match (tolerance 0: bit for bit)."""
    return list(_differences(_comparable(stored), _comparable(again), tolerance))


def _comparable(result: Result) -> dict[str, Any]:
    doc = result.to_json()
    for key in IGNORED:
        doc.pop(key, None)
    return doc


def _differences(old: Any, new: Any, tolerance: float, where: str = "") -> Iterator[str]:
    if isinstance(old, dict) and isinstance(new, dict):
        for key in sorted(set(old) | set(new), key=str):
            here = f"{where}.{key}" if where else str(key)
            if key not in new:
                yield f"{here}: only in the stored result"
            elif key not in old:  # measured by a newer tscbench than wrote the result: not a claim
                continue
            else:
                yield from _differences(old[key], new[key], tolerance, here)
    elif isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        for i, (a, b) in enumerate(zip(old, new)):
            yield from _differences(a, b, tolerance, f"{where}[{i}]")
    elif _real(old) and _real(new) and not (isinstance(old, int) and isinstance(new, int)):
        if not math.isclose(old, new, rel_tol=tolerance, abs_tol=tolerance):
            yield f"{where}: {old!r} stored, {new!r} re-run (by {abs(old - new):.3g})"
    elif old != new:
        yield f"{where}: {old!r} stored, {new!r} re-run"


def _real(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
