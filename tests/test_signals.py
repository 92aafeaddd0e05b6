"""A run stopped by Ctrl-C (SIGINT) or by a service manager (SIGTERM) stops cleanly: one line,
the finished cells kept, the workers and their children gone, and the same command resumes.
Two runs writing one --out at once lose or tear no cell. Real processes, real signals."""
import json
import signal
import subprocess
import time
from pathlib import Path

import pytest
from cli_runner import TSCBENCH, cli_env
from cli_runner import tscbench as run_cli

# A generator whose fit starts a child process and waits on it while a flag file exists: the
# signal arrives while a worker and its child are busy; without the flag it fits at once.
HANGS = '''
import os
import subprocess
from pathlib import Path

from tscbench import Generator


class HangsWhileFlagged(Generator):
    def fit(self, train, *, seed):
        self.X_ = train.X
        flag = Path(os.environ["HANG_FLAG"])
        if flag.exists():
            child = subprocess.Popen(["sleep", "300"])
            flag.with_suffix(".pid").write_text(str(child.pid))
            child.wait()
        return self

    def sample(self, n, *, seed):
        return self.X_[:n] if n <= len(self.X_) else self.X_[[i % len(self.X_) for i in range(n)]]
'''


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


@pytest.mark.parametrize(("sig", "code", "word"), [(signal.SIGINT, 130, "interrupted"),
                                                    (signal.SIGTERM, 143, "terminated")])
def test_a_signal_stops_the_run_cleanly_and_the_same_command_resumes(sig, code, word, tiny_config,
                                                                     tmp_path):
    (tmp_path / "hangs.py").write_text(HANGS)
    flag = tmp_path / "hang.flag"
    flag.write_text("")
    env = {**cli_env(), "HANG_FLAG": str(flag), "TSCBENCH_THREADS": "1"}
    out = tmp_path / "runs"
    args = ["run", "--config", str(tiny_config), "--generator=real",
            f"--generator={tmp_path / 'hangs.py'}:HangsWhileFlagged", "--task", "tiny",
            "--seeds", "0", "--jobs", "2", "--out", str(out)]
    # a shell's background job (`cmd &`, as CI runners and nohup may start the suite) inherits
    # SIGINT ignored, and Python then keeps ignoring it: give the run the default a user's
    # terminal gives it, so this tests tscbench and not how the suite was launched
    proc = subprocess.Popen([*TSCBENCH, *args], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 300
    pid_file = flag.with_suffix(".pid")
    while (not pid_file.exists() or not list(out.glob("real__*.json"))) \
            and time.monotonic() < deadline:
        time.sleep(0.1)
    assert pid_file.exists(), "the hanging generator never started"
    child = int(pid_file.read_text())
    proc.send_signal(sig)
    stderr = proc.communicate(timeout=60)[1]

    assert proc.returncode == code, stderr
    assert stderr.strip().splitlines()[-1].startswith(f"{word}: finished cells are saved")
    assert "Traceback" not in stderr
    (finished,) = out.glob("real__*.json")
    assert json.loads(finished.read_text())["status"] == "ok"
    assert not list(out.glob("*Hangs*.json"))  # the stopped cell is not a result
    assert not [p for p in out.iterdir() if not p.name.endswith(".json")], "temp files left"
    deadline = time.monotonic() + 10
    while _running(child) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _running(child), "the generator's child outlived the run"

    flag.unlink()
    resumed = run_cli(*args, env=env)
    assert resumed.returncode == 0, resumed.stderr
    assert "resuming: 1 of 2" in resumed.stderr
    assert len(list(out.glob("*.json"))) == 2


def test_two_runs_writing_one_out_folder_at_once_lose_and_tear_nothing(tiny_config, tmp_path):
    out = tmp_path / "runs"
    args = ["run", "--config", str(tiny_config), "--generator=real", "--generator=noise",
            "--generator=bootstrap", "--task", "tiny", "--seeds", "0,1", "--out", str(out)]
    env = {**cli_env(), "TSCBENCH_THREADS": "1"}
    procs = [subprocess.Popen([*TSCBENCH, *args], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    errors = [p.communicate(timeout=600)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], errors
    files = sorted(out.iterdir())
    assert len(files) == 6, [f.name for f in files]  # 3 generators x 2 seeds, once each
    for path in files:
        assert path.suffix == ".json", f"{path.name} left behind"
        assert json.loads(path.read_text())["status"] == "ok"
    again = run_cli(*args, env=env)
    assert again.returncode == 0
    assert "resuming: 6 of 6" in again.stderr
    assert sorted(out.iterdir()) == files
