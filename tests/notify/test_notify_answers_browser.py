"""Each kind of answer (its HTML part) as Chromium shows it on a phone (390 px) and a desktop:
screenshots in the test's directory, and nothing wider than the phone's screen (a long file name
once pushed the answer off it)."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.notify.answershelp import every_answer, parts

CHROMIUM = Path("/usr/bin/chromium")  # Debian's package (make system-deps); never a downloaded build
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]

# the page's width against the viewport's, and what sticks out to the right of it
OVERFLOW = """() => {
  const w = window.innerWidth;
  const wide = [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > w + 0.5)
    .map(e => e.tagName + ': ' + (e.textContent || '').trim().slice(0, 60));
  return {scroll: document.documentElement.scrollWidth, inner: w, wide: wide.slice(0, 5)};
}"""


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright absent: pip install -e '.[test]'")
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium absent: make system-deps")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


def test_every_answer_reads_on_a_phone(browser, session, make, call, settings, tmp_path):
    rows = every_answer(session, make, call, settings)
    page = browser.new_page(viewport={"width": 390, "height": 844})
    seen = {}
    for name, row in rows.items():
        html = parts(row)[1]
        page.set_content(html)
        shot = tmp_path / f"{name}-390.png"
        page.screenshot(path=str(shot), full_page=True)
        print(f"capture 390 px : {shot}")
        seen[name] = page.evaluate(OVERFLOW)
        assert shot.stat().st_size > 10_000, name
    page.set_viewport_size({"width": 1200, "height": 900})
    for name in ("fichiers_illisibles", "hors_delai"):
        page.set_content(parts(rows[name])[1])
        page.screenshot(path=str(tmp_path / f"{name}-1200.png"), full_page=True)
    page.close()
    for name, s in seen.items():
        assert s["scroll"] <= s["inner"] and not s["wide"], (name, s)
