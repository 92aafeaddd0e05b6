"""The `tscbench` command: run, list, validate, leaderboard, download."""
from __future__ import annotations

import argparse
import os
import re
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from tscbench.data.image_sets import DATA_ENV_VAR, TORCHVISION
from tscbench.errors import ConfigError, TscbenchError
from tscbench.versions import __version__

EXAMPLES = """examples:
  tscbench run --generator=bootstrap --generator=noise --generator=real --task magic --seeds 0,1,2
  tscbench run --generator=noise --param scale=0.5 --quick
  tscbench run --generator=path/to/my_gen.py:MyGenerator --task breast_cancer
  tscbench validate --generator=path/to/my_gen.py:MyGenerator
  tscbench list generators
  tscbench list tasks
  tscbench init mine.toml   (a minimal benchmark file to edit; every key: docs/benchmark-file.md)
  tscbench run --generator=gan --param lr=1e-3,1e-4 --param steps=2000,4000   (a 2 x 2 sweep)
  tscbench score samples.npz --task magic --seeds 0,1,2
  tscbench export --results tscbench-runs --format csv --out results.csv
  tscbench run --generator=gan --keep-samples; tscbench rescore --results tscbench-runs
  tscbench leaderboard --results leaderboards/results --out leaderboards
  tscbench run --generator=gan --task digits --task mnist5k
  tscbench download cifar10 --data-dir ~/data   (online, once; then run with --data-dir ~/data)
"""


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where Ctrl-C would be: the same clean stop (workers and their children
    killed, finished cells kept) instead of Python's default of dying mid-write."""


def _on_sigterm(signum, frame) -> None:
    raise Terminated()


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    err = Console(stderr=True)
    # signals reach the main thread only; the previous handler comes back after (in-process
    # callers such as the tests keep theirs)
    previous = (signal.signal(signal.SIGTERM, _on_sigterm)
                if threading.current_thread() is threading.main_thread() else None)
    try:
        return args.handler(args)
    except TscbenchError as exc:
        # escaped: messages quote config tables like [tasks.x], which rich would eat as markup
        err.print(f"[bold red]error:[/bold red] {escape(str(exc))}", highlight=False,
                  soft_wrap=True)
        return 2
    except KeyboardInterrupt as exc:
        what = "terminated" if isinstance(exc, Terminated) else "interrupted"
        err.print(f"[yellow]{what}: finished cells are saved; run the same command again "
                  "to resume[/yellow]")
        return 128 + (signal.SIGTERM if isinstance(exc, Terminated) else signal.SIGINT)
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


class OneLineParser(argparse.ArgumentParser):
    """argparse with its usage errors in one line, like every other refusal (exit 2); the usage
    is one `--help` away."""

    def error(self, message: str):
        self.exit(2, f"error: {self.prog}: {message} (see `{self.prog} --help`)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="tscbench", epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Judge synthetic data by the teacher-student compression it enables.")
    parser.add_argument("--version", action="version", version=f"tscbench {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    _add_run(sub)
    _add_list(sub)
    _add_init(sub)
    _add_leaderboard(sub)
    _add_validate(sub)
    _add_download(sub)
    _add_score(sub)
    _add_export(sub)
    _add_rescore(sub)
    _add_study(sub)
    _add_verify(sub)
    return parser


def _add_common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--config", type=Path, default=None,
                   help="benchmark file (default: ./benchmark.toml, else the one shipped)")


