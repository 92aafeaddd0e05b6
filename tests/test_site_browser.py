"""The committed leaderboard site, opened from disk in headless Chromium as a reader would: sort
a column (by mouse and by keyboard), filter to one task, follow a link, read it on a phone.

Skips cleanly where Chromium or Playwright is missing (.ci/run installs Debian's chromium).
With TSCBENCH_SCREENSHOTS=DIR it also saves the screenshots docs/leaderboard-site.md shows."""
import os
import shutil
from pathlib import Path

import pytest

sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium on PATH "
                                "(apt-get install chromium)")

SITE = Path(__file__).resolve().parents[1] / "leaderboards" / "site"
# headless, and no background connections: this machine has no network, and Chromium's own
# update and sync requests would otherwise be refused many times a start
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    yield page
    assert all(url.startswith("file://") for url in requests), (
        f"the site fetched {[u for u in requests if not u.startswith('file://')]}")
    page.close()


def open_page(page, name: str):
    page.goto((SITE / name).as_uri())
    return page


def column(page, table: str, index: int) -> list[str]:
    return page.eval_on_selector_all(
        f"#{table} tbody tr:not([hidden])",
        f"rows => rows.map(r => r.cells[{index}].textContent.trim())")


def test_a_reader_sorts_the_ranking_by_mouse_and_by_keyboard(page):
    open_page(page, "index.html")
    assert page.title() == "tscbench leaderboard"
    _screenshot(page, "site-overview.png")
    table = "ranking-tabular-tasks"
    header = page.locator(f"#{table} thead th", has_text="mean rank")
    header.locator("button").click()
    assert header.get_attribute("aria-sort") == "ascending"
    ascending = [float(v) for v in column(page, table, 2)]
    assert ascending == sorted(ascending)
    assert len(ascending) >= 5
    header.locator("button").focus()
    page.keyboard.press("Enter")
    assert header.get_attribute("aria-sort") == "descending"
    assert [float(v) for v in column(page, table, 2)] == sorted(ascending, reverse=True)
    # a text column sorts too, and "-" stays last either way
    generator = page.locator(f"#{table} thead th", has_text="generator").locator("button")
    generator.click()
    names = column(page, table, 1)
    assert names == sorted(names, key=str.lower)


def test_a_reader_filters_the_measures_to_one_task_and_by_text(page):
    open_page(page, "measures.html")
    total = len(column(page, "measures", 0))
    page.select_option(".controls[data-table=measures] select[data-column='0']", "magic")
    tasks = column(page, "measures", 0)
    assert set(tasks) == {"magic"}
    assert 5 < len(tasks) < total
    assert page.inner_text(".controls[data-table=measures] output") == f"{len(tasks)} of {total} rows"
    page.fill(".controls[data-table=measures] input[type=search]", "arf")
    rows = column(page, "measures", 1)
    assert len(rows) == 1
    assert rows[0].startswith("arf")
    page.fill(".controls[data-table=measures] input[type=search]", "")
    page.select_option(".controls[data-table=measures] select[data-column='0']", "")
    assert len(column(page, "measures", 0)) == total


def test_a_reader_follows_links_from_the_overview_to_a_generator_and_a_task(page):
    open_page(page, "index.html")
    page.locator("#ranking-tabular-tasks a", has_text="arf").first.click()
    assert page.url.endswith("generator-arf.html")
    assert page.inner_text("h1") == "Generator arf"
    assert "magic" in column(page, "across-tasks", 0)
    _screenshot(page, "site-generator-arf.png")
    page.locator("#across-tasks a", has_text="magic").first.click()
    assert page.url.endswith("task-magic.html")
    assert page.inner_text("h1") == "Task magic"
    ranks = column(page, "standings", 0)
    assert ranks == [str(i) for i in range(1, len(ranks) + 1)]
    plot = page.locator("img[alt='compression curves for magic']")
    assert plot.evaluate("img => img.complete && img.naturalWidth > 0")
    _screenshot(page, "site-task-magic.png")


def test_the_skip_link_is_the_first_stop_of_the_keyboard(page):
    open_page(page, "index.html")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "skip to content"


def test_on_a_phone_only_the_tables_scroll_sideways(browser):
    page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
    for name in ("index.html", "task-magic.html", "measures.html", "generator-arf.html"):
        open_page(page, name)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{name} is {width}px wide on a 390px screen"
    page.close()


def _screenshot(page, name: str) -> None:
    folder = os.environ.get("TSCBENCH_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / name))
