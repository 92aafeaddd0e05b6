import json
import shutil
from pathlib import Path

import pytest

from tscbench.cache import ArtifactCache
from tscbench.config import load_benchmark
from tscbench.errors import ResultsError
from tscbench.execution.planning import plan
from tscbench.execution.resources import Resources
from tscbench.execution.runner import run_cells
from tscbench.hashing import sha256_json
from tscbench.protocol.result import Result
from tscbench.report.comparison import average_ranks, paired_difference, tied
from tscbench.report.leaderboard import build
from tscbench.report.leaderboard import render as render_results

COMMAND = "tscbench leaderboard --results R --out L"


@pytest.fixture(scope="module")
def results_dir(tmp_path_factory):
    """Real results of two contenders and three references on two small tasks, two seeds."""
    import os

    from conftest import TINY_TOML

    root = tmp_path_factory.mktemp("lb")
    config = root / "benchmark.toml"
    config.write_text(TINY_TOML.replace("max_train_rows = 4000", "max_train_rows = 800"))
    bench = load_benchmark(config)
    out = root / "results"
    cells = plan(bench, ["real", "bootstrap", "noise", "mixup", "munge"], ["tiny", "magic_small"],
                 [0, 1], {})
    threads = int(os.environ.get("TSCBENCH_THREADS", 2))
    run_cells(cells, out=out, cache=ArtifactCache(root / "cache"),
              resources=Resources(1, threads, None, None))
    return out


def references_header(page: str) -> str:
    return next(line for line in page.splitlines() if line.startswith("| reference |"))


def load(folder: Path) -> list[dict]:
    """The stored JSON, as dicts a test can tamper with."""
    return [json.loads(p.read_text()) for p in sorted(folder.glob("*.json"))]


def render(dicts: list[dict], command: str) -> dict[str, str]:
    return render_results([Result.from_json(d) for d in dicts], command)


def test_render_is_deterministic_and_lists_every_task(results_dir):
    first, second = render(load(results_dir), COMMAND), render(load(results_dir)[::-1], COMMAND)
    assert first == second
    assert set(first) == {"README.md", "tiny.md", "magic_small.md"}
    overview = first["README.md"]
    assert "[magic\\_small](magic_small.md)" in overview
    assert COMMAND in overview
    assert "Benchmark version: test-1" in overview


def test_task_page_ranks_contenders_and_shows_references_apart(results_dir):
    page = render(load(results_dir), COMMAND)["magic_small.md"]
    standings = page.split("## Standings")[1].split("**References**")[0]
    table = [line for line in standings.splitlines() if line.startswith("| ") and "(" in line]
    ranked = [line.split("|")[2].strip().split()[0].strip("*") for line in table]
    assert sorted(ranked) == ["mixup", "munge"]  # real, bootstrap and noise are not ranked
    references = page.split("**References**")[1].split("## ")[0]
    for name in ("real", "bootstrap", "noise"):
        assert f"| {name} (" in references
    assert "Δ best" in page
    assert "Δ noise" in page
    assert "[" in table[1]
    assert "seeds" in page
    assert "paired t interval" in page
    assert "bootstrap interval" not in page
    assert "Resolution at each student size" in page
    assert "← reference" in page
    assert "Δ real" in references_header(page)
    assert "model sha256" in page
    assert "plots/magic_small_compression.png" in page
    # fit + sample seconds and the threads each cell ran on, for every contender
    import re
    assert len(re.findall(r"\| [\d.e-]+ \+ [\d.e-]+ \(\d+ threads?\) \|", page)) == 2


def test_a_task_where_noise_matches_real_data_is_shown_but_not_ranked(results_dir):
    results = load(results_dir)
    for r in results:  # make the floor teach exactly as well as the train set
        if r["generator"]["name"] == "noise" and r["task"]["name"] == "tiny":
            r["students"]["synthetic"] = dict(r["students"]["train"])
    pages = render(results, COMMAND)
    assert "**Not ranked**: the noise floor is not clearly below real data" in pages["tiny.md"]
    overview = pages["README.md"]
    assert "Shown but not ranked" in overview
    assert "- [tiny](tiny.md): the noise floor" in overview
    ranking = overview.split("## Tabular tasks")[1].split("**References")[0]
    assert "[tiny](tiny.md)" not in ranking


