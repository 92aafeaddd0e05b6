"""`tscbench list`: what generators and tasks exist, with modality, source and a description.

The built-in generators are described from their source (class docstring and `modalities`,
read with `ast`) rather than imported: importing them imports torch, and a listing should take a
second, not four. Third-party plugins are imported, so a broken one shows as a warning here.
"""
from __future__ import annotations

import ast
import fnmatch
import importlib.util
from pathlib import Path

from rich.table import Table

from tscbench.data.sources import BUILTIN
from tscbench.generator import GENERATORS, ByModality
from tscbench.registry import PluginLoadError
from tscbench.specs import MODALITY_NAMES, Benchmark


def generator_table(pattern: str = "*") -> tuple[Table, list[str]]:
    """A broken plugin becomes a warning here; it is an error only when selected for a run."""
    table = Table(title="generators")
    for column in ("name", "modalities", "source", "description"):
        table.add_column(column)
    warnings = []
    for name, entry in sorted(GENERATORS.entries().items()):
        if not fnmatch.fnmatch(name, pattern):
            continue
        static = read_statically(entry.target) if entry.source == "tscbench" else None
        if static is not None:
            modalities, description = static
            table.add_row(name, ", ".join(modalities), entry.source, description)
            continue
        try:
            obj = GENERATORS.load(name)
        except PluginLoadError as exc:
            warnings.append(str(exc))
            table.add_row(name, "?", entry.source, "[red]failed to import[/red]")
            continue
        table.add_row(name, ", ".join(obj.modalities), entry.source, _describe(obj))
    return table, warnings


def read_statically(target: str) -> tuple[tuple[str, ...], str] | None:
    """(modalities, description) of a "module:attr" generator, read from its source as
    `_describe` would give them after importing it; None where the source does not say (then
    the caller imports it)."""
    module, _, attr = target.partition(":")
    try:
        spec = importlib.util.find_spec(module)
        tree = ast.parse(Path(spec.origin).read_text())
    except (ImportError, ValueError, AttributeError, TypeError, OSError, SyntaxError):
        return None
    classes = {node.name: node for node in tree.body if isinstance(node, ast.ClassDef)}
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name == attr:
            return _class_facts(node, classes)
        if isinstance(node, ast.Assign) and attr in [t.id for t in node.targets
                                                     if isinstance(t, ast.Name)]:
            return _by_modality_facts(node.value)
    return None


def _class_facts(node: ast.ClassDef, classes: dict[str, ast.ClassDef]
                 ) -> tuple[tuple[str, ...], str] | None:
    description = (ast.get_docstring(node) or "").split("\n\n")[0].replace("\n", " ")
    for statement in node.body:
        if isinstance(statement, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "modalities" for t in statement.targets):
            try:
                return tuple(ast.literal_eval(statement.value)), description
            except ValueError:
                return None
    bases = [b.id if isinstance(b, ast.Name) else getattr(b, "attr", None) for b in node.bases]
    if len(bases) == 1 and bases[0] in classes and bases[0] != node.name:  # a base of this module
        inherited = _class_facts(classes[bases[0]], classes)
        return None if inherited is None else (inherited[0], description)
    # no `modalities` of its own: Generator's default, unless another base might set one
    return (("tabular",), description) if bases == ["Generator"] else None


def _by_modality_facts(value: ast.expr) -> tuple[tuple[str, ...], str] | None:
    if not (isinstance(value, ast.Call) and getattr(value.func, "id", None) == "ByModality"):
        return None
    targets = {kw.arg: kw.value.value for kw in value.keywords
               if isinstance(kw.value, ast.Constant) and isinstance(kw.value.value, str)}
    modalities, lines = [], []
    for modality in MODALITY_NAMES:
        if modality in targets:
            facts = read_statically(targets[modality])
            if facts is None:
                return None
            modalities.append(modality)
            lines.append(f"{modality}: {facts[1]}")
    return tuple(modalities), "\n".join(lines)


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
