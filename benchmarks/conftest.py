"""Performance targets, measured with pytest-benchmark: `python -m pytest benchmarks`.

Not part of the default test command (they take minutes); each test asserts its target on the
measured time, so a regression fails here rather than in a timed unit test.
"""
import pytest

from tscbench.data import prepare
from tscbench.data.sources import BUILTIN


@pytest.fixture(scope="session")
def magic():
    """MAGIC as the default benchmark splits it (13,314 train rows)."""
    return prepare(BUILTIN["magic"].load(), test_size=0.3, split_seed=0)


@pytest.fixture(scope="session")
def adult():
    """Adult as the default benchmark reads it (32,561 train rows, categories and gaps)."""
    return prepare(BUILTIN["adult"].load(), test_size=0.3, split_seed=0)
