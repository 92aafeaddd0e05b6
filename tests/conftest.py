import os
import sys
import textwrap
from pathlib import Path

import pytest

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"

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


@pytest.fixture(autouse=True)
def isolated_cache(tmp_path_factory, monkeypatch):
    """Every test gets its own cache: nothing leaks between tests or into the user's cache."""
    cache = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("TSCBENCH_CACHE", str(cache))
    monkeypatch.setenv("TSCBENCH_THREADS", "2")
    return cache


@pytest.fixture
def tiny_config(tmp_path) -> Path:
    path = tmp_path / "benchmark.toml"
    path.write_text(TINY_TOML)
    return path


def write_toml(path: Path, text: str) -> Path:
    path.write_text(textwrap.dedent(text))
    return path


def cli_env(extra_path: Path | None = None) -> dict:
    env = dict(os.environ)
    if extra_path is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(extra_path),
                                                          env.get("PYTHONPATH")]))
    env["COLUMNS"] = "160"
    return env


TSCBENCH = [sys.executable, "-m", "tscbench"]