def test_editing_one_result_changes_exactly_its_rows(results_dir, tmp_path):
    edited = tmp_path / "results"
    shutil.copytree(results_dir, edited)
    (path,) = edited.glob("bootstrap__tiny__seed0__*.json")
    result = json.loads(path.read_text())
    result["students"]["synthetic"]["1"] -= 0.01  # a size below the reference one
    path.write_text(json.dumps(result))
    before, after = render(load(results_dir), COMMAND), render(load(edited), COMMAND)
    assert before["README.md"] == after["README.md"]
    assert before["magic_small.md"] == after["magic_small.md"]
    changed = set(after["tiny.md"].splitlines()) - set(before["tiny.md"].splitlines())
    assert len(changed) == 1
    assert next(iter(changed)).startswith("| 1 |")


@pytest.mark.parametrize(("field", "value", "fragment"), [
    ("benchmark_version", "other", "benchmark versions"),
    ("quick", True, "quick"),
    ("teacher", "sha", "teacher hashes"),
    ("generator", "version", "versions of generator"),
])
def test_incomparable_results_are_refused(results_dir, field, value, fragment):
    results = load(results_dir)
    if field == "teacher":
        results[0]["teacher"]["sha256"] = "0" * 64
    elif field == "generator":
        results[0]["generator"]["version"] = "other"
    else:
        results[0][field] = value
    with pytest.raises(ResultsError, match=fragment):
        render(results, COMMAND)


def test_hostile_generator_names_cannot_break_a_table(results_dir):
    results = load(results_dir)
    for r in results:
        if r["generator"]["name"] == "noise":
            r["generator"]["name"] = "evil|name`<script>*x*\n| 9 |"
            r["generator"]["params"] = {"p": "a|b\n<i>"}
            r["generator"]["params_hash"] = sha256_json(r["generator"]["params"])[:12]
    pages = render(results, COMMAND)
    for page in pages.values():
        for line in page.splitlines():
            if line.startswith("| "):  # every row of a table has its header's column count
                assert "<script>" not in line
                assert "\n" not in line
        tables = [block for block in page.split("\n\n") if block.startswith("| ")]
        for block in tables:
            counts = {line.count("|") for line in block.splitlines()}
            assert len(counts) == 1, block


def test_failed_cells_are_listed_without_scores(results_dir):
    results = load(results_dir)
    failed = next(r for r in results if r["generator"]["name"] == "bootstrap")
    failed.update(status="error", phase="fit", reason="boom", students=None, teacher=None,
                  data=None)
    page = render(results, COMMAND)[f"{failed['task']['name']}.md"]
    assert "## Failed cells" in page
    assert "error in fit: boom" in page


def test_build_writes_pages_and_plots_and_refuses_missing_dirs(results_dir, tmp_path):
    written = build([results_dir], tmp_path / "lb")
    names = {p.name for p in written}
    assert {"README.md", "tiny.md", "tiny_compression.png"} <= names
    assert (tmp_path / "lb" / "plots" / "tiny_compression.png").read_bytes()[:4] == b"\x89PNG"
    with pytest.raises(ResultsError, match="no such file or folder"):
        build([tmp_path / "nope"], tmp_path / "lb2")


def test_paired_difference_and_ranks():
    diff = paired_difference({0: 0.90, 1: 0.95, 2: 0.93}, {0: 0.91, 1: 0.96, 2: 0.94})
    assert diff.mean == pytest.approx(-0.01)
    assert diff.high < 0
    assert not tied(diff)
    mixed = paired_difference({0: 0.92, 1: 0.95}, {0: 0.91, 1: 0.96})
    assert tied(mixed)
    assert average_ranks({"a": 1.0, "b": 3.0, "c": 3.0}) == {"b": 1.5, "c": 1.5, "a": 3.0}


def ranked(results: list[dict]) -> list[dict]:
    """The small board with the floor made clearly worse than real data (its synthetic set
    teaches 0.9 of its train set on every seed), so that its tasks are ranked."""
    for r in results:
        if r["generator"]["name"] == "noise":
            train = r["students"]["train"]
            r["students"]["synthetic"] = {k: 0.9 * v for k, v in train.items()}
    return results


