"""Image-side performance: batched no-grad inference of the CNN teacher and of the fidelity
extractor (images/s, each beside the naive way in one run), and cached reference statistics.

    python -m pytest benchmarks/test_images.py --benchmark-columns=min,mean,max
"""
import time

import numpy as np
import pytest
import torch

from tscbench.cache import ArtifactCache
from tscbench.config import load_benchmark
from tscbench.data import prepare
from tscbench.data.sources import BUILTIN
from tscbench.fidelity.judge import get_judge, judge_epochs
from tscbench.fidelity.scores import extract, image_fidelity, judge_extractor
from tscbench.protocol.teachers import get_teacher
from tscbench.threads import limit_threads

THREADS = 2
NAIVE_IMAGES = 512  # the naive ways are slow: time them on a slice


@pytest.fixture(scope="module")
def mnist5k():
    return prepare(BUILTIN["mnist5k"].load(), test_size=0.3, split_seed=0)


@pytest.fixture(scope="module")
def task():
    from pathlib import Path

    return load_benchmark(Path(__file__).resolve().parents[1] / "benchmark.toml").task("mnist5k")


@pytest.fixture(scope="module")
def teacher(task, mnist5k):
    with limit_threads(THREADS):
        return get_teacher(task.teacher, mnist5k, 0, metric="accuracy", threads=THREADS,
                           cache=ArtifactCache())


@pytest.fixture(scope="module")
def judge(task, mnist5k):
    with limit_threads(THREADS):
        return get_judge(mnist5k, judge_epochs(task.teacher), ArtifactCache())


@pytest.fixture(scope="module")
def synthetic(mnist5k):
    """As many images as the largest compression set of an mnist5k cell (9x train)."""
    rng = np.random.default_rng(0)
    return mnist5k.X_train[rng.integers(0, len(mnist5k.X_train), 9 * len(mnist5k.X_train))]


def _per_image_with_grad(forward, X) -> float:
    """The naive way: one image at a time, autograd recording. Seconds per image."""
    start = time.perf_counter()
    with limit_threads(THREADS):
        for image in X:
            forward(torch.as_tensor(image[None]))
    return (time.perf_counter() - start) / len(X)


def test_teacher_labelling_images_per_second(benchmark, teacher, synthetic):
    def label():
        with limit_threads(THREADS):
            return teacher.targets(synthetic, THREADS)

    benchmark.pedantic(label, rounds=3, iterations=1)
    batched = len(synthetic) / benchmark.stats["mean"]
    naive = 1 / _per_image_with_grad(teacher.model, synthetic[:NAIVE_IMAGES])
    benchmark.extra_info.update(images=len(synthetic), images_per_s=round(batched),
                                naive_images_per_s=round(naive), speedup=round(batched / naive, 1))
    assert batched > 1.2 * naive  # measured on 2 cores: about 1.5x


def test_judge_feature_extraction_images_per_second(benchmark, judge, mnist5k):
    extractor = judge_extractor(judge.payload)
    X = mnist5k.X_train

    def features():
        with limit_threads(THREADS):
            return extract(extractor, X)

    benchmark.pedantic(features, rounds=3, iterations=1)
    batched = len(X) / benchmark.stats["mean"]
    net = judge_extractor(judge.payload).requires_grad_(True)
    uint8 = np.round(X[:NAIVE_IMAGES] * 255).astype(np.uint8)
    naive = 1 / _per_image_with_grad(net, uint8)
    benchmark.extra_info.update(images=len(X), images_per_s=round(batched),
                                naive_images_per_s=round(naive), speedup=round(batched / naive, 1))
    assert batched > 1.2 * naive  # measured on 2 cores: about 1.5x


def test_cached_reference_statistics(benchmark, judge, mnist5k, tmp_path):
    """FID / KID of one cell: the real test split's features are computed once per judge."""
    cache = ArtifactCache(tmp_path)
    X = mnist5k.X_train

    def cell_fidelity():
        with limit_threads(THREADS):
            return image_fidelity(judge, X, mnist5k.X_test, mnist5k.split_hash, cache)

    start = time.perf_counter()
    cold = cell_fidelity()
    cold_seconds = time.perf_counter() - start
    warm = benchmark.pedantic(cell_fidelity, rounds=3, iterations=1)
    benchmark.extra_info.update(cold_s=round(cold_seconds, 3),
                                warm_s=round(benchmark.stats["mean"], 3))
    assert warm == cold
    assert benchmark.stats["mean"] < cold_seconds