def _add_run(sub) -> None:
    p = sub.add_parser("run", help="run generators on tasks and score them",
                       epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--generator", action="append", required=True, metavar="NAME",
                   help="a registered generator, or path/to/file.py:ClassName (repeatable)")
    p.add_argument("--task", action="append", metavar="NAME",
                   help="a task of the benchmark (repeatable; default: every task)")
    p.add_argument("--seeds", default=None, help="comma-separated seeds (default: the benchmark's)")
    p.add_argument("--out", type=Path, default=Path("tscbench-runs"),
                   help="where result JSON files go (default: tscbench-runs/)")
    p.add_argument("--param", action="append", default=[], metavar="[NAME.]KEY=VALUE",
                   help="generator hyperparameter (repeatable)")
    p.add_argument("--quick", action="store_true",
                   help="smoke run: small teacher, capped train rows (results marked quick)")
    p.add_argument("--budgets", default=None, metavar="B,B",
                   help="synthetic budgets below 1x, as shares of the train rows (e.g. 0.1,0.3): "
                        "each adds a student ladder on that many generated rows, normalised by "
                        "one on as many train rows; cells with budgets have keys of their own")
    p.add_argument("--force", action="store_true", help="recompute cells that already finished")
    p.add_argument("--executor", choices=("local", "inline", "dask"), default="local",
                   help="local worker processes (default; isolated, --timeout and --max-memory "
                        "apply), inline (this process, one cell at a time: for debugging), or a "
                        "dask.distributed cluster")
    p.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="dask scheduler address, e.g. tcp://10.0.0.5:8786 (with --executor dask)")
    p.add_argument("--jobs", default=1, help="cells at a time, each in its own worker process "
                   "(default 1)")
    p.add_argument("--threads", default=None, help="threads per cell (default: $TSCBENCH_THREADS "
                   "or the available cores, divided among --jobs)")
    p.add_argument("--timeout", default=None, metavar="SECONDS",
                   help="stop a cell after this long: status timeout (default: no limit)")
    p.add_argument("--max-memory", default=None, metavar="SIZE",
                   help="address-space cap per worker, e.g. 8G (default: 80%% of RAM / --jobs)")
    p.add_argument("--cache-dir", type=Path, default=None,
                   help="teacher cache (default: $TSCBENCH_CACHE or the user cache dir)")
    _add_data_dir(p)
    _add_device(p)
    p.add_argument("--keep-samples", action="store_true",
                   help="store each cell's synthetic set beside its result (npz), so "
                        "`tscbench rescore` can recompute metrics without refitting")
    p.add_argument("--inception-weights", type=Path, default=None, metavar="PATH",
                   help="also report standard Inception-v3 IS / FID / KID on image tasks, from "
                        "torch-fidelity's weights file (pt_inception-2015-12-05-6726825d.pth)")
    _add_common(p)
    p.set_defaults(handler=cmd_run)


def _add_device(p: argparse.ArgumentParser) -> None:
    p.add_argument("--device", default="cpu", metavar="auto|cpu|cuda",
                   help="where teachers, students, judges, Inception and torch generators run "
                        "(default cpu; auto: a CUDA GPU when torch sees one); results record it")


def _add_data_dir(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data-dir", type=Path, default=None, metavar="DIR",
                   help="folder of downloaded data: torchvision sets (mnist, fashion_mnist, "
                        "cifar10) and OpenML tables; default: $TSCBENCH_DATA")


def _use_data_dir(args) -> None:
    """Workers are spawned with this environment, so they find the data too. A folder that is
    not there yet is fine (`download` fills it; a run names the set to download when it needs
    one), a file is not."""
    if args.data_dir is None:
        return
    folder = args.data_dir.expanduser()
    if folder.exists() and not folder.is_dir():
        raise ConfigError(f"--data-dir {args.data_dir} is a file; give the folder "
                          f"`tscbench download` fills")
    os.environ[DATA_ENV_VAR] = str(folder.resolve())


def _add_download(sub) -> None:
    p = sub.add_parser("download", help="fetch a torchvision data set or an OpenML table "
                                        "(needs a network; runs never download)")
    p.add_argument("dataset", help=f"one of: {', '.join(TORCHVISION)}, or openml:ID")
    _add_data_dir(p)
    p.set_defaults(handler=cmd_download)


def cmd_download(args) -> int:
    from tscbench.data.image_sets import data_dir, download
    from tscbench.errors import UnknownNameError
    from tscbench.names import unknown_name_message

    _use_data_dir(args)
    if args.dataset.startswith("openml:"):
        return _download_openml(args.dataset)
    if args.dataset not in TORCHVISION:
        raise UnknownNameError(unknown_name_message("dataset", args.dataset, TORCHVISION))
    root = data_dir()
    download(args.dataset, root)
    Console(stderr=True).print(f"{args.dataset} is in {root}; run with --data-dir {root}",
                               highlight=False)
    return 0


