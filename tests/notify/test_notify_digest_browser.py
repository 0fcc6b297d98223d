"""The staff digest as Chromium shows it, at a desktop (1 200 px) and a phone (390 px) width:
screenshots in the test's directory, and nothing wider than the phone's screen."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from notify.digest import build_digest
from tests.notify.digesthelp import END, START, fill

CHROMIUM = Path("/usr/bin/chromium")  # Debian's package (make system-deps); never a downloaded build
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]

# what sticks out to the right of the viewport: the page's width, and any element's right edge
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


def test_the_digest_reads_on_a_desktop_and_on_a_phone(browser, session, settings, call, tmp_path):
    fill(session, settings)
    page_file = tmp_path / "digest.html"
    page_file.write_text(build_digest(session, settings, call, START, END).html, encoding="utf-8")
    seen = {}
    for width in (1200, 390):
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.goto(page_file.as_uri())
        shot = tmp_path / f"digest-{width}.png"
        page.screenshot(path=str(shot), full_page=True)
        print(f"capture {width} px : {shot}")
        seen[width] = page.evaluate(OVERFLOW)
        # the three figures of a dossier stay side by side, even on the phone
        tops = page.evaluate("""() => [...document.querySelectorAll('td')]
            .filter(td => /^(Coût total|Demande Anact|Co-financement)/.test(td.innerText))
            .slice(0, 3).map(td => Math.round(td.getBoundingClientRect().top))""")
        assert len(tops) == 3 and len(set(tops)) == 1, (width, tops)
        page.close()
    for width, s in seen.items():
        assert s["scroll"] <= s["inner"] and not s["wide"], (width, s)
    assert os.path.getsize(tmp_path / "digest-390.png") > 10_000
