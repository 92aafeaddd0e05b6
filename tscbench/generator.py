"""The Generator contract: the only thing a plugin implements.

Learned from scikit-learn's estimators:

* hyperparameters are explicit keyword arguments of ``__init__`` with defaults, and ``__init__``
  only stores them (under the same names) -- every result records them;
* ``fit(train, *, seed)`` learns from the real train split (inputs and labels) and returns self;
* ``sample(n, *, seed)`` returns ``n`` synthetic inputs shaped like ``train.X``; the same seed
  gives the same samples. The harness labels them with the teacher and checks them (shape, dtype,
  finite values, range, count) before anything expensive runs.

A generator declares the modalities it supports. One registered name may serve several modalities
through separate classes: register a :class:`ByModality` instead of a class.
"""
from __future__ import annotations

import inspect
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from tscbench.data.model import TrainData
from tscbench.errors import ConfigError
from tscbench.names import unknown_name_message
from tscbench.registry import Registry, load_target
from tscbench.specs import MODALITY_NAMES

GENERATORS = Registry("tscbench.generators", "generator")


class Generator:
    modalities: ClassVar[tuple[str, ...]] = ("tabular",)
    #: Bump when a change alters the samples for the same parameters and seed.
    version: ClassVar[str] = "1"
    #: Hyperparameters that make fit() fast (e.g. few training steps) for contract checks in
    #: tests and `tscbench validate`; never used for a scored run.
    smoke_params: ClassVar[dict[str, Any]] = {}
    #: Tag: False for generators whose samples do not depend on the sampling seed (fixed rows in
    #: order, like `real`); the contract then skips its "seeds vary the samples" check.
    seeded_samples: ClassVar[bool] = True

    def fit(self, train: TrainData, *, seed: int) -> Generator:
        raise NotImplementedError

    def validate_params(self) -> None:
        """Raise ValueError naming a bad hyperparameter value. Called when a run is planned, so
        a bad --param fails in a second, before any training; call it in fit() too."""

    def sample(self, n: int, *, seed: int) -> np.ndarray:
        raise NotImplementedError

    @classmethod
    def param_defaults(cls) -> dict[str, Any]:
        """The constructor's keyword parameters and their defaults."""
        signature = inspect.signature(cls.__init__)
        return {name: p.default for name, p in signature.parameters.items()
                if name != "self" and p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)}

    def get_params(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.param_defaults()}

    @classmethod
    def describe(cls) -> str:
        return (inspect.getdoc(cls) or "").split("\n\n")[0].replace("\n", " ")


@dataclass(frozen=True)
class ByModality:
    """One generator name served by a different class per modality ("module:attr" strings)."""

    tabular: str | None = None
    image: str | None = None

    def for_modality(self, modality: str):
        target = getattr(self, modality, None)
        return load_target(target) if target else None

    @property
    def modalities(self) -> tuple[str, ...]:
        return tuple(m for m in MODALITY_NAMES if getattr(self, m))


def served_modalities(name: str) -> tuple[str, ...]:
    """The modalities a registered generator (or path/file.py:Class) serves."""
    obj = GENERATORS.load(name)
    return obj.modalities if isinstance(obj, ByModality) else tuple(getattr(obj, "modalities", ()))


def resolve_generator(name: str, modality: str) -> type[Generator]:
    """The generator class registered as `name` for one modality, or a one-line error."""
    obj = GENERATORS.load(name)
    cls = obj.for_modality(modality) if isinstance(obj, ByModality) else obj
    if cls is None:
        raise ConfigError(f"generator {name!r} does not support {modality} tasks "
                          f"(it supports: {', '.join(obj.modalities)}); pick another task")
    return check_generator_class(name, cls, modality)


def check_generator_class(name: str, cls: Any, modality: str) -> type[Generator]:
    """`cls` if it is a Generator subclass serving `modality`, else a one-line error."""
    if not (isinstance(cls, type) and issubclass(cls, Generator)):
        raise ConfigError(f"generator {name!r} resolves to {cls!r}, which is not a subclass of "
                          f"tscbench.Generator; subclass it and implement fit() and sample()")
    unknown = [m for m in cls.modalities if m not in MODALITY_NAMES]
    if unknown:
        raise ConfigError(f"generator {name!r} declares modalities = {tuple(cls.modalities)!r}: "
                          f"{', '.join(map(repr, unknown))} is not one of {MODALITY_NAMES}; fix "
                          f"the class attribute")
    if modality not in cls.modalities:
        raise ConfigError(f"generator {name!r} does not support {modality} tasks (it supports: "
                          f"{', '.join(cls.modalities)}); pick another task")
    return cls


def check_params(name: str, cls: type[Generator], params: Mapping[str, Any]) -> dict[str, Any]:
    """Validate parameters against the constructor and coerce CLI strings to the default's type."""
    defaults = cls.param_defaults()
    checked = {}
    for key, value in params.items():
        if key not in defaults:
            raise ConfigError(f"generator {name!r}: " + unknown_name_message(
                "parameter", key, defaults, fix="Fix the --param or [generators] key."))
        checked[key] = _coerce(name, key, value, defaults[key])
    return checked


def _coerce(name: str, key: str, value: Any, default: Any) -> Any:
    kind = type(default) if default is not None and default is not inspect.Parameter.empty \
        else None
    if isinstance(value, str) and kind is not str:
        value = _parse_literal(value, kind)
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if isinstance(value, float) and not math.isfinite(value):
        raise ConfigError(f"generator {name!r}: parameter {key}={value!r} is not a finite number")
    if (kind is not None and not isinstance(value, kind)) or (kind is int and isinstance(value, bool)):
        raise ConfigError(f"generator {name!r}: parameter {key}={value!r} should be "
                          f"{kind.__name__} like its default {default!r}")
    return value


def _parse_literal(text: str, kind: type | None) -> Any:
    lowered = text.strip().lower()
    if kind is bool or (kind is None and lowered in ("true", "false")):
        return {"true": True, "false": False, "1": True, "0": False}.get(lowered, text)
    for parse in (int, float):
        try:
            return parse(text)
        except ValueError:
            continue
    return None if lowered in ("none", "null") and kind is None else text
