"""Every Python block in the README and the guides runs as written: each is saved as a script and
run in a fresh interpreter, with `evaluate()` held to a smoke run (quick mode, seed 0, a
registered generator's smoke_params). Blocks that call evaluate() still take about 40 s, so they
run with `-m slow`. A block that imports a package tscbench does not install (dask-jobqueue for
Slurm) is skipped, naming it."""
import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", ROOT / "docs" / "writing-a-generator.md"]
BLOCK = re.compile(r"^( *)```python\n(.*?)^\1```", re.S | re.M)

# Runs the block as __main__ with evaluate() held to a smoke run; guarded, since worker processes
# import the main module again.
SMOKE = '''
import runpy, sys
import tscbench
from tscbench.generator import GENERATORS, served_modalities, resolve_generator

real = tscbench.evaluate

def smoke(generator, *args, **kwargs):
    kwargs.update(quick=True, seeds=[0], progress=False)
    if isinstance(generator, str) and generator in GENERATORS.names():
        cls = resolve_generator(generator, served_modalities(generator)[0])
        kwargs["params"] = {**cls.smoke_params, **kwargs.get("params", {})}
    return real(generator, *args, **kwargs)

if __name__ == "__main__":
    tscbench.evaluate = smoke
    runpy.run_path(sys.argv[1], run_name="__main__")
'''


def blocks() -> list:
    found = []
    for page in PAGES:
        text = page.read_text()
        for match in BLOCK.finditer(text):
            line = text[:match.start()].count("\n") + 1
            code = "\n".join(row[len(match.group(1)):] for row in match.group(2).splitlines())
            # a block that evaluates runs teachers and students: about 40 s even as a smoke run
            marks = [pytest.mark.slow] if "evaluate(" in code else []
            found.append(pytest.param(code, id=f"{page.name}:{line}", marks=marks))
    return found


def missing_imports(code: str) -> list[str]:
    names = re.findall(r"^\s*(?:from|import) (\w+)", code, re.M)
    return [n for n in names if importlib.util.find_spec(n) is None]


@pytest.mark.parametrize("code", blocks())
def test_the_block_runs_as_written(code, tmp_path):
    missing = missing_imports(code)
    if missing:
        pytest.skip(f"needs {', '.join(missing)}, which tscbench does not install")
    (tmp_path / "block.py").write_text(code)
    (tmp_path / "smoke.py").write_text(SMOKE)
    proc = subprocess.run([sys.executable, "smoke.py", "block.py"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
