import textwrap
from pathlib import Path

import pytest

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
ROOT = Path(__file__).resolve().parents[1]

# The published board, as its pages' regenerate command names it (paths from the repo root):
# its results, and the operating points the validity study chose (report/operating_points.py).
BOARD_RESULTS = "leaderboards/results"
BOARD_POINTS = "docs/studies/validity/operating-points.json"


def board_command(out: str = "leaderboards") -> str:
    from tscbench.report.leaderboard import regenerate_command

    return regenerate_command([BOARD_RESULTS], out, Path(BOARD_POINTS))


def board_standings():
    """The published board's standings, at its operating points."""
    from tscbench.execution.result_files import load_results
    from tscbench.report.leaderboard import points_for
    from tscbench.report.standings import standings

    results = load_results([ROOT / BOARD_RESULTS])
    return results, standings(results, points_for(ROOT / BOARD_POINTS, results))

# Small enough to run a cell in about a second on 2 cores, big enough that the protocol's
# differences (noise vs bootstrap vs real) show.
TINY_TOML = """
[benchmark]
version = "test-1"
seeds = [0, 1]

[defaults]
students = [1, 3, 5]
synthetic_ratio = 2
teacher = { kind = "random_forest", n_estimators = 30 }

[tasks.tiny]
dataset = "breast_cancer"

[tasks.magic_small]
dataset = "magic"
max_train_rows = 4000

[tasks.letter_small]
dataset = "letter"
max_train_rows = 1500
teacher = { kind = "lightgbm", n_estimators = 20 }
"""


@pytest.fixture(scope="session")
def session_cache(tmp_path_factory) -> Path:
    """One cache for the whole run: entries are content-addressed (a key is a hash of what went
    into them), so a teacher, judge or train-set student trained by one test is exactly what
    another would train, and is trained once. Never the user's cache."""
    return tmp_path_factory.mktemp("session-cache")


@pytest.fixture(autouse=True)
def shared_cache(session_cache, monkeypatch) -> Path:
    monkeypatch.setenv("TSCBENCH_CACHE", str(session_cache))
    # the cache's MAC key: the session's own, never the user's config folder
    monkeypatch.setenv("TSCBENCH_KEY_FILE", str(session_cache.parent / "cache.key"))
    monkeypatch.setenv("TSCBENCH_THREADS", "2")
    return session_cache


@pytest.fixture
def isolated_cache(tmp_path_factory, monkeypatch) -> Path:
    """A fresh cache of this test's own, for tests that plant, corrupt or count entries (a miss
    on first use, a hit after): nothing they do reaches another test."""
    cache = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("TSCBENCH_CACHE", str(cache))
    return cache


@pytest.fixture
def tiny_config(tmp_path) -> Path:
    path = tmp_path / "benchmark.toml"
    path.write_text(TINY_TOML)
    return path


def run(config, generators, task="tiny", seeds=(0,), *, params=None, quick=False, cache=None,
        out=None, threads=None):
    """Plan and run cells in this process, as `evaluate()` does for classes: `config` is a
    benchmark file or a loaded Benchmark; the cache defaults to $TSCBENCH_CACHE (the session's)."""
    from tscbench.cache import ArtifactCache
    from tscbench.config import load_benchmark
    from tscbench.execution.planning import plan
    from tscbench.execution.resources import Resources
    from tscbench.execution.runner import run_cells
    from tscbench.specs import Benchmark

    bench = config if isinstance(config, Benchmark) else load_benchmark(config)
    cells = plan(bench, generators, [task], list(seeds), params or {}, quick=quick)
    resources = None if threads is None else Resources(1, threads, None, None)
    return run_cells(cells, cache=cache or ArtifactCache(), out=out, resources=resources)


def write_toml(path: Path, text: str) -> Path:
    path.write_text(textwrap.dedent(text))
    return path



