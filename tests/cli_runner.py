"""The `tscbench` command as a test calls it: in this process by default, in a real one on request.

In-process, `cli.main(argv)` runs with its stdout and stderr captured and the environment and
working directory restored afterwards; `run` uses the inline executor unless the test asks for
what only worker processes give (`--jobs`, `--timeout`, `--max-memory`, `--executor`). A fresh
interpreter costs seconds of imports and a fresh worker more again, so only the tests of process
isolation (exit codes of a real process, kill -9, timeouts, installed plugins) pay for one:
`tscbench(..., isolated=True)`.
"""
from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
import traceback

TSCBENCH = [sys.executable, "-m", "tscbench"]
#: options only worker processes honour: with any of them, `run` keeps its default executor
WORKER_OPTIONS = ("--executor", "--jobs", "--timeout", "--max-memory")


def cli_env(extra_path=None) -> dict:
    """The environment of a real `tscbench` process: this one's, wide tables, optional plugins."""
    env = dict(os.environ)
    if extra_path is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(extra_path),
                                                          env.get("PYTHONPATH")]))
    env["COLUMNS"] = "160"
    return env


def tscbench(*args, cwd=None, env=None, plugins=None, isolated=False, timeout=600
             ) -> subprocess.CompletedProcess:
    """Run `tscbench ARGS`; the result reads like a finished subprocess either way. `plugins`:
    a folder of installed distributions (make_plugin) that this run sees, as on PYTHONPATH."""
    args = [str(a) for a in args]
    if isolated:
        return subprocess.run([*TSCBENCH, *args], capture_output=True, text=True, cwd=cwd,
                              env=env or cli_env(plugins), timeout=timeout)
    with _importable(plugins):
        return _in_process(_inline(args), cwd=cwd, env=env)


@contextlib.contextmanager
def _importable(folder):
    """`folder` on sys.path for the block (entry points are read from sys.path at each lookup);
    its modules are forgotten afterwards, so the next test can plant another of the same name."""
    if folder is None:
        yield
        return
    folder = str(folder)
    sys.path.insert(0, folder)
    try:
        yield
    finally:
        sys.path.remove(folder)
        for name, module in list(sys.modules.items()):
            if (getattr(module, "__file__", None) or "").startswith(folder):
                del sys.modules[name]


def _inline(args: list[str]) -> list[str]:
    if args and args[0] == "run" and not any(a.split("=")[0] in WORKER_OPTIONS for a in args):
        return [*args, "--executor", "inline"]
    return args


def _in_process(argv: list[str], *, cwd, env) -> subprocess.CompletedProcess:
    from tscbench.cli import main

    out, err = io.StringIO(), io.StringIO()
    saved_env, saved_cwd = dict(os.environ), os.getcwd()
    try:
        if env is not None:  # as for a subprocess: the whole environment
            os.environ.clear()
            os.environ.update(env)
        os.environ["COLUMNS"] = "160"
        if cwd is not None:
            os.chdir(cwd)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = _call(main, argv)
    finally:
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
    return subprocess.CompletedProcess(["tscbench", *argv], code, out.getvalue(), err.getvalue())


def _call(main, argv: list[str]) -> int:
    """main()'s exit code; what escapes it is what a real process would print and exit with."""
    try:
        return main(argv)
    except SystemExit as exc:  # argparse: usage errors (2), --help and --version (0)
        return exc.code if isinstance(exc.code, int) else 1
    except Exception:
        traceback.print_exc()
        return 1
