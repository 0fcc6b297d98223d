"""Each kind of answer (its HTML part) as Chromium shows it on a phone (390 px) and a desktop:
screenshots in the test's directory, and nothing wider than the phone's screen (a long file name
once pushed the answer off it)."""
from __future__ import annotations


from tests.browser import OVERFLOW
from tests.notify.answershelp import every_answer, parts


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
