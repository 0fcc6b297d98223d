"""The review pages in Debian's Chromium, against one uvicorn server for the module: a person logs
in, opens a dossier, corrects an element, approves the answer (which then reaches the SMTP
server); strangers, forged forms and password guessers are turned away; the pages fit a phone and
can be used by keyboard, every control labelled."""
from __future__ import annotations

import http.client
import os
import re
import subprocess
import sys
import time

from sqlmodel import Session, select
from starlette.routing import Route

from store.models import AuditEntry, Correction, Outbox, RequirementResult
from tests.browser import OVERFLOW
from tests.web.conftest import PASSWORD, log_in

REF = "FCTO-2022-0001"  # the cooperative's proposal, its steering (pilotage) not found
OTHER = "FCTO-2022-0002"  # the association's, two messages

# every form control a person fills or chooses, and whether something names it
UNLABELLED = """() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
  .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label'))
  .map(e => e.outerHTML.slice(0, 120))"""


def _shot(page, tmp_path, shots, name: str) -> None:
    path = tmp_path / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    shots.append(f"{name} : {path}")
    print(f"capture : {path}")


def _fits(page) -> None:
    seen = page.evaluate(OVERFLOW)
    assert seen["scroll"] <= seen["inner"] and not seen["wide"], seen


def _tab_to(page, text: str, most: int = 200) -> int:
    """Press Tab until the focused element's text or label holds `text`; how many presses."""
    for n in range(1, most + 1):
        page.keyboard.press("Tab")
        focused = page.evaluate("() => { const e = document.activeElement; return (e.innerText || e.value || '')"
                                " + ' ' + (e.getAttribute('aria-label') || '') + ' ' + "
                                "([...(e.labels || [])].map(l => l.innerText).join(' ')) }")
        if text in focused:
            return n
    raise AssertionError(f"« {text} » never reached by Tab")


def test_list_and_dossier_fit_a_desktop_and_a_phone_and_are_keyboard_usable(browser, site, tmp_path, shots):
    for width in (1280, 390):
        context, page = log_in(browser, site, width=width)
        assert page.get_by_role("link", name=REF).is_visible()
        assert not page.evaluate(UNLABELLED)
        _shot(page, tmp_path, shots, f"liste-{width}")
        _fits(page)
        page.goto(site.url + "/dossiers")
        assert _tab_to(page, "Filtrer") < 40
        page.goto(site.url + f"/dossiers/{REF}")
        page.locator("details").evaluate_all("ds => ds.forEach(d => d.open = true)")  # every form shown
        assert not page.evaluate(UNLABELLED)
        page.locator("details").evaluate_all("ds => ds.forEach(d => d.open = false)")
        _shot(page, tmp_path, shots, f"dossier-{width}")
        _fits(page)
        page.goto(site.url + f"/dossiers/{REF}")
        assert _tab_to(page, "Valider et envoyer") < 30  # the waiting answer comes first
        assert _tab_to(page, "Corriger") < 20  # then the elements
        context.close()


def test_a_person_corrects_an_element_then_approves_the_answer_that_reaches_the_smtp_server(browser, site):
    context, page = log_in(browser, site)
    page.get_by_role("link", name=REF).click()
    page.wait_for_url(re.compile(f"/dossiers/{REF}$"))
    assert page.locator(".badge.incomplete").first.is_visible()
    item = page.locator("#elements li").filter(has_text="pilotage et la comitologie")
    assert item.locator(".badge.missing").is_visible()
    item.locator("summary").press("Enter")  # opened by keyboard
    item.get_by_label("Note").fill("comité de pilotage décrit en page 2 du document")
    item.get_by_role("button", name="Marquer présent").click()
    page.wait_for_load_state()
    assert "marqué présent" in page.locator("[role=status]").inner_text()
    assert page.locator(".badge.complete").first.is_visible()
    assert "Corrigé par marie.durand" in page.locator("#elements li").filter(has_text="pilotage et la comitologie").inner_text()
    with Session(site.rt.engine) as s:
        row = s.exec(select(RequirementResult).where(RequirementResult.key == "description.pilotage",
                                                     RequirementResult.dossier_id == site.dossier(REF).id)).one()
        assert row.present and row.confidence == "sure"
        assert s.exec(select(AuditEntry).where(AuditEntry.actor == "marie.durand",
                                               AuditEntry.dossier_ref == REF)).first() is not None
        waiting = s.exec(select(Outbox).where(Outbox.dossier_id == site.dossier(REF).id,
                                              Outbox.kind == "completion_acknowledgement")).one()
        assert waiting.status == "review"
    assert not [m for m in site.smtp.messages if "claire.dumas@coop-aide.example" in m.rcpt_tos]
    # the new answer (the dossier is complete) waits at the top of the page; the older request is outdated
    card = page.locator("article.answer").filter(has_text="Dossier complet")
    card.get_by_role("button", name="Valider et envoyer").click()
    page.wait_for_load_state()
    assert "Réponse validée" in page.locator("[role=status]").inner_text()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not site.smtp.to("claire.dumas@coop-aide.example"):
        time.sleep(0.2)
    received = site.smtp.to("claire.dumas@coop-aide.example")
    assert len(received) == 1, "the approved answer did not reach the SMTP server"
    assert "Dossier complet" in received[0].message["Subject"] and REF in received[0].message["Subject"]
    context.close()


