"""The committed leaderboard is exactly what its committed results render to."""
import re
from pathlib import Path

from tscbench.execution.result_files import load_results
from tscbench.report.leaderboard import PLOTS, regenerate_command, render

ROOT = Path(__file__).resolve().parents[1]
BOARD = ROOT / "leaderboards"


def test_committed_leaderboard_pages_are_not_stale():
    results = load_results([BOARD / "results"])
    assert len(results) >= 150  # every built-in generator x default task it serves x 3 seeds
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
    on_board = {(r.generator.name, r.task.name) for r in results if r.ok}
    builtin = [n for n, e in GENERATORS.entries().items() if e.source == "tscbench"]
    for task, spec in load_config(None).tasks.items():
        for name in builtin:
            if spec.dataset.modality in GENERATORS.load(name).modalities:
                assert (name, task) in on_board, (name, task)
