"""The suite's own bookkeeping: every test the HEAVY list moves out of the default run exists,
so a renamed test cannot silently drop out of both runs."""
import ast
from pathlib import Path

from conftest import HEAVY

TESTS = Path(__file__).resolve().parent


def test_every_heavy_entry_names_a_test_that_exists():
    for entry, reason in HEAVY.items():
        file, _, name = entry.partition("::")
        name = name.partition("[")[0]  # one case of a parametrised test
        tree = ast.parse((TESTS / file).read_text())
        names = {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}
        assert name in names, f"HEAVY lists {entry}, which does not exist: update tests/conftest.py"
        assert reason, f"{entry}: say why it is heavy"
