"""The committed leaderboard is exactly what its committed results render to."""
import re
from collections import defaultdict
from pathlib import Path

from tscbench.execution.result_files import load_results
from tscbench.report.leaderboard import PLOTS, regenerate_command, render

ROOT = Path(__file__).resolve().parents[1]
BOARD = ROOT / "leaderboards"
STUDIES = sorted(p.parent for p in (ROOT / "docs" / "reproductions").glob("*/results"))
# The board is being re-published at 5 seeds (benchmark version 3), one task at a time, each
# committed when its last cell lands. The tasks below have not been re-run yet: their pages show
# what the results folder holds so far (cells reused from the committed studies, or none). Each
# name is a visible promise, not a silent skip; the set empties as the run goes.
NOT_YET_REPUBLISHED_TASKS = {"mnist5k"}


def test_committed_leaderboard_pages_are_not_stale():
    results = load_results([BOARD / "results"])
    assert len(results) >= 150
    pages = render(results, regenerate_command(["leaderboards/results"], "leaderboards"))
    for name, text in pages.items():
        committed = (BOARD / name).read_text()
        assert committed == text, (f"leaderboards/{name} is stale: run `tscbench leaderboard` "
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
        if task in NOT_YET_REPUBLISHED_TASKS:
            continue
        for name in builtin:
            if spec.dataset.modality in GENERATORS.load(name).modalities:
                assert seeds[name, task] == set(config.seeds), (name, task, seeds[name, task])


def test_committed_studies_are_what_their_results_render_to():
    assert STUDIES, "docs/reproductions holds the committed studies"
    for study in STUDIES:
        folder = study.relative_to(ROOT).as_posix()
        pages = render(load_results([study / "results"]),
                       regenerate_command([f"{folder}/results"], folder))
        for name, text in pages.items():
            assert (study / name).read_text() == text, f"{folder}/{name} is stale"
