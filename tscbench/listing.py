"""`tscbench list`: what generators and tasks exist, with modality, source and a description."""
from __future__ import annotations

import fnmatch

from rich.table import Table

from tscbench.data.sources import BUILTIN
from tscbench.generator import GENERATORS, ByModality
from tscbench.registry import PluginLoadError
from tscbench.specs import Benchmark


def generator_table(pattern: str = "*") -> tuple[Table, list[str]]:
    """A broken plugin becomes a warning here; it is an error only when selected for a run."""
    table = Table(title="generators")
    for column in ("name", "modalities", "source", "description"):
        table.add_column(column)
    warnings = []
    for name, entry in sorted(GENERATORS.entries().items()):
        if not fnmatch.fnmatch(name, pattern):
            continue
        try:
            obj = GENERATORS.load(name)
        except PluginLoadError as exc:
            warnings.append(str(exc))
            table.add_row(name, "?", entry.source, "[red]failed to import[/red]")
            continue
        modalities = obj.modalities
        table.add_row(name, ", ".join(modalities), entry.source, _describe(obj))
    return table, warnings


def _describe(obj) -> str:
    """The docstring's first line; one line per modality for a ByModality name."""
    if not isinstance(obj, ByModality):
        return obj.describe()
    return "\n".join(f"{m}: {obj.for_modality(m).describe()}" for m in obj.modalities)


def task_table(benchmark: Benchmark, pattern: str = "*") -> Table:
    table = Table(title=f"tasks of {benchmark.path} (version {benchmark.version})")
    for column in ("name", "modality", "dataset", "teacher", "students", "description"):
        table.add_column(column)
    for name, task in benchmark.tasks.items():
        if not fnmatch.fnmatch(name, pattern):
            continue
        dataset = task.dataset
        source = dataset.name if dataset.source == "builtin" else f"{dataset.source}: {dataset.name}"
        description = task.description or (BUILTIN[dataset.name].description
                                           if dataset.source == "builtin" else "")
        table.add_row(name, dataset.modality, source,
                      task.teacher.text,
                      ",".join(map(str, task.students)), description)
    return table
