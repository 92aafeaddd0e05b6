"""A cell: (generator, its parameters, task, seed). A pure function of its spec, named by its hash."""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tscbench.hashing import sha256_json
from tscbench.record import RecordError, value_of
from tscbench.specs import TaskSpec


@dataclass(frozen=True)
class GeneratorRef:
    name: str  # as the user typed it: a registry name or path/file.py:Class
    target: str  # the "module:attr" it resolved to
    version: str
    params: tuple[tuple[str, Any], ...]  # every constructor parameter, defaults included

    @property
    def params_hash(self) -> str:
        """What tells two settings of one generator apart on a board (12 hex digits)."""
        return sha256_json(dict(self.params))[:12]

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "target": self.target, "version": self.version,
                "params": dict(self.params), "params_hash": self.params_hash}

    @classmethod
    def from_dict(cls, doc: Mapping[str, Any]) -> GeneratorRef:
        """The generator a result recorded; its params_hash must be the hash of its params."""
        text = {k: value_of(str, doc.get(k), f"generator.{k}") for k in ("name", "target",
                                                                         "version", "params_hash")}
        params = value_of(dict[str, Any], doc.get("params"), "generator.params")
        ref = cls(text["name"], text["target"], text["version"], tuple(sorted(params.items())))
        if ref.params_hash != text["params_hash"]:
            raise RecordError(f"generator.params_hash {text['params_hash']!r} is not the hash of "
                              f"its params ({ref.params_hash})")
        return ref


@dataclass(frozen=True)
class CellSpec:
    generator: GeneratorRef
    task: TaskSpec
    seed: int
    benchmark_version: str
    quick: bool = False
    # --inception-weights: (path on this machine, SHA-256); only the hash enters the key
    inception: tuple[str, str] | None = None
    device: str = "cpu"  # where networks train and predict; enters the key unless "cpu"

    def to_dict(self) -> dict[str, Any]:
        out = {"generator": self.generator.to_dict(), "task": self.task.to_dict(),
               "seed": self.seed, "benchmark_version": self.benchmark_version,
               "quick": self.quick}
        if self.inception is not None:
            out["inception_weights_sha256"] = self.inception[1]
        if self.device != "cpu":
            out["device"] = self.device
        return out

    @property
    def key(self) -> str:
        return sha256_json(self.to_dict())

    @property
    def filename(self) -> str:
        return result_filename(self.generator.name, self.task.name, self.seed, self.key)


def result_filename(generator: str, task: str, seed: int, key: str) -> str:
    """The result file of a cell; its sample grid is samples/<same stem>.png."""
    name = re.sub(r"[^A-Za-z0-9_.-]+", "-", generator).strip("-.")[:60] or "gen"
    return f"{name}__{task}__seed{seed}__{key[:12]}.json"