def _download_openml(name: str) -> int:
    from tscbench.data.image_sets import data_dir
    from tscbench.data.openml import download_openml
    from tscbench.errors import ConfigError

    data_id = name.split(":", 1)[1]
    if not data_id.isdigit():
        raise ConfigError(f"{name!r}: an OpenML id is a number, as in openml:1590")
    path = download_openml(int(data_id), data_dir())
    Console(stderr=True).print(f"OpenML {data_id} is {path}; use it as dataset = {{ openml = "
                               f"{data_id}, label = \"COLUMN\" }} with --data-dir "
                               f"{path.parent.parent}", highlight=False)
    return 0


#: what `tscbench init` writes: the smallest valid benchmark file, with a pointer to every key
STARTER = """\
# A tscbench benchmark. Every key: docs/benchmark-file.md (or the shipped benchmark.toml).

[benchmark]
version = "1"       # change it whenever you change something that changes results
seeds = [0, 1, 2]

[tasks.mydata]
dataset = "breast_cancer"   # or {{ csv = "data.csv", label = "class" }}, {{ npz = "data.npz" }}
"""


def _add_init(sub) -> None:
    p = sub.add_parser("init", help="write a minimal benchmark file to start from")
    p.add_argument("path", nargs="?", type=Path, default=Path("benchmark.toml"),
                   help="where to write it (default ./benchmark.toml; never overwritten)")
    p.set_defaults(handler=cmd_init)


def cmd_init(args) -> int:
    from tscbench.atomic import atomic_write_text
    from tscbench.errors import ConfigError

    if args.path.exists():
        raise ConfigError(f"{args.path} exists; tscbench init never overwrites a file: pass "
                          f"another path, e.g. tscbench init mine.toml")
    atomic_write_text(args.path, STARTER.format())
    Console(stderr=True).print(f"wrote {args.path}: a minimal benchmark; edit it, then "
                               f"tscbench run --generator=noise --config {args.path}",
                               highlight=False, markup=False)
    return 0


def _add_list(sub) -> None:
    p = sub.add_parser("list", help="list generators or tasks")
    p.add_argument("what", choices=("generators", "tasks"))
    p.add_argument("pattern", nargs="?", default="*", help="shell-style filter, e.g. 'g*'")
    _add_common(p)
    p.set_defaults(handler=cmd_list)


def _add_validate(sub) -> None:
    p = sub.add_parser("validate", help="check a generator against the contract, one line per check")
    p.add_argument("--generator", required=True, metavar="NAME",
                   help="a registered generator or path/to/file.py:ClassName")
    p.add_argument("--task", action="append", default=None, metavar="NAME",
                   help="task to check on (repeatable; default: breast_cancer and adult, a "
                        "mixed-type table with gaps, for tabular generators; digits for image "
                        "generators)")
    p.add_argument("--param", action="append", default=[], metavar="KEY=VALUE")
    p.add_argument("--full", action="store_true",
                   help="use the real hyperparameters, not the generator's fast smoke_params")
    p.add_argument("--timeout", default=600, metavar="SECONDS",
                   help="stop the checks after this long (default 600)")
    p.add_argument("--max-memory", default=None, metavar="SIZE",
                   help="address-space cap of the checking process, e.g. 8G (default: 80%% of RAM)")
    _add_common(p)
    p.set_defaults(handler=cmd_validate)


#: tasks `validate` checks by default, per modality: plain numbers, then categories with gaps
VALIDATE_TASKS = {"tabular": ("breast_cancer", "adult"), "image": ("digits",)}


def cmd_validate(args) -> int:
    from tscbench.execution.isolated_validation import VALIDATE_ROWS, validate_isolated
    from tscbench.execution.planning import generator_ref
    from tscbench.execution.resources import resources
    from tscbench.generator import check_params, resolve_generator, served_modalities
    from tscbench.options import parse_param_options

    benchmark = _config(args.config)
    names = args.task or [t for m in served_modalities(args.generator)
                          for t in VALIDATE_TASKS.get(m, ()) if t in benchmark.tasks]
    tasks = [benchmark.task(name) for name in names]  # unknown names: one line
    if not tasks:
        raise ConfigError(f"{args.generator}: none of its default validation tasks "
                          f"({', '.join(t for ts in VALIDATE_TASKS.values() for t in ts)}) is in "
                          f"{benchmark.path}; pass --task NAME")
    given = parse_param_options(args.param).get(None, {})
    res = resources(1, None, args.max_memory, args.timeout)
    plans = []
    for task in tasks:  # every check before any work: bad parameters are one line
        cls = resolve_generator(args.generator, task.dataset.modality)
        params = check_params(args.generator, cls,
                              {**({} if args.full else cls.smoke_params), **given})
        generator_ref(args.generator, cls, params)  # validate_params(): one line
        plans.append((task, params))
    out = wide_console()
    failed = 0
    for task, params in plans:
        out.print(f"{args.generator} on {task.name} ({VALIDATE_ROWS} train rows, "
                  f"{'given' if args.full else 'smoke'} parameters):", highlight=False, markup=False)
        checks = validate_isolated(args.generator, task, params, threads=res.threads,
                                   timeout=res.timeout, memory_bytes=res.memory_bytes)
        failed += _print_checks(out, checks)
    return 1 if failed else 0


