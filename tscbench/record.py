"""One encoder and one checked decoder between the records a cell writes and their JSON.

A record is a frozen dataclass. `encode` writes each field under its own name; `decode` reads it
back by the field's type hint and refuses, naming the field, any value of the wrong kind (a
string where a number belongs, a bool for a count, a list of params), so a results folder that
someone sent can never put a wrong type in front of the pages. Two hooks cover what the rest of
the project already defines: a class with `to_dict()` / `from_dict(doc)` (the specs, whose dict is
also their cache key) is written and read by them, and field metadata `omit` leaves a field out of
the JSON while it holds that value (keys added after results were published stay out of the old
ones, which therefore stay readable).
"""
from __future__ import annotations

import dataclasses
import math
import types
import typing
from collections.abc import Mapping
from typing import Any, Union

_MISSING = object()


def omit_when(value: Any) -> dict[str, Any]:
    """Field metadata: leave the field out of the JSON while it holds `value`."""
    return {"omit": value}


class RecordError(ValueError):
    """A stored value that does not fit its field; the message names the field."""


# ----------------------------------------------------------------------------- encoding
def encode(value: Any) -> Any:
    """A record (or any value inside one) as JSON-ready Python."""
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if dataclasses.is_dataclass(value):
        out = {}
        for f in dataclasses.fields(value):
            item = getattr(value, f.name)
            if "omit" in f.metadata and item == f.metadata["omit"]:
                continue
            out[f.name] = encode(item)
        return out
    if isinstance(value, Mapping):
        return {str(k): encode(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [encode(v) for v in value]
    return value


# ----------------------------------------------------------------------------- decoding
def decode(cls: type, doc: Any, where: str = "") -> Any:
    """An instance of the record class `cls` from its JSON, or RecordError naming the field."""
    if not isinstance(doc, Mapping):
        raise RecordError(f"{where or cls.__name__} is {_kind(doc)}, not an object")
    if hasattr(cls, "from_dict"):
        try:
            return cls.from_dict(doc)
        except RecordError:
            raise
        except (KeyError, TypeError, ValueError) as exc:
            raise RecordError(f"{where or cls.__name__}: {type(exc).__name__}: {exc}") from None
    return decode_fields(cls, doc, where)


def decode_fields(cls: type, doc: Mapping[str, Any], where: str = "",
                  optional: tuple[str, ...] = (), **given: Any) -> Any:
    """`cls` from `doc` field by field, each checked against its type hint; `given` values
    (already decoded by the caller) are taken as they are. A field may be missing only where
    the encoder leaves it out (its `omit` metadata) or the caller says so (`optional`): it then
    takes its default. Any other missing field is an error, never a silent default."""
    hints = typing.get_type_hints(cls)
    values = dict(given)
    for f in dataclasses.fields(cls):
        if not f.init or f.name in given:
            continue
        raw = doc.get(f.name, _MISSING)
        if raw is _MISSING:
            if "omit" not in f.metadata and f.name not in optional:
                raise RecordError(f"{_at(where, f.name)} is missing")
            continue
        values[f.name] = value_of(hints[f.name], raw, _at(where, f.name))
    return cls(**values)


def value_of(hint: Any, raw: Any, where: str) -> Any:
    """`raw` checked (and converted, for containers) against the type hint `hint`."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (Union, types.UnionType):
        if raw is None and type(None) in args:
            return None
        options = [a for a in args if a is not type(None)]
        errors = []
        for option in options:
            try:
                return value_of(option, raw, where)
            except RecordError as exc:
                errors.append(str(exc))
        raise RecordError(errors[0] if len(options) == 1 else
                          f"{where} is {_kind(raw)}, not any of {[_name(o) for o in options]}")
    if hint is Any:
        return raw
    if origin is tuple:
        return tuple(value_of(args[0], item, f"{where}[{i}]")
                     for i, item in enumerate(_listed(raw, where)))
    if origin in (dict, Mapping):
        if not isinstance(raw, Mapping):
            raise RecordError(f"{where} is {_kind(raw)}, not an object")
        return {_key(args[0], k, where): value_of(args[1], v, f"{where}.{k}")
                for k, v in raw.items()}
    if dataclasses.is_dataclass(hint):
        return decode(hint, raw, where)
    return _scalar(hint, raw, where)


def _scalar(hint: type, raw: Any, where: str) -> Any:
    if hint is int:
        if isinstance(raw, int) and not isinstance(raw, bool):
            return raw
        raise RecordError(f"{where} = {raw!r} is not a whole number")
    if hint is float:
        if isinstance(raw, (int, float)) and not isinstance(raw, bool) and math.isfinite(raw):
            return raw
        raise RecordError(f"{where} = {raw!r} is not a finite number")
    if hint is bool:
        if isinstance(raw, bool):
            return raw
        raise RecordError(f"{where} = {raw!r} is not true or false")
    if hint is str:
        if isinstance(raw, str):
            return raw
        raise RecordError(f"{where} = {raw!r} is not a string")
    raise TypeError(f"record fields of type {hint!r} have no decoder")  # a bug, not bad input


def _key(hint: Any, raw: str, where: str) -> Any:
    """JSON object keys are strings: whole-number keys (student sizes) are read back as ints."""
    if hint is int:
        if raw.lstrip("-").isdigit():
            return int(raw)
        raise RecordError(f"{where} has the key {raw!r}, not a whole number")
    return value_of(hint, raw, f"{where} key {raw!r}")


def _listed(raw: Any, where: str) -> list:
    if not isinstance(raw, list):
        raise RecordError(f"{where} is {_kind(raw)}, not a list")
    return raw


def _at(where: str, name: str) -> str:
    return f"{where}.{name}" if where else name


def _kind(raw: Any) -> str:
    return "null" if raw is None else f"a {type(raw).__name__}"


def _name(hint: Any) -> str:
    return getattr(hint, "__name__", str(hint))
