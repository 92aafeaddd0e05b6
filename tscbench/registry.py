"""One small generic registry: names -> lazily imported objects.

Entries come from a Python entry-point group (the built-in generators are advertised in
tscbench's own pyproject.toml exactly as a third-party package advertises its own), from
`register()` calls, and from `path/to/file.py:ClassName` references to unpackaged code.
Nothing is imported until a name is used, so one broken plugin cannot break the others.
"""
from __future__ import annotations

import importlib
import importlib.util
import sys
from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

from tscbench.errors import TscbenchError, UnknownNameError
from tscbench.hashing import sha256_bytes
from tscbench.names import unknown_name_message


@dataclass(frozen=True)
class Entry:
    name: str
    target: str  # "module:attr", or "path/file.py:attr"
    source: str  # the distribution that advertises it, "file" or "registered"


class PluginLoadError(TscbenchError):
    """A registered entry exists but its code failed to import."""


class Registry:
    def __init__(self, group: str, kind: str):
        self.group, self.kind = group, kind
        self._registered: dict[str, Entry] = {}
        self._loaded: dict[str, Any] = {}

    def entries(self) -> dict[str, Entry]:
        found = {ep.name: Entry(ep.name, ep.value, ep.dist.name if ep.dist else "unknown")
                 for ep in entry_points(group=self.group)}
        return {**found, **self._registered}

    def names(self) -> list[str]:
        return sorted(self.entries())

    def register(self, name: str, target: str | Any) -> None:
        """Add an entry at run time: a "module:attr" string or the object itself."""
        if isinstance(target, str):
            self._registered[name] = Entry(name, target, "registered")
            self._loaded.pop(name, None)
        else:
            label = getattr(target, "__qualname__", type(target).__qualname__)
            self._registered[name] = Entry(name, f"{target.__module__}:{label}", "registered")
            self._loaded[name] = target

    def unregister(self, name: str) -> None:
        self._registered.pop(name, None)
        self._loaded.pop(name, None)

    def entry(self, name: str) -> Entry:
        if is_file_reference(name):
            return Entry(name, name, "file")
        entries = self.entries()
        if name not in entries:
            raise UnknownNameError(unknown_name_message(
                self.kind, name, entries,
                fix=f"Install a package that advertises it in the '{self.group}' entry-point "
                    f"group, or pass path/to/file.py:ClassName."))
        return entries[name]

    def load(self, name: str) -> Any:
        if name not in self._loaded:
            entry = self.entry(name)
            try:
                self._loaded[name] = load_target(entry.target)
            except UnknownNameError:
                raise
            except (Exception, SystemExit) as exc:  # a plugin that calls sys.exit() on import
                raise PluginLoadError(f"{self.kind} {name!r} ({entry.target}, from "
                                      f"{entry.source}) failed to import: "
                                      f"{type(exc).__name__}: {exc}; fix or reinstall "
                                      f"{entry.source}") from exc
        return self._loaded[name]


def is_file_reference(name: str) -> bool:
    return ".py:" in name


def load_target(target: str) -> Any:
    module_name, _, attr = target.partition(":")
    if module_name.endswith(".py"):
        module = _import_file(Path(module_name))
    else:
        module = importlib.import_module(module_name)
    obj = module
    for part in attr.split(".") if attr else []:
        if not hasattr(obj, part):
            raise UnknownNameError(unknown_name_message(
                f"attribute of {module_name}", part,
                [a for a in dir(obj) if not a.startswith("_")]))
        obj = getattr(obj, part)
    return obj


def _import_file(path: Path):
    if not path.is_file():
        raise UnknownNameError(f"Generator file {str(path)!r} does not exist; "
                               f"pass path/to/file.py:ClassName with a real path")
    # The module name carries the content hash: two different files never share a module.
    name = f"tscbench_file_{path.stem}_{sha256_bytes(path.read_bytes())[:12]}"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise
    return module