def _print_checks(out: Console, checks) -> int:
    """One line per check and a count; returns how many failed."""
    marks = {"pass": "[green]PASS[/green]", "fail": "[red]FAIL[/red]", "skip": "[yellow]SKIP[/yellow]"}
    for check in checks:
        out.print(f"  {marks[check.status]} {escape(check.name)}: {escape(check.detail)}",
                  highlight=False)
    count = {s: sum(c.status == s for c in checks) for s in marks}
    out.print(f"  {count['pass']} passed, {count['fail']} failed"
              + (f", {count['skip']} skipped" if count["skip"] else ""), highlight=False)
    return count["fail"]


def _add_score(sub) -> None:
    p = sub.add_parser("score", help="score pre-made samples (an .npz) as they are, on a task")
    p.add_argument("samples", type=Path, help=".npz with one array (or an array named X), rows "
                   "in the task's train space (tscbench.load_task) or images in [0, 1]")
    p.add_argument("--task", required=True, help="the task the samples are for")
    p.add_argument("--seeds", default=None, help="comma-separated seeds (default: the benchmark's)")
    p.add_argument("--name", default=None, help="label of the samples (default: the file name)")
    p.add_argument("--out", type=Path, default=Path("tscbench-runs"),
                   help="where result JSON files go (default: tscbench-runs/)")
    p.add_argument("--threads", default=None, help="threads (default: the available cores)")
    _add_device(p)
    _add_common(p)
    p.set_defaults(handler=cmd_score)


def cmd_score(args) -> int:
    from tscbench.api import evaluate
    from tscbench.data.sources import load_samples_npz
    from tscbench.options import parse_seeds

    samples = load_samples_npz(args.samples)
    seeds = parse_seeds(args.seeds) if args.seeds is not None else None
    results = evaluate(samples, task=args.task, seeds=seeds, out=args.out, config=args.config,
                       threads=args.threads,
                       name=_label(args.samples.stem) if args.name is None else args.name,
                       device=args.device)
    return _report(results, args.out, Console(stderr=True))


