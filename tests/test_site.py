"""The HTML leaderboard site: the same standings as the markdown, links that resolve, nothing
fetched from the network, every value escaped, one look per generator."""
import re
from pathlib import Path

import pytest

from tscbench.report.html import Cell, table
from tscbench.report.leaderboard import site_pages
from tscbench.report.markdown import cell
from tscbench.report.palette import board_looks
from tscbench.report.site import generator_href, slug, task_href
from tscbench.report.standings import check_comparable, label

from conftest import board_command, board_standings

ROOT = Path(__file__).resolve().parents[1]
BOARD = ROOT / "leaderboards"
SITE = BOARD / "site"
COMMAND = board_command() + " --html leaderboards/site"


@pytest.fixture(scope="module")
def board():
    results, tasks = board_standings()
    pages, images = site_pages(tasks, check_comparable(results), BOARD, [BOARD / "results"],
                               COMMAND)
    return tasks, pages, images


def test_the_committed_site_is_what_the_board_renders_to(board):
    _, pages, images = board
    for name, text in pages.items():
        assert (SITE / name).read_text() == text, (
            f"leaderboards/site/{name} is stale: run `{COMMAND}` and commit the result")
    for target, source in images.items():
        assert (SITE / target).read_bytes() == source.read_bytes(), f"site/{target} is stale"
    stray = {p.name for p in SITE.glob("*.html")} - set(pages)
    assert not stray, f"pages no render makes: {sorted(stray)}"


def test_a_page_per_task_and_per_generator(board):
    tasks, pages, _ = board
    for task in tasks:
        assert task_href(task.name) in pages
        for row in task.all_rows + task.failures:
            assert generator_href(row.summary.generator) in pages


def test_every_link_and_image_resolves_inside_the_site_and_nothing_needs_the_network(board):
    _, pages, images = board
    files = set(pages) | set(images) | {"site.css", "site.js"}
    for name, text in pages.items():
        for target in re.findall(r'(?:href|src)="([^"#]+)', text):
            assert target in files, f"{name} links {target}, which the site lacks"
    for name in ("site.css", "site.js", *pages):
        text = (SITE / name).read_text()
        assert not re.search(r"https?://|//cdn|@import", text), f"{name} reaches for the network"


def test_the_site_shows_the_numbers_the_markdown_shows(board):
    """One source of truth: each contender's TSC Score on a task page is the markdown's."""
    tasks, pages, _ = board
    for task in tasks:
        markdown = (BOARD / f"{task.name}.md").read_text()
        for row in task.rows:
            k = task.reference_student
            text = f"{row.summary.tsc[k][0]:.3f} ± {row.summary.tsc[k][1]:.3f}"
            assert f"| {cell(label(row))} | {text} |" in markdown.replace("**", "")
            assert f"{text}" in pages[task_href(task.name)]


def test_the_site_says_why_memorisation_reads_dash_where_the_markdown_does(board):
    """letter and spambase repeat train rows in their test rows: both renderings say why the
    memorisation column is "-" there, and no other task says it."""
    tasks, pages, _ = board
    for task in tasks:
        markdown = (BOARD / f"{task.name}.md").read_text()
        said = "Memorisation has no scale on this task" in pages[task_href(task.name)]
        assert said == ("**Memorisation has no scale on this task**" in markdown), task.name
        assert said == (task.name in {"letter", "spambase"}), task.name


def test_values_are_escaped_and_file_names_are_safe():
    html = table("t", "<caption>", ["<th>"], [[Cell("<script>alert(1)</script>", href='"x')]])
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert 'href="&quot;x"' in html
    assert slug("../../etc/passwd") == "etc-passwd"
    assert "/" not in generator_href("a/b")
    assert not generator_href("..").startswith(".")


def test_a_generator_keeps_its_look_and_references_are_drawn_apart():
    names = ["munge", "arf", "real", "noise", "bootstrap", *[f"gen{i:02d}" for i in range(25)]]
    looks = board_looks(names)
    assert looks == board_looks(reversed(names))  # the order met does not matter
    contenders = [looks[n] for n in names if n not in {"real", "noise", "bootstrap"}]
    assert len({(lk.color, lk.line, lk.marker) for lk in contenders}) == len(contenders)
    for ref in ("real", "noise", "bootstrap"):
        look = looks[ref]
        assert look.reference
        assert look.line != "-"
        assert look.color[1:3] == look.color[3:5] == look.color[5:7]  # a grey
    assert all(not lk.reference for lk in contenders)
