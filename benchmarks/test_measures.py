"""The measures of a synthetic set (IS / FID / KID / precision / recall / detection AUC,
memorisation) against the cell they belong to, on MAGIC at 2 threads.

    python -m pytest benchmarks/test_measures.py --benchmark-columns=min,mean,max

Target (issue "Measures that mean something"): the whole measures phase <= 15% of a tabular
cell's time. The cell is a typical one of a run: teacher and train-set students already cached
(every other cell of its task and seed shares them), imports already paid (workers preload them).
"""
from pathlib import Path

import pytest

from tscbench.cache import ArtifactCache
from tscbench.config import load_benchmark
from tscbench.execution.planning import plan
from tscbench.fidelity.scores import preload_measures
from tscbench.protocol.harness import Harness
from tscbench.protocol.modality import get_modality
from tscbench.threads import limit_threads

THREADS = 2


@pytest.fixture(scope="module")
def warm_harness():
    bench = load_benchmark(Path(__file__).resolve().parents[1] / "benchmark.toml")
    (cell,) = plan(bench, ["noise"], ["magic"], [0], {})
    harness = Harness(ArtifactCache(), THREADS)
    preload_measures()
    assert harness.run(cell.spec, cell.generator_cls).result.ok  # teacher, train students
    return harness, cell


def test_measures_take_at_most_15_percent_of_a_tabular_cell(benchmark, warm_harness):
    harness, cell = warm_harness
    outcome = harness.run(cell.spec, cell.generator_cls)
    timings = outcome.result.runtime["timings"]
    data = harness.data(cell.spec.task)
    X = cell.generator_cls().fit(data.train, seed=0).sample(len(data.y_train), seed=0)
    targets = harness.teacher(cell.spec.task, data, 0).targets(X, THREADS)

    def measures():
        with limit_threads(THREADS):
            return get_modality("tabular").measures(X, targets, data, cache=harness.cache,
                                                    judge=None, inception=None,
                                                    threads=THREADS)

    benchmark.pedantic(measures, rounds=3, iterations=1)
    cell_s = sum(timings.values()) - timings["measures"] + benchmark.stats["mean"]
    share = benchmark.stats["mean"] / cell_s
    benchmark.extra_info.update(cell_s=round(cell_s, 2), measures_s=round(benchmark.stats["mean"], 2),
                                share=round(share, 3), phases={k: round(v, 2) for k, v in timings.items()})
    assert share <= 0.15, f"measures {benchmark.stats['mean']:.2f}s of a {cell_s:.1f}s cell"
