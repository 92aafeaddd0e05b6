"""The committed leaderboard is exactly what its committed results render to."""
import importlib
import re
from collections import defaultdict
from pathlib import Path

from cli_runner import tscbench

from tscbench.execution.result_files import load_results
from tscbench.report.leaderboard import PLOTS, regenerate_command, render

from conftest import BOARD_POINTS, board_command

ROOT = Path(__file__).resolve().parents[1]
BOARD = ROOT / "leaderboards"
STUDIES = sorted(p.parent for p in (ROOT / "docs" / "reproductions").glob("*/results"))
# Every built-in generator has all seeds of every default task on the board, at the version the
# code registers, except a row whose generator has a new version being re-run: its old cells
# stay or leave while the new ones land task by task. Each name here is a visible promise with
# its reason, not a silent skip; the dict is empty when the board is whole.
BEING_RERUN: dict[str, str] = {}
# The diagnostic families degrade the train set by known amounts: the validity study runs them
# (docs/studies/validity), the board does not.
STUDY_ONLY = {"diag_diversity", "diag_coverage", "diag_distortion", "diag_balance",
              "diag_copying"}


def test_committed_leaderboard_pages_are_not_stale():
    results = load_results([BOARD / "results"])
    assert len(results) >= 150
    pages = render(results, board_command(), ROOT / BOARD_POINTS)
    for name, text in pages.items():
        committed = (BOARD / name).read_text()
        assert committed == text, (f"leaderboards/{name} is stale: run `{board_command()}` "
                                   f"and commit the result")
    for task in pages:
        if task != "README.md":
            assert (BOARD / PLOTS / f"{task[:-3]}_compression.png").is_file()
    for grid in re.findall(r"\]\((samples/[^)]+\.png)\)", "".join(pages.values())):
        assert (BOARD / grid).is_file(), f"{grid} is linked but missing"


def test_every_default_task_and_builtin_generator_is_on_the_board():
    from tscbench.config import load_config
    from tscbench.generator import GENERATORS

    results = load_results([BOARD / "results"])
    seeds = defaultdict(set)
    for r in results:
        if r.ok:
            seeds[r.generator.name, r.task.name].add(r.seed)
    builtin = [n for n, e in GENERATORS.entries().items() if e.source == "tscbench"]
    config = load_config(None)
    for task, spec in config.tasks.items():
        for name in builtin:
            if name in BEING_RERUN or name in STUDY_ONLY:  # partial while its cells land
                continue
            if spec.dataset.modality in GENERATORS.load(name).modalities:
                assert seeds[name, task] == set(config.seeds), (name, task, seeds[name, task])


def test_builtin_rows_on_the_board_are_the_versions_the_code_registers():
    from tscbench.generator import GENERATORS

    builtin = {n for n, e in GENERATORS.entries().items() if e.source == "tscbench"}
    for r in load_results([BOARD / "results"]):
        name = r.generator.name
        if name in builtin and name not in BEING_RERUN:
            module, cls = r.generator.target.split(":")
            current = getattr(importlib.import_module(module), cls).version
            assert r.generator.version == current, (
                f"{name} on {r.task.name} seed {r.seed} is version {r.generator.version}; the code "
                f"registers {current}: re-run the row")


def test_committed_studies_are_what_their_results_render_to():
    assert STUDIES, "docs/reproductions holds the committed studies"
    for study in STUDIES:
        folder = study.relative_to(ROOT).as_posix()
        pages = render(load_results([study / "results"]),
                       regenerate_command([f"{folder}/results"], folder))
        for name, text in pages.items():
            assert (study / name).read_text() == text, f"{folder}/{name} is stale"


def test_the_validity_study_page_and_points_are_what_its_results_give(tmp_path):
    """`tscbench study` on the committed results writes the committed page and the operating
    points the board reads, byte for byte."""
    folder = ROOT / "docs" / "studies" / "validity"
    proc = tscbench("study", "--results", folder / "results", "--out", tmp_path / "README.md")
    assert proc.returncode == 0, proc.stderr
    for name in ("README.md", "operating-points.json"):
        assert (tmp_path / name).read_text() == (folder / name).read_text(), (
            f"docs/studies/validity/{name} is stale: run the command at the top of its README.md")


def test_a_task_whose_study_is_unfinished_is_named_and_left_out():
    """A folder mid-run: the study reads complete tasks only and says what the others lack."""
    from tscbench.report.validity import incomplete, study

    folder = ROOT / "docs" / "studies" / "validity" / "results"
    cells = load_results(sorted(folder.glob("*__breast_cancer__*.json")))
    assert set(study(cells)) == {"breast_cancer"}
    assert incomplete(cells) == {}
    dropped = [r for r in cells if not (r.generator.name == "diag_balance" and r.seed == 2
                                        and dict(r.generator.params)["skew"] == 0.5)]
    assert study(dropped) == {}
    assert incomplete(dropped) == {"breast_cancer": (
        f"{len(dropped)} cells so far; class balance (shares moved) has 5 levels (4 needed), 1 of "
        f"them short of seeds [0, 1, 2]")}
    no_floor = [r for r in cells if not (r.generator.name == "noise" and r.seed == 1)]
    assert incomplete(no_floor) == {"breast_cancer": "the noise floor at seeds [1]"}


def test_committed_results_follow_the_memorisation_rule_for_repeated_test_rows():
    """Where 5% or more of a split's test rows repeat a train row, closer_than_test has no scale
    and is None (fidelity/memorisation.py); the script that brought the stored cells to that
    rule finds nothing left to change in any committed folder."""
    import subprocess
    import sys

    folders = [BOARD / "results", ROOT / "docs" / "studies" / "validity" / "results",
               *(study / "results" for study in STUDIES)]
    proc = subprocess.run([sys.executable, ROOT / "docs" / "studies" / "memorisation-repeats" /
                           "migrate.py", "--check", *folders], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "letter (split" in proc.stdout
    assert "0 cells to rewrite" in proc.stdout