def test_a_merged_board_says_what_it_mixes(results_dir):
    """Results from another run beside the board's: a row with fewer seeds is marked, and a
    generator missing a task is listed with what it has and lacks."""
    results = ranked(load(results_dir))
    fewer = [r for r in results if not (r["generator"]["name"] == "mixup" and r["seed"] == 1)]
    overview = render(fewer, COMMAND)["README.md"]
    mixup_row = next(line for line in overview.splitlines() if line.startswith("| ")
                     and "mixup" in line)
    assert " †" in mixup_row
    assert "† fewer seeds than the board's 2 on some task" in overview

    lacking = [r for r in results if not (r["generator"]["name"] == "munge"
                                          and r["task"]["name"] == "tiny")]
    overview = render(lacking, COMMAND)["README.md"]
    assert "Not ranked (missing some ranked task):" in overview
    line = next(line for line in overview.splitlines() if line.startswith("- munge"))
    assert "lacks tiny" in line
    assert "has magic\\_small 0." in line


def test_equal_mean_ranks_share_a_place_and_a_board_without_references_has_no_empty_table(
        results_dir):
    results = ranked(load(results_dir))
    # munge copies mixup's scores: the two tie on every task
    mixup = {(r["task"]["name"], r["seed"]): r for r in results if r["generator"]["name"] == "mixup"}
    for r in results:
        if r["generator"]["name"] == "munge":
            r["students"] = mixup[r["task"]["name"], r["seed"]]["students"]
    ranks = [line.split("|")[1].strip() for line in render(results, COMMAND)["README.md"]
             .splitlines() if line.startswith("| ") and ("munge" in line or "mixup" in line)]
    assert ranks[:2] == ["1", "1"]
    contenders = [r for r in results if r["generator"]["name"] in ("mixup", "munge")]
    overview = render(contenders, COMMAND)["README.md"]
    assert "| reference |" not in overview


def test_a_row_with_fewer_seeds_does_not_move_the_resolution():
    """The smallest resolvable difference comes from rows with the board's seed count: a row
    merged in with 2 seeds (a wide interval of its own) leaves it where it was."""
    from tscbench.report.comparison import resolution
    from tscbench.report.stats import Paired

    board = [Paired(0.001, se, None, None, 5) for se in (0.001, 0.002, 0.003)]
    merged = [*board, Paired(0.001, 0.05, None, None, 2)]
    floor = {s: 0.9 for s in range(5)}
    assert resolution(None, floor, merged).smallest == resolution(None, floor, board).smallest


# ----------------------------------------------------------------------------- operating points
def points_file(path: Path, version: str = "test-1", **sizes) -> Path:
    """An operating-points file naming `sizes` (task -> size or None), as `tscbench study`
    writes it."""
    from tscbench.report.operating_points import OperatingPoint, points_text

    points = {task: OperatingPoint(task, size, {1: 0, 3: 4, 5: 3}, 20, 3)
              for task, size in sizes.items()}
    path.write_text(points_text(points, version, "the rule"))
    return path


def test_a_board_reads_a_task_at_the_studys_operating_point(results_dir, tmp_path):
    plain = build([results_dir], tmp_path / "plain", with_plots=False)
    moved = build([results_dir], tmp_path / "moved", with_plots=False,
                  operating_points=points_file(tmp_path / "p.json", tiny=3, magic_small=None))
    assert [p.name for p in plain] == [p.name for p in moved]
    tiny = (tmp_path / "moved" / "tiny.md").read_text()
    assert "## Standings at 3 student trees" in tiny
    assert "the validity study's operating point" in tiny
    assert "1: 0, 3: 4, 5: 3" in tiny
    assert "--operating-points " in tiny  # the command that regenerates the page says so
    assert "## Standings at 5 student trees" in (tmp_path / "plain" / "tiny.md").read_text()
    # a task the file names without a size keeps its own rule, and so its page
    for page in ("magic_small.md",):
        strip = lambda text: text.split("## Provenance")[0]  # noqa: E731  (the command differs)
        assert strip((tmp_path / "moved" / page).read_text()) == strip(
            (tmp_path / "plain" / page).read_text())


