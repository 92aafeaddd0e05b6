"""Whole-run targets through the CLI: --jobs scaling and peak memory of a 10x MAGIC cell."""
import resource
import subprocess
import sys
import time
from pathlib import Path

TOML = """
[benchmark]
version = "bench"
seeds = [0, 1, 2]
[tasks.magic]
dataset = "magic"
synthetic_ratio = {ratio}
max_train_rows = {rows}
teacher = {{ kind = "random_forest", n_estimators = 500 }}
"""


def _run(config: Path, out: Path, *args: str) -> float:
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "tscbench", "run", "--config", str(config),
                           "--out", str(out), *args], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return time.perf_counter() - start


def test_two_jobs_take_at_most_0_65x_of_one(benchmark, tmp_path):
    config = tmp_path / "b.toml"
    config.write_text(TOML.format(ratio=9, rows=6000))
    cells = ["--generator=bootstrap", "--generator=noise", "--seeds", "0,1,2"]  # 6 cells
    _run(config, tmp_path / "warm", "--generator=real", "--seeds", "0,1,2")  # teachers cached
    one = _run(config, tmp_path / "one", *cells, "--jobs", "1", "--threads", "1")
    two = benchmark.pedantic(lambda: _run(config, tmp_path / "two", *cells, "--jobs", "2",
                                          "--threads", "1", "--force"), rounds=1, iterations=1)
    benchmark.extra_info.update(jobs1_s=round(one, 1), jobs2_s=round(two, 1),
                                ratio=round(two / one, 2))
    assert two <= 0.65 * one


def test_a_10x_magic_cell_stays_under_2_gib(benchmark, tmp_path):
    config = tmp_path / "b.toml"
    config.write_text(TOML.format(ratio=10, rows=100000))
    benchmark.pedantic(lambda: _run(config, tmp_path / "mem", "--generator=bootstrap",
                                    "--seeds", "0"), rounds=1, iterations=1)
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # largest child process
    benchmark.extra_info.update(peak_rss_mib=round(peak_kib / 1024))
    assert peak_kib < 2 * 1024 * 1024