# What each test file needs, as a marker: `-m unit` is the quick loop (no cell runs end to
# end), `-m cells` runs cells through the CLI, evaluate() or the runner, `-m board` reads the
# committed board and studies. A new file without an entry here is a unit test.
NEEDS = {
    "cells": {"test_api", "test_cli", "test_dask", "test_docs", "test_hostile", "test_signals",
              "test_image_protocol", "test_leaderboard", "test_paper_claims", "test_protocol",
              "test_robustness", "test_tables", "test_verify", "test_faults", "test_refusals"},
    "board": {"test_agreement", "test_published_leaderboard", "test_readme_figures",
              "test_record", "test_site", "test_site_browser"},
}


# The heaviest end-to-end checks (8 s or more each on 2 cores), kept out of the README's test
# command so that it runs in about 4 minutes, and run by CI as a second step
# (`python -m pytest -m heavy`, about 3.5 minutes). Each is here for a reason a faster test
# cannot take over: real processes, real training or a real cluster.
HEAVY = {
    "test_hostile.py::test_a_lightgbm_teacher_is_the_same_whatever_threads_the_cell_has":
        "trains letter's LightGBM teacher (100 rounds, 26 classes) twice: about 20 s",
    "test_image_protocol.py::test_the_inception_score_is_fooled_by_prototypes_and_the_tsc_score_is_not":
        "trains CNN teachers, judges and students on an image task for 4 generators",
    "test_image_protocol.py::test_cli_image_run_writes_grids_and_shows_fidelity":
        "an image run through the CLI: CNN teacher, judge, IS / FID / KID, sample grids",
    "test_hostile.py::test_timeout_counts_the_generator_only_and_kills_its_children":
        "a real --timeout: a 1000-tree teacher outlasts it, then a worker is killed",
    "test_generator_contract.py::test_class_conditional_generators_follow_the_requested_class_balance":
        "fits every class-conditional generator on three tables",
    "test_protocol.py::test_noise_teaches_clearly_less_than_bootstrap_on_magic":
        "the protocol's central ordering on 4,000 magic rows, three seeds",
    "test_robustness.py::test_template_plugin_installs_with_pip_lists_validates_and_runs":
        "pip-installs the plugin template into a venv and runs it",
    "test_robustness.py::test_killed_run_resumes_to_the_same_results":
        "kills a real run with SIGKILL and resumes it",
    "test_cli.py::test_two_runs_sharing_a_cold_cache_at_once_both_succeed":
        "two real processes race for one cold cache",
    "test_dask.py::test_evaluate_runs_on_a_dask_cluster_like_the_cli":
        "starts a local Dask cluster",
    "test_dask.py::test_dask_gives_byte_identical_metrics_to_local":
        "starts a local Dask cluster and runs the same cells locally",
    "test_robustness.py::test_every_kind_of_failure_gets_its_status_and_the_good_cells_finish":
        "crashes, hangs and kills real worker processes",
    "test_robustness.py::test_validate_reports_each_check_and_fails_bad_generators":
        "starts `tscbench validate` four times: bootstrap on two tasks, three broken generators",
    "test_protocol.py::test_a_cell_is_deterministic_and_the_teacher_is_cached":
        "runs one magic cell twice, from an empty cache and from a warm one",
    "test_signals.py::test_a_signal_stops_the_run_cleanly_and_the_same_command_resumes":
        "signals a real run while a worker and its child process are busy, then resumes it",
    "test_signals.py::test_two_runs_writing_one_out_folder_at_once_lose_and_tear_nothing":
        "two real runs race over the same cells and folder",
    "test_generator_contract.py::test_generator_contract[forest_flow-adult-signatures]":
        "fits forest_flow's 108 one-hot slots of adult, one booster each, several times",
    "test_generator_contract.py::test_generator_contract[forest_flow-adult-fit]":
        "fits forest_flow's 108 one-hot slots of adult and samples from it",
}


def pytest_collection_modifyitems(items):
    for item in items:
        stem = Path(str(item.fspath)).stem
        kind = next((k for k, files in NEEDS.items() if stem in files), "unit")
        item.add_marker(kind)
        file = Path(str(item.fspath)).name
        if f"{file}::{item.originalname}" in HEAVY or f"{file}::{item.name}" in HEAVY:
            item.add_marker("heavy")
