"""The dask executor on a real LocalCluster (loopback only): the same results as local."""
import json

import pytest
from cli_runner import tscbench

distributed = pytest.importorskip("distributed")


@pytest.fixture
def cluster():
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as local:
        yield local.scheduler_address


def metrics(folder):
    out = {}
    for path in sorted(folder.glob("*.json")):
        result = json.loads(path.read_text())
        out[path.name] = {k: v for k, v in result.items() if k != "runtime"}
    return out


def test_dask_gives_byte_identical_metrics_to_local(tiny_config, tmp_path, cluster):
    args = ["run", "--config", str(tiny_config), "--generator=real", "--generator=noise",
            "--task", "tiny", "--seeds", "0,1", "--threads", "1"]
    local = tscbench(*args, "--out", str(tmp_path / "local"))
    assert local.returncode == 0, local.stderr
    dask = tscbench(*args, "--executor", "dask", "--scheduler", cluster,
                    "--out", str(tmp_path / "dask"))
    assert dask.returncode == 0, dask.stderr
    assert metrics(tmp_path / "local") == metrics(tmp_path / "dask")
    assert len(metrics(tmp_path / "dask")) == 4


def test_dask_without_scheduler_is_a_clear_error(tiny_config, tmp_path):
    proc = tscbench("run", "--config", str(tiny_config), "--generator=real", "--executor", "dask")
    assert proc.returncode == 2
    assert "--executor dask needs --scheduler" in proc.stderr


def test_evaluate_runs_on_a_dask_cluster_like_the_cli(tiny_config, cluster):
    import dataclasses

    import tscbench

    def strip(results):
        return [dataclasses.replace(r, runtime={}) for r in results]

    local = tscbench.evaluate("noise", task="tiny", seeds=[0], config=tiny_config, threads=1,
                              progress=False)
    dask = tscbench.evaluate("noise", task="tiny", seeds=[0], config=tiny_config, threads=1,
                             executor="dask", scheduler=cluster, progress=False)
    assert strip(dask) == strip(local)