@pytest.mark.parametrize(("doc", "fragment"), [
    (None, "no such file"),
    ("{", "not readable JSON"),
    ('{"format": "something else"}', "not an operating-points file"),
    ('{"format": "tscbench operating points 1", "benchmark_version": 3, "tasks": {}}',
     "benchmark_version must be text"),
    ('{"format": "tscbench operating points 1", "benchmark_version": "test-1", "tasks": '
     '{"tiny": {"size": "3", "resolved": {"3": 1}, "pairs": 20, "needed": 3}}}',
     "tasks.tiny.size = '3' is not a whole number"),
    ('{"format": "tscbench operating points 1", "benchmark_version": "test-1", "tasks": '
     '{"tiny": {"size": 4, "resolved": {"3": 1}, "pairs": 20, "needed": 3}}}',
     "tasks.tiny.size = 4 is not one of the sizes"),
    ('{"format": "tscbench operating points 1", "benchmark_version": "test-1", "tasks": '
     '{"tiny": {"size": 3, "resolved": {"x": 1}, "pairs": 20, "needed": 3}}}',
     "has a key that is not a student size"),
    ('{"format": "tscbench operating points 1", "benchmark_version": "test-1", "tasks": '
     '{"tiny": {"size": 3, "resolved": {"3": 1}, "pairs": 20, "needed": 3, "budgets": []}}}',
     "tasks.tiny.budgets must map budgets below 1"),
    ('{"format": "tscbench operating points 1", "benchmark_version": "test-1", "tasks": '
     '{"tiny": {"size": 3, "resolved": {"3": 1}, "pairs": 20, "needed": 3, '
     '"budgets": {"1.5": {"3": 1}}}}}',
     "tasks.tiny.budgets must map budgets below 1"),
    ('{"format": "tscbench operating points 1", "benchmark_version": "test-1", "tasks": '
     '{"tiny": {"size": 3, "resolved": {"3": 1}, "pairs": 20, "needed": 3, '
     '"budgets": {"0.1": {"3": -1}}}}}',
     r"tasks.tiny.budgets.0.1.3 = -1 is not a whole number"),
], ids=["missing", "not-json", "other-format", "version-number", "size-text", "size-unknown",
        "size-key-text", "budgets-list", "budget-above-1", "budget-count-negative"])
def test_a_bad_operating_points_file_is_a_one_line_error(results_dir, tmp_path, doc, fragment):
    from tscbench.errors import ConfigError

    path = tmp_path / "p.json"
    if doc is not None:
        path.write_text(doc)
    with pytest.raises(ConfigError, match=fragment) as caught:
        build([results_dir], tmp_path / "out", with_plots=False, operating_points=path)
    assert "\n" not in str(caught.value)
    assert not (tmp_path / "out").exists()  # refused before any page is written


def test_operating_points_of_another_version_or_off_the_ladder_are_refused(results_dir, tmp_path):
    from tscbench.errors import ConfigError

    with pytest.raises(ConfigError, match=r"version '2'.*re-run the study"):
        build([results_dir], tmp_path / "a", with_plots=False,
              operating_points=points_file(tmp_path / "v.json", version="2", tiny=3))
    off = points_file(tmp_path / "o.json", tiny=3)
    off.write_text(off.read_text().replace('"3": 4', '"20": 4').replace('"size": 3', '"size": 20'))
    with pytest.raises(ConfigError, match="size 20 is not on its student ladder"):
        build([results_dir], tmp_path / "b", with_plots=False, operating_points=off)


def test_budget_counts_round_trip_through_the_points_file_and_reach_the_page(results_dir,
                                                                           tmp_path):
    from tscbench.report.operating_points import OperatingPoint, points_text, read_points

    point = OperatingPoint("tiny", 3, {1: 0, 3: 4, 5: 3}, 20, 3,
                           {0.1: {1: 0, 3: 1, 5: 2}, 0.3: {1: 0, 3: 5, 5: 3}})
    path = tmp_path / "p.json"
    path.write_text(points_text({"tiny": point}, "test-1", "the rule"))
    assert read_points(path) == ("test-1", {"tiny": point})
    assert point.best == (3, 0.3)
    build([results_dir], tmp_path / "out", with_plots=False, operating_points=path)
    page = (tmp_path / "out" / "tiny.md").read_text()
    assert "resolves the most levels at 3 trees on 0.3x train rows of synthetic data (5, " \
           "against 4 at 1x)" in page
    assert "the board's cells hold 1x only" in page


def test_export_reads_tasks_at_the_operating_points_as_the_board_does(results_dir, tmp_path):
    from cli_runner import tscbench

    points = points_file(tmp_path / "p.json", tiny=3)
    for extra, size in (((), 5), (("--operating-points", str(points)), 3)):
        out = tmp_path / f"x{size}.json"
        proc = tscbench("export", "--results", str(results_dir), "--format", "json", "--out",
                        str(out), *extra)
        assert proc.returncode == 0, proc.stderr
        rows = [r for r in json.loads(out.read_text()) if r["task"] == "tiny"]
        assert {r["reference_student"] for r in rows} == {size}
        for r in rows:
            assert r["tsc_score"] == pytest.approx(r[f"synthetic@{size}"] / r[f"train@{size}"],
                                                   rel=1e-12)