def _label(stem: str) -> str:
    """A file name as a plain label: "gan samples (v2)" -> "gan-samples-v2"."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", stem).strip("-.")[:64] or "samples"


def _add_export(sub) -> None:
    p = sub.add_parser("export", help="results as one table: a row per cell (csv, parquet, json)")
    p.add_argument("--results", action="append", type=Path, required=True, metavar="DIR",
                   help="result JSON files or folders (repeatable)")
    p.add_argument("--format", default="csv", help="csv (default), parquet or json")
    p.add_argument("--out", type=Path, required=True, help="the file to write")
    p.add_argument("--force", action="store_true", help="replace --out if it exists")
    p.add_argument("--operating-points", type=Path, metavar="FILE",
                   help="read each task's TSC Score and lift at the validity study's operating "
                        "point, as the board does (`tscbench study` writes the file)")
    p.set_defaults(handler=cmd_export)


def cmd_export(args) -> int:
    from tscbench.execution.result_files import check_file_target, load_results
    from tscbench.report.export import check_format, export
    from tscbench.report.leaderboard import points_for

    check_format(args.format)
    check_file_target(args.out, force=args.force)
    results = load_results(args.results)
    export(results, args.out, args.format, points_for(args.operating_points, results))
    Console(stderr=True).print(f"{len(results)} rows in {args.out}", highlight=False)
    return 0


def _add_rescore(sub) -> None:
    p = sub.add_parser("rescore", help="recompute metrics from kept samples (--keep-samples), "
                                       "without refitting generators")
    p.add_argument("--results", type=Path, required=True, metavar="DIR",
                   help="a results folder whose cells kept their samples")
    p.add_argument("--threads", default=None, help="threads (default: the available cores)")
    _add_common(p)
    p.set_defaults(handler=cmd_rescore)


def cmd_rescore(args) -> int:
    from tscbench.execution.rescore import rescore
    from tscbench.execution.resources import resources

    err = Console(stderr=True)
    res = resources(1, args.threads, None, None)
    results = rescore(args.results, _config(args.config), resources=res, console=err)
    return _report(results, args.results, err)


def _add_leaderboard(sub) -> None:
    p = sub.add_parser("leaderboard", help="render the leaderboard from result files: markdown, "
                                            "and with --html a static site")
    p.add_argument("--results", action="append", type=Path, metavar="DIR",
                   help="result JSON files or folders (repeatable; default: leaderboards/results)")
    p.add_argument("--out", type=Path, default=Path("leaderboards"),
                   help="where the markdown and plots go (default: leaderboards/)")
    p.add_argument("--no-plots", action="store_true", help="markdown only")
    p.add_argument("--html", type=Path, metavar="DIR",
                   help="also render the board as a static HTML site into DIR (sortable tables, "
                        "a page per task and per generator; opens from disk, needs no network)")
    p.add_argument("--operating-points", type=Path, metavar="FILE",
                   help="read each task's TSC Score at the student size the validity study "
                        "chose (the operating-points.json `tscbench study` writes); tasks it "
                        "does not name keep their own rule")
    p.set_defaults(handler=cmd_leaderboard)


def cmd_leaderboard(args) -> int:
    from tscbench.report.leaderboard import build

    written = build(args.results or [Path("leaderboards/results")], args.out,
                    with_plots=not args.no_plots, site=args.html,
                    operating_points=args.operating_points)
    Console(stderr=True).print(f"wrote {len(written)} pages to {args.out}/: "
                               + ", ".join(p.name for p in written), highlight=False)
    return 0


def _add_study(sub) -> None:
    p = sub.add_parser("study", help="the validity study: what each measure sees of the "
                                     "diagnostic families' defects, as a markdown page")
    p.add_argument("--results", action="append", type=Path, required=True, metavar="DIR",
                   help="result JSON files or folders of diagnostic-family runs (repeatable)")
    p.add_argument("--out", type=Path, required=True, help="the markdown page to write")
    p.set_defaults(handler=cmd_study)


def cmd_study(args) -> int:
    from tscbench.atomic import atomic_write_text
    from tscbench.execution.result_files import load_results
    from tscbench.report.operating_points import points_text
    from tscbench.report.standings import check_comparable
    from tscbench.report.validity import RULE, cost, incomplete, operating_point, study
    from tscbench.report.validity_page import POINTS_FILE, render

    results = load_results(args.results)
    studies = study(results)
    if not studies:
        raise ConfigError(f"no task with a complete study in {', '.join(map(str, args.results))}"
                          f"; run the diagnostic families first (docs/studies/validity/README.md)")
    version = check_comparable(results).benchmark_version
    rules = {r.task.name: r.task.reference_student for r in results}
    points = {task: operating_point(one) for task, one in studies.items()}
    counted = cost([r for r in results if r.task.name in studies])
    atomic_write_text(args.out, render(studies, rules, *counted, unfinished=incomplete(results)))
    atomic_write_text(args.out.parent / POINTS_FILE, points_text(points, version, RULE))
    Console(stderr=True).print(f"wrote {args.out} and {args.out.parent / POINTS_FILE} "
                               f"({len(studies)} tasks)", highlight=False)
    return 0


def _add_verify(sub) -> None:
    p = sub.add_parser("verify", help="re-run a sample of a results folder's cells and compare "
                                      "each with its stored JSON")
    p.add_argument("results", nargs="+", type=Path, metavar="RESULTS",
                   help="result JSON files or folders")
    p.add_argument("--sample", type=int, default=3, metavar="N",
                   help="cells to re-run, drawn with --seed (default 3)")
    p.add_argument("--all", action="store_true", help="re-run every cell")
    p.add_argument("--seed", type=int, default=0, help="which cells --sample draws (default 0)")
    p.add_argument("--tolerance", type=float, default=None, metavar="T",
                   help="absolute tolerance on numbers (default 1e-6; tscbench/verify.py says why)")
    p.add_argument("--data-dir", type=Path, action="append", default=[], metavar="DIR",
                   help="a folder holding the .npz / .csv files of tasks on your own data "
                        "(found by name, checked by content hash; repeatable)")
    p.set_defaults(handler=cmd_verify)


def cmd_verify(args) -> int:
    from tscbench.verify import TOLERANCE, verify

    if args.sample < 1:
        raise ConfigError(f"--sample {args.sample}: give at least 1, or --all")
    tolerance = TOLERANCE if args.tolerance is None else args.tolerance
    if not tolerance >= 0:
        raise ConfigError(f"--tolerance {args.tolerance}: give a number >= 0")
    out = Console(highlight=False)
    verdicts = []
    for folder in args.data_dir:
        if not folder.is_dir():
            raise ConfigError(f"--data-dir {folder}: no such folder; give the folder that holds "
                              f"the task's data file")
    for verdict in verify(args.results, sample=None if args.all else args.sample,
                          seed=args.seed, tolerance=tolerance, data_dirs=args.data_dir):
        verdicts.append(verdict)
        out.print(f"{verdict.status.upper():>13}  {escape(verdict.filename)}"
                  + (f": {escape(verdict.detail)}" if verdict.detail else ""))
    matched = sum(v.status == "match" for v in verdicts)
    out.print(f"{matched} of {len(verdicts)} cells match")
    return 0 if matched == len(verdicts) else 1


def _config(path: Path | None):
    from tscbench.config import load_config

    return load_config(path)


def cmd_run(args) -> int:
    from tscbench.execution.session import execute, prepare_run
    from tscbench.options import parse_device, parse_param_options, parse_seeds

    err = Console(stderr=True)
    _use_data_dir(args)
    benchmark = _config(args.config)
    inception = None
    if args.inception_weights is not None:
        from tscbench.fidelity.inception import check_inception_weights

        path = args.inception_weights.expanduser().resolve()
        inception = (str(path), check_inception_weights(path))
    run = prepare_run(  # every check before the banner: bad input is one line
        benchmark, generators=args.generator, tasks=args.task,
        seeds=None if args.seeds is None else parse_seeds(args.seeds),
        params=parse_param_options(args.param), quick=args.quick, inception=inception,
        device=parse_device(args.device), out=args.out, jobs=args.jobs, threads=args.threads,
        max_memory=args.max_memory, timeout=args.timeout, executor=args.executor,
        scheduler=args.scheduler, force=args.force, keep_samples=args.keep_samples,
        cache_dir=args.cache_dir, budgets=args.budgets,
        warn=lambda m: err.print(f"[yellow]warning:[/yellow] {escape(m)}", highlight=False))
    err.print(f"tscbench {__version__}: {len(run.cells)} cells, {run.resources.jobs} at a time x "
              f"{run.resources.threads} threads, benchmark {benchmark.path} (version "
              f"{benchmark.version}), cache {run.cache.root}", highlight=False, markup=False,
              soft_wrap=True)
    return _report(execute(run, console=err), args.out, err)


def _report(results, out: Path, err: Console) -> int:
    """The summary table on stdout, where the results went on stderr; exit 1 if a cell failed."""
    from tscbench.report.console import summary_table
    from tscbench.report.summary import summarize

    console = wide_console()
    console.print(summary_table(summarize(results), width=console.width))
    failed = sum(not r.ok for r in results)
    err.print(f"{len(results)} result files in {out}/" +
              (f"; [red]{failed} cells failed[/red]" if failed else ""), highlight=False)
    return 1 if failed else 0


def wide_console() -> Console:
    """Piped output (CI logs, files) gets 140 columns rather than rich's 80, so tables stay whole."""
    console = Console()
    return console if console.is_terminal else Console(width=140)


def cmd_list(args) -> int:
    from tscbench.listing import generator_table, task_table

    if args.what == "generators":
        table, warnings = generator_table(args.pattern)
    else:
        table, warnings = task_table(_config(args.config), args.pattern), []
    wide_console().print(table)
    for warning in warnings:
        Console(stderr=True).print(f"[yellow]warning:[/yellow] {warning}", highlight=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
