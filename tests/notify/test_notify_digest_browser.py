"""The staff digest as Chromium shows it, at a desktop (1 200 px) and a phone (390 px) width:
screenshots in the test's directory, and nothing wider than the phone's screen."""
from __future__ import annotations

import os

from notify.digest import build_digest
from tests.browser import OVERFLOW
from tests.notify.digesthelp import END, START, fill


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
