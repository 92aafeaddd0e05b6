"""A cell: (generator, its parameters, task, seed). A pure function of its spec, named by its hash."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from tscbench.config import TaskSpec
from tscbench.hashing import sha256_json


@dataclass(frozen=True)
class GeneratorRef:
    name: str  # as the user typed it: a registry name or path/file.py:Class
    target: str  # the "module:attr" it resolved to
    version: str
    params: tuple[tuple[str, Any], ...]  # every constructor parameter, defaults included

    def to_dict(self) -> dict[str, Any]:
        params = dict(self.params)
        return {"name": self.name, "target": self.target, "version": self.version,
                "params": params, "params_hash": sha256_json(params)[:12]}


@dataclass(frozen=True)
class CellSpec:
    generator: GeneratorRef
    task: TaskSpec
    seed: int
    benchmark_version: str
    quick: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"generator": self.generator.to_dict(), "task": self.task.to_dict(),
                "seed": self.seed, "benchmark_version": self.benchmark_version,
                "quick": self.quick}

    @property
    def key(self) -> str:
        return sha256_json(self.to_dict())

    @property
    def filename(self) -> str:
        name = re.sub(r"[^A-Za-z0-9_.-]+", "-", self.generator.name).strip("-.")[:60] or "gen"
        return f"{name}__{self.task.name}__seed{self.seed}__{self.key[:12]}.json"
