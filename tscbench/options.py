"""Parsing what users type (CLI options, Python arguments, environment variables): seeds,
generator parameters, job and thread counts, memory and time limits. Every bad value is one
line naming it and the fix."""
from __future__ import annotations

import math
import os
import re
from collections.abc import Sequence

from tscbench.errors import ConfigError

MAX_SEED = 2**31  # seeds name files and seed numpy / torch generators
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([KMGT]?)i?B?\s*$", re.IGNORECASE)


def parse_seeds(text: str) -> list[int]:
    """"0,1,2" -> [0, 1, 2] (duplicates dropped, order kept)."""
    try:
        seeds = [int(s) for s in text.split(",") if s.strip()]
    except ValueError:
        seeds = []
    if not seeds or any(not 0 <= s < MAX_SEED for s in seeds):
        raise ConfigError(f"--seeds {text!r} is not a comma-separated list of whole numbers from "
                          f"0 to {MAX_SEED - 1}; write e.g. --seeds 0,1,2")
    return list(dict.fromkeys(seeds))


def parse_budgets(value: str | Sequence[float]) -> tuple[float, ...]:
    """"0.1,0.3" or [0.1, 0.3] -> (0.1, 0.3): synthetic budgets below 1x, as shares of train."""
    from tscbench.specs import budget_problem

    fix = "write e.g. --budgets 0.1,0.3 (budgets=[0.1, 0.3] in Python)"
    parts = value.split(",") if isinstance(value, str) else value
    if not isinstance(parts, (list, tuple)) or not parts:
        raise ConfigError(f"--budgets {value!r} is not a list of budgets; {fix}")
    try:
        budgets = tuple(sorted(float(p) for p in parts if not isinstance(p, bool)))
    except (TypeError, ValueError):
        budgets = ()
    if len(budgets) != len(parts) or not all(math.isfinite(b) for b in budgets):
        raise ConfigError(f"--budgets {value!r} is not a list of numbers; {fix}")
    if (problem := budget_problem(budgets)) is not None:
        raise ConfigError(f"--budgets {value!r}: {problem}")
    return budgets


def parse_param_options(options: Sequence[str]) -> dict[str | None, dict[str, str]]:
    """--param key=value (every selected generator) or --param NAME.key=value (one of them)."""
    scoped: dict[str | None, dict[str, str]] = {}
    for option in options:
        key, sep, value = option.partition("=")
        if not sep or not key.strip():
            raise ConfigError(f"--param {option!r} is not key=value; write e.g. --param epochs=50")
        name, dot, key = key.strip().rpartition(".")
        scoped.setdefault(name if dot else None, {})[key] = value
    return scoped


def parse_count(value: str | int, *, source: str = "--threads") -> int:
    """A positive whole number of threads or jobs."""
    try:
        count = int(value)
    except ValueError:
        count = 0
    if count < 1:
        raise ConfigError(f"{source}={value!r} is not a positive whole number; "
                          f"use e.g. {source}={available_cores()}")
    return count


def parse_memory(text: str) -> int:
    """"8G" -> bytes; at least 1 GiB."""
    match = _SIZE.match(text)
    if not match:
        raise ConfigError(f"--max-memory {text!r} is not a size; write e.g. --max-memory 8G")
    number, unit = float(match.group(1)), match.group(2).upper()
    size = int(number * 1024 ** " KMGT".index(unit or " "))
    if size < 2**30:
        raise ConfigError(f"--max-memory {text!r} is below 1G; torch and scikit-learn alone "
                          f"need about that much address space")
    return size


def parse_timeout(value) -> float | None:
    """Seconds per cell, or None for no limit."""
    if value is None:
        return None
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1
    if not math.isfinite(seconds) or seconds <= 0:
        raise ConfigError(f"--timeout {value!r} is not a positive number of seconds; write e.g. "
                          f"--timeout 3600")
    return seconds


DEVICES = ("auto", "cpu", "cuda")


def parse_device(text: str) -> str:
    """"auto" (a CUDA GPU when torch sees one, else the CPU), "cpu", "cuda" or "cuda:N"."""
    kind = text.split(":", 1)[0]
    if kind not in DEVICES or (":" in text and (kind != "cuda" or not text[5:].isdigit())):
        raise ConfigError(f"--device {text!r} is not one of auto, cpu, cuda, cuda:N; write e.g. "
                          f"--device auto")
    if kind == "cpu":
        return "cpu"
    import torch

    if not torch.cuda.is_available():
        if kind == "auto":
            return "cpu"
        raise ConfigError(f"--device {text}: torch sees no CUDA GPU (torch.cuda.is_available() "
                          f"is False; torch {torch.__version__}); use --device cpu or auto")
    return "cuda" if kind == "auto" else text


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
