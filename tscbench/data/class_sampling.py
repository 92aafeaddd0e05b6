"""Helpers for generator authors: how many samples of each class to draw."""
from __future__ import annotations

from collections.abc import Callable

import numpy as np

CLASS_SAMPLING = ("balanced", "prior")


def check_class_sampling(mode: str) -> None:
    """A ValueError naming `mode` unless it is one of CLASS_SAMPLING (for validate_params)."""
    if mode not in CLASS_SAMPLING:
        raise ValueError(f"class_sampling={mode!r}; use one of {CLASS_SAMPLING}")


def sample_by_class(n: int, y_train: np.ndarray, n_classes: int, mode: str,
                    draw: Callable[[int, int], np.ndarray], rng: np.random.Generator
                    ) -> np.ndarray:
    """n rows of a class-conditional model: `draw(c, count)` gives `count` rows of class c
    (called in class order, for classes with a count), and the rows are shuffled with `rng`."""
    counts = class_counts(n, y_train, n_classes, mode)
    out = np.concatenate([draw(c, count) for c, count in enumerate(counts) if count])
    return out[rng.permutation(len(out))]


def class_counts(n: int, y_train: np.ndarray, n_classes: int, mode: str) -> np.ndarray:
    """Per-class sample counts that add up to n.

    "balanced": equal counts per class (the GAN-TSC authors' choice); "prior": proportional to
    the train class frequencies. Remainders go to the first classes, so counts are deterministic.
    """
    check_class_sampling(mode)
    if mode == "balanced":
        weights = np.ones(n_classes)
    else:
        weights = np.bincount(y_train, minlength=n_classes).astype(float)
    exact = n * weights / weights.sum()
    counts = np.floor(exact).astype(int)
    order = np.argsort(-(exact - counts), kind="stable")
    counts[order[: n - counts.sum()]] += 1
    return counts


def class_labels(n: int, y_train: np.ndarray, n_classes: int, mode: str,
                 rng: np.random.Generator) -> np.ndarray:
    """n class labels with `class_counts`, in a random order."""
    counts = class_counts(n, y_train, n_classes, mode)
    return rng.permutation(np.repeat(np.arange(n_classes), counts))
