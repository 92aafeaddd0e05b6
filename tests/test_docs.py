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


TOML_BLOCK = re.compile(r"^```toml\n(.*?)^```", re.S | re.M)


def test_the_readme_benchmark_file_for_your_own_data_is_valid(tmp_path):
    """The README's own-data snippet is a whole benchmark file: with its two data files in
    place, it loads."""
    import numpy as np
    import pandas as pd

    from tscbench.config import load_benchmark

    text = next(block for block in TOML_BLOCK.findall((ROOT / "README.md").read_text())
                if "[tasks.mydata]" in block)
    (tmp_path / "data").mkdir()
    rng = np.random.default_rng(0)
    np.savez(tmp_path / "data" / "mine.npz", X_train=rng.normal(size=(60, 3)),
             y_train=np.arange(60) % 2, X_test=rng.normal(size=(30, 3)), y_test=np.arange(30) % 2)
    pd.DataFrame({"x": rng.normal(size=80), "class": ["a", "b"] * 40}).to_csv(
        tmp_path / "data" / "mine.csv", index=False)
    (tmp_path / "benchmark.toml").write_text(text)
    bench = load_benchmark(tmp_path / "benchmark.toml")
    assert set(bench.tasks) == {"mydata", "mytable"}


def test_the_minimal_file_of_the_benchmark_file_page_and_tscbench_init_load(tmp_path):
    from cli_runner import tscbench

    from tscbench.config import load_benchmark

    minimal = TOML_BLOCK.findall((ROOT / "docs" / "benchmark-file.md").read_text())[0]
    (tmp_path / "minimal.toml").write_text(minimal)
    assert list(load_benchmark(tmp_path / "minimal.toml").tasks) == ["mydata"]
    made = tscbench("init", tmp_path / "mine.toml")
    assert made.returncode == 0, made.stderr
    assert list(load_benchmark(tmp_path / "mine.toml").tasks) == ["mydata"]
    again = tscbench("init", tmp_path / "mine.toml")
    assert again.returncode == 2
    assert "never overwrites" in again.stderr
    assert len(again.stderr.strip().splitlines()) == 1


SHELL_BLOCK = re.compile(r"^( *)```bash\n(.*?)^\1```", re.S | re.M)
#: README blocks no test can run here (a block is skipped whole: its later commands need what
#: these set up), and why
NOT_HERE = {"download": "needs a network", "dask": "needs a dask cluster",
            "pip install": "installs packages", "pytest": "is this test suite"}


#: The reader's my_gen.py of docs/writing-a-generator.md: the guide's skeleton class with its
#: `...` bodies filled in (train rows resampled, numbers jittered by `noise`)
MY_GEN = '''
import numpy as np
from tscbench import Generator


class MyGenerator(Generator):
    """Train rows resampled with their numbers jittered: the guide's skeleton, filled in."""

    modalities = ("tabular",)
    version = "1"
    smoke_params = {"steps": 50}

    def __init__(self, steps: int = 1000, noise: float = 0.1):
        self.steps = steps
        self.noise = noise

    def fit(self, train, *, seed):
        self.train_ = train
        return self

    def sample(self, n, *, seed):
        rng = np.random.default_rng(seed)
        X = self.train_.X[rng.integers(len(self.train_.X), size=n)].copy()
        schema = self.train_.schema
        numeric = np.ones(X.shape[1], bool) if schema is None else ~schema.categorical
        X[:, numeric] += rng.normal(0, self.noise, (n, int(numeric.sum())))
        return self.train_.finish(X)
'''


def page_commands(page: Path) -> list:
    """Every `tscbench` command of a page's shell blocks, in order, with its line."""
    text = page.read_text()
    found = []
    for match in SHELL_BLOCK.finditer(text):
        first = text[:match.start()].count("\n") + 2
        block = match.group(2)
        if any(word in block for word in NOT_HERE):  # its commands need what the block sets up
            continue
        for offset, line in enumerate(block.splitlines()):
            command = line.split("#")[0].strip()
            if command.startswith("tscbench "):
                # these train teachers and students: a minute or more each, even quick
                slow = command.startswith(("tscbench run", "tscbench score", "tscbench verify"))
                found.append(pytest.param(command, id=f"{page.name}:{first + offset}",
                                          marks=[pytest.mark.slow] if slow else []))
    return found


def readme_commands() -> list:
    return (page_commands(ROOT / "README.md") + page_commands(GUIDE)
            + page_commands(ROOT / "docs" / "submitting.md"))


GUIDE = ROOT / "docs" / "writing-a-generator.md"


def test_every_readme_command_is_collected():
    commands = [p.values[0] for p in readme_commands()]
    assert any(c.startswith("tscbench run --generator=bootstrap") for c in commands)  # the main one
    assert any(c.startswith("tscbench leaderboard") for c in commands)
    guide = [p.values[0] for p in page_commands(GUIDE)]
    assert any(c.startswith("tscbench validate --generator=my_gen.py") for c in guide)
    assert any(c.startswith("tscbench run --generator=my_gen.py") for c in guide)


def smoke_params(args: list[str]) -> list[str]:
    """--param NAME.KEY=VALUE for the smoke_params of every registered generator selected."""
    from tscbench.generator import resolve_generator, served_modalities

    names = [a.split("=", 1)[1] for a in args if a.startswith("--generator=")
             and ".py:" not in a]  # the reader's own file: its smoke_params are its concern
    out = []
    for name in names:
        cls = resolve_generator(name, served_modalities(name)[0])
        out += [f"--param={name}.{key}={value}" for key, value in cls.smoke_params.items()]
    return out


@pytest.mark.parametrize("command", readme_commands())
def test_the_readme_command_runs_as_written(command, tmp_path):
    """In a folder holding what the README assumes (the board's results and operating points, a
    runs folder of your own, samples.npz, runs to export). `tscbench run` commands run as smoke
    runs (quick mode, seed 0, each generator's smoke_params: the full runs take minutes to hours,
    and the README gives their times); they and `score` (magic's full teachers) run under
    `-m slow`."""
    import shlex

    import numpy as np
    from cli_runner import tscbench

    import tscbench as api

    (tmp_path / "my-runs").mkdir()
    (tmp_path / "my_gen.py").write_text(MY_GEN)
    (tmp_path / "leaderboards").mkdir()
    (tmp_path / "leaderboards" / "results").symlink_to(ROOT / "leaderboards" / "results")
    points = Path("docs", "studies", "validity", "operating-points.json")  # the board's points
    (tmp_path / points).parent.mkdir(parents=True)
    (tmp_path / points).write_bytes((ROOT / points).read_bytes())
    if "samples.npz" in command:
        np.savez(tmp_path / "samples.npz", X=api.load_task("magic").X)
    args = shlex.split(command)[1:]
    if args[0] == "export":  # exports the runs of the main command
        assert tscbench("run", "--generator=noise", "--task", "breast_cancer", "--seeds", "0",
                        "--quick", cwd=tmp_path).returncode == 0
    if args[0] == "run":  # the same command as a smoke run: quick mode, one seed, smoke_params
        args = [a for i, a in enumerate(args) if a != "--seeds" and args[i - 1] != "--seeds"]
        args += ["--quick", "--seeds", "0", *smoke_params(args)]
    proc = tscbench(*args, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
