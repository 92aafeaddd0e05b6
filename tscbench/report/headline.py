"""The headline numbers, each written once: TSC Score, lift, lift over the noise floor.

Every page, table, export and plot asks this module; nothing else divides a synthetic-set score
by a train-set score or subtracts one from another.

- **TSC Score** (Liu, Fusi & Mackey 2018): the student's test score on the `synthetic`
  compression set divided by its score on the real `train` set, so real data scores 1.0. At a
  synthetic budget b below 1x: students on b x train rows of generated inputs over students on
  as many train rows. Over
  seeds: mean(synthetic) / mean(train), with SE(synthetic) / mean(train), as the authors report it.
- **Lift**: `train+synthetic` minus `train` (GAN-TSC's gain), paired by seed.
- **Lift over the floor**: `train+synthetic` minus the noise floor's `train+synthetic` on the same
  task and seed: what a generator adds beyond "more teacher-labelled points".

The floor and the ceiling are identified from what results record (generator name and
parameters), never from installed code: a board is a pure function of its result files.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from tscbench.protocol.result import Result, budget_sets
from tscbench.report.stats import mean_se


@dataclass(frozen=True)
class ReferenceRow:
    """A reference generator at the settings boards read it at, as its results record them."""

    generator: str
    params: Mapping[str, Any]

    def matches(self, generator: str, params: Mapping[str, Any]) -> bool:
        return generator == self.generator and dict(params) == dict(self.params)


#: The noise floor: independent Gaussian per column at its spread (`noise`, scale 1.0).
FLOOR = ReferenceRow("noise", {"scale": 1.0})
#: The ceiling: the train rows themselves (`real`, no parameters).
CEILING = ReferenceRow("real", {})


def is_floor(result: Result) -> bool:
    return FLOOR.matches(result.generator.name, result.generator.params)


def is_ceiling(result: Result) -> bool:
    return CEILING.matches(result.generator.name, result.generator.params)


# ----------------------------------------------------------------------------- one cell
def tsc(result: Result, size: int, budget: float | None = None) -> float:
    """One cell's TSC Score at one student size; at a synthetic `budget` below 1x (one the
    cell's task recorded), the students on that share of generated rows over those on as many
    train rows."""
    if budget is None:
        return result.score("synthetic", size) / result.score("train", size)
    synthetic, train = budget_sets(budget)
    return result.score(synthetic, size) / result.score(train, size)


def lift(result: Result, size: int) -> float:
    """One cell's GAN-TSC lift: train+synthetic minus train."""
    return result.score("train+synthetic", size) - result.score("train", size)


def over_floor(result: Result, floor: Mapping[int, float], size: int) -> float:
    """One cell's train+synthetic score minus the floor's (its train+synthetic scores by size,
    same task and seed)."""
    return result.score("train+synthetic", size) - floor[size]


# ----------------------------------------------------------------------------- over seeds
def tsc_over_seeds(synthetic: Sequence[float], train: Sequence[float]) -> tuple[float, float | None]:
    """mean(synthetic) / mean(train), with SE(synthetic) / mean(train), as the authors report."""
    syn_mean, syn_se = mean_se(synthetic)
    train_mean, _ = mean_se(train)
    if train_mean <= 0:
        raise ValueError(f"the train-set student scored {train_mean}; cannot normalise by it")
    return syn_mean / train_mean, None if syn_se is None else syn_se / train_mean


def lift_over_seeds(augmented: Sequence[float], train: Sequence[float]) -> tuple[float, float | None]:
    """Mean paired difference train+synthetic minus train, and its SE."""
    if len(augmented) != len(train):
        raise ValueError("lift needs one train score per augmented score (paired seeds)")
    return mean_se([a - t for a, t in zip(augmented, train)])