def test_a_correction_survives_reprocess(site):
    """`fabrique-intake reprocess --all` reads every mail again: the element stays present."""
    with Session(site.rt.engine) as s:
        assert s.exec(select(Correction).where(Correction.dossier_ref == REF, Correction.kind == "requirement")).first()
    env = {**os.environ, "FABRIQUE_DATA_DIR": str(site.settings.data_dir),
           "FABRIQUE_DATABASE_URL": site.settings.database_url, "FABRIQUE_SMTP_HOST": "127.0.0.1",
           "FABRIQUE_SMTP_PORT": str(site.smtp.port), "FABRIQUE_SMTP_SECURITY": "none", "FABRIQUE_ANSWERS": "review"}
    done = subprocess.run([sys.executable, "-m", "service.cli", "reprocess", "--all"], env=env, capture_output=True,
                          text=True, timeout=300, cwd=os.path.dirname(os.path.dirname(os.path.dirname(__file__))))
    assert done.returncode == 0, done.stderr[-2000:]
    dossier = site.dossier(REF)
    assert dossier.status == "complete" and "description.pilotage" not in dossier.missing
    with Session(site.rt.engine) as s:
        # nothing new to say: the applicant already has the answer for this state
        assert len(s.exec(select(Outbox).where(Outbox.dossier_id == dossier.id)).all()) == 2


def test_a_stranger_gets_the_login_page_for_every_url(browser, site):
    context = browser.new_context()
    page = context.new_page()
    walked = 0
    for route in site.app.routes:
        if not isinstance(route, Route):
            continue  # the style sheet
        path = route.path.replace("{reference}", REF).replace("{id:int}", "1").replace("{position:int}", "1")
        for method in sorted(route.methods - {"HEAD"}):
            if method == "GET":
                page.goto(site.url + path)
                landed, text = page.url, page.content()
            else:
                response = context.request.post(site.url + path, form={"csrf": "x", "nom": "x"})
                landed, text = response.url, response.text()
            assert "/connexion" in landed and 'id="mot_de_passe"' in text, (method, path, landed)
            assert REF not in text or path.startswith("/connexion") or "suite=" in landed, (method, path)
            walked += 1
    assert walked >= 20
    page.goto(site.url + "/une/page/inconnue")
    assert "/connexion" in page.url
    context.close()


def test_a_forged_form_without_the_csrf_token_is_refused(browser, site):
    context, page = log_in(browser, site, "paul.martin")
    before = site.dossier(OTHER).missing
    for form in ({"element": "description.phasage", "decision": "present"},
                 {"element": "description.phasage", "decision": "present", "csrf": "jeton-invente"}):
        response = context.request.post(site.url + f"/dossiers/{OTHER}/elements", form=form, max_redirects=0)
        assert response.status == 403 and "Formulaire refusé" in response.text()
    assert site.dossier(OTHER).missing == before
    # the session's cookie: signed, HttpOnly, SameSite=Strict
    cookie = next(c for c in context.cookies() if c["name"] == "fabrique_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    context.close()


def test_login_attempts_are_limited_per_account(browser, site):
    context = browser.new_context()
    page = context.new_page()
    for _ in range(5):
        page.goto(site.url + "/connexion")
        page.get_by_label("Nom du compte").fill("paul.martin")
        page.get_by_label("Mot de passe").fill("pas le bon")
        page.get_by_role("button", name="Se connecter").click()
        assert "Nom ou mot de passe incorrect" in page.content()
    page.goto(site.url + "/connexion")
    page.get_by_label("Nom du compte").fill("paul.martin")
    page.get_by_label("Mot de passe").fill(PASSWORD)  # even the right one waits now
    page.get_by_role("button", name="Se connecter").click()
    assert "trop de tentatives" in page.content().lower() and "/connexion" in page.url
    # another account from the same browser still gets in
    page.get_by_label("Nom du compte").fill("marie.durand")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(site.url + "/dossiers")
    context.close()


def test_login_attempts_are_limited_per_address_behind_the_proxy(site):
    """20 failures from one client address (X-Forwarded-For from the trusted proxy), whatever the
    account: that address waits; another address does not."""
    def attempt(address: str, name: str, password: str) -> int:
        conn = http.client.HTTPConnection("127.0.0.1", int(site.url.rsplit(":", 1)[1]), timeout=30)
        conn.request("GET", "/connexion", headers={"X-Forwarded-For": address})
        first = conn.getresponse()
        page, cookie = first.read().decode(), first.getheader("Set-Cookie").split(";", 1)[0]
        token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
        from urllib.parse import urlencode

        conn.request("POST", "/connexion", body=urlencode({"csrf": token, "nom": name, "mot_de_passe": password}),
                     headers={"X-Forwarded-For": address, "Cookie": cookie,
                              "Content-Type": "application/x-www-form-urlencoded"})
        status = conn.getresponse().status
        conn.close()
        return status

    for i in range(20):
        assert attempt("198.51.100.7", f"devine{i}", "au hasard") == 401
    assert attempt("198.51.100.7", "marie.durand", PASSWORD) == 429
    assert attempt("198.51.100.8", "marie.durand", PASSWORD) == 303


def test_the_proxy_header_is_honoured_from_the_proxy_only(site):
    port = int(site.url.rsplit(":", 1)[1])
    trusted = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    trusted.request("GET", "/dossiers", headers={"X-Remote-User": "jeanne.roux"})
    answer = trusted.getresponse()
    assert answer.status == 200 and REF in answer.read().decode()
    other = http.client.HTTPConnection("127.0.0.1", port, timeout=30, source_address=("127.0.0.2", 0))
    other.request("GET", "/dossiers", headers={"X-Remote-User": "jeanne.roux"})
    refused = other.getresponse()
    assert refused.status == 303 and refused.getheader("Location").startswith("/connexion")
