"""decide_answer: which answer, its headers and contents, one per state, and the guards."""
from __future__ import annotations

from datetime import timedelta
from email import message_from_bytes
from email.policy import default as default_policy

import pytest
from sqlmodel import select

from notify.answers import decide, decide_answer, dedupe_key
from store.models import Outbox

from tests.notify.notifyhelp import ALL_KEYS, NOW


def answer(session, dossier, trigger, call, settings, *, headers=None, previous_status=None,
           previous_missing=None, now=NOW):
    return decide_answer(session, dossier=dossier, trigger=trigger, trigger_headers=headers or {},
                         previous_status=previous_status, previous_missing=previous_missing,
                         call=call, settings=settings, now=now)


def parsed(row):
    return message_from_bytes(row.raw, policy=default_policy)


def bodies(row):
    """Text and HTML parts, their no-break spaces read as spaces (tests/notify/test_notify_typography.py
    checks those)."""
    msg = parsed(row)
    return tuple(msg.get_body((kind,)).get_content().replace("\u202f", " ").replace("\u00a0", " ")
                 for kind in ("plain", "html"))


def test_new_complete_dossier_gets_an_acknowledgement(session, make, call, settings):
    d = make.dossier()
    m = make.message(d)
    make.attachment(m, "projet-fabrique.pdf")
    make.attachment(m, "budget.xlsx", extraction="encrypted")
    row = answer(session, d, m, call, settings)
    assert row is not None and row.kind == "acknowledgement" and row.status == "pending"
    assert row.to_addr == d.applicant_email
    assert row.dedupe_key == dedupe_key(d.reference, "acknowledgement", [])
    text, html = bodies(row)
    for body in (text, html):
        assert "Bonjour Jeanne Dupont," in body
        assert d.reference in body
        assert "projet-fabrique (pdf)" in body and "budget (xlsx)" in body
        assert "La description du projet" in body and "Le budget détaillé" in body
    if getattr(call, "selection_date", None):
        assert "2 septembre 2022" in text
    assert "<script" not in html


def test_new_incomplete_dossier_gets_a_completion_request_in_the_calls_words(session, make, call, settings):
    missing = ["budget.personnel", "partenaires.contributions", "description.phasage"]
    d = make.dossier(status="incomplete", missing=missing)
    m = make.message(d)
    row = answer(session, d, m, call, settings)
    assert row.kind == "completion_request"
    text, html = bodies(row)
    assert "dépenses de personnel" in text
    assert "phasage détaillé" in text
    assert "contribution attendue" in text
    assert "20 août 2022" in text  # NOW + 10 days, in French
    assert "20 août 2022" in html
    assert "conservant la référence" in text and d.reference in text
    assert "budget.personnel" not in text  # keys never reach applicants


def test_state_changes(session, make, call, settings):
    """Each answer is decided against the last one queued for the dossier."""
    d = make.dossier(status="incomplete", missing=["budget.personnel", "partenaires.liste"])
    m = make.message(d)
    assert answer(session, d, m, call, settings).kind == "completion_request"
    # still incomplete, same missing set -> nothing
    m2 = make.message(d, classification="reply")
    assert answer(session, d, m2, call, settings) is None
    # still incomplete, different set -> a new request
    d.missing = ["budget.personnel"]
    row = answer(session, d, m2, call, settings)
    assert row.kind == "completion_request"
    # now complete -> completion acknowledgement
    d.status, d.missing = "complete", []
    row = answer(session, d, m2, call, settings)
    assert row.kind == "completion_acknowledgement"
    assert "désormais complet" in bodies(row)[0]
    # complete and still complete -> nothing
    assert answer(session, d, m2, call, settings) is None
    assert [r.kind for r in session.exec(select(Outbox).order_by(Outbox.id))] == [
        "completion_request", "completion_request", "completion_acknowledgement"]


def test_one_answer_per_state(session, make, call, settings):
    d = make.dossier(status="incomplete", missing=["budget.personnel"])
    m = make.message(d)
    first = answer(session, d, m, call, settings)
    session.commit()
    again = answer(session, d, m, call, settings)  # reprocess / re-import of the same state
    assert first is not None and again is None
    assert len(session.exec(select(Outbox)).all()) == 1
    # same call inside one uncommitted transaction: still one row
    d2 = make.dossier(status="complete")
    m2 = make.message(d2)
    assert answer(session, d2, m2, call, settings) is not None
    assert answer(session, d2, m2, call, settings) is None
    session.commit()
    assert len(session.exec(select(Outbox)).all()) == 2


def test_headers(session, make, call, settings):
    d = make.dossier(project_title=None)
    m = make.message(d, subject="Re: TR: Proposition Fabrique CTO", message_id="<orig-42@cabinet.fr>")
    headers = {"references": "<a1@x.fr> <a2@x.fr>"}
    row = answer(session, d, m, call, settings, headers=headers)
    msg = parsed(row)
    assert msg["In-Reply-To"] == "<orig-42@cabinet.fr>"
    assert msg["References"].split() == ["<a1@x.fr>", "<a2@x.fr>", "<orig-42@cabinet.fr>"]
    assert msg["Auto-Submitted"] == "auto-replied"
    assert msg["X-Auto-Response-Suppress"] == "All"
    assert msg["Subject"] == f"[{d.reference}] Accusé de réception de votre candidature"
    assert msg["From"].addresses[0].addr_spec == "fabrique@anact.fr"
    assert msg["To"].addresses[0].addr_spec == d.applicant_email
    assert msg["Date"].datetime == NOW
    assert msg.get_content_type() == "multipart/alternative"
    assert msg["Message-ID"] == row.message_id
    assert row.message_id.startswith(f"<{d.reference}.acknowledgement.") and row.message_id.endswith("@anact.fr>")


def test_message_id_is_deterministic(engine, tmp_path, call, settings):
    from sqlmodel import Session

    from tests.notify.notifyhelp import Factory

    ids = []
    for _ in range(2):  # two separate databases, same dossier and state
        with Session(engine) as s:
            f = Factory(s)
            d = f.dossier(reference="FCTO-2022-0042", status="incomplete", missing=["budget.prestations"])
            row = answer(s, d, f.message(d), call, settings)
            ids.append(row.message_id)
            s.rollback()
    assert ids[0] == ids[1]


@pytest.mark.parametrize("name", [
    "Jeanne\r\nBcc: victime@exemple.fr",
    "Jeanne\nX-Injected: oui",
    "=?utf-8?q?Jeanne=0D=0ABcc:_victime@exemple.fr?=",
])
def test_display_name_cannot_inject_a_header(session, make, call, settings, name):
    d = make.dossier(applicant_name=name, project_title="Titre\r\nBcc: autre@exemple.fr")
    row = answer(session, d, make.message(d, subject="Objet\r\nX-Evil: 1"), call, settings)
    msg = parsed(row)
    assert msg["Bcc"] is None and msg["X-Injected"] is None and msg["X-Evil"] is None
    assert [a.addr_spec for a in msg["To"].addresses] == [d.applicant_email]
    head = row.raw.split(b"\r\n\r\n", 1)[0]
    for line in head.split(b"\r\n"):
        assert not line.lower().startswith((b"bcc", b"x-injected", b"x-evil"))


@pytest.mark.parametrize("headers", [
    {"auto-submitted": "auto-replied"},
    {"auto-submitted": "auto-generated; owner-email=x@y.fr"},
    {"precedence": "bulk"},
    {"precedence": "list"},
    {"precedence": "junk"},
    {"list-id": "<liste.exemple.fr>"},
    {"list-unsubscribe": "<mailto:unsub@exemple.fr>"},
    {"x-autoreply": "yes"},
    {"x-autorespond": "yes"},
    {"return-path": "<>"},
])
def test_no_answer_to_automatic_or_list_mail(session, make, call, settings, headers):
    d = make.dossier()
    assert answer(session, d, make.message(d), call, settings, headers=headers) is None
    assert session.exec(select(Outbox)).first() is None


def test_auto_submitted_no_is_answered(session, make, call, settings):
    d = make.dossier()
    assert answer(session, d, make.message(d), call, settings, headers={"auto-submitted": "No"}) is not None


@pytest.mark.parametrize("addr", [
    "fabrique@anact.fr", "FABRIQUE@anact.fr", "equipe@anact.fr", "chef@anact.fr",
    "noreply@cabinet.fr", "no-reply@cabinet.fr", "do-not-reply@cabinet.fr", "mailer-daemon@cabinet.fr",
    "MAILER-DAEMON@cabinet.fr", "postmaster@cabinet.fr", "bounce@cabinet.fr", "liste-bounces@cabinet.fr",
    "", "pas-une-adresse", "a b@cabinet.fr", "jeanne@cabinet.fr\r\nBcc: x@y.fr",
])
def test_no_answer_to_ourselves_machines_or_bad_addresses(session, make, call, settings, addr):
    d = make.dossier(applicant_email=addr)
    decision = decide(session, dossier=d, trigger=make.message(d, from_addr=addr or None), trigger_headers={},
                      previous_status=None, previous_missing=None, call=call, settings=settings, now=NOW)
    assert decision.outbox is None and decision.reason


def test_trigger_from_a_machine_is_not_answered(session, make, call, settings):
    d = make.dossier()
    m = make.message(d, from_addr="mailer-daemon@relais.fr", classification="reply")
    assert answer(session, d, m, call, settings) is None


def test_daily_cap_per_address(session, make, call, settings):
    settings = settings.model_copy(update={"sender_daily_cap": 2})
    rows = []
    for i in range(4):
        d = make.dossier(applicant_email="prolifique@cabinet.fr")
        rows.append(answer(session, d, make.message(d), call, settings, now=NOW + timedelta(hours=i)))
    assert [r is not None for r in rows] == [True, True, False, False]
    d = make.dossier(applicant_email="Prolifique@Cabinet.fr")
    assert answer(session, d, make.message(d), call, settings, now=NOW + timedelta(hours=25)) is not None


def test_every_missing_key_has_words(session, make, call, settings):
    d = make.dossier(status="incomplete", missing=list(ALL_KEYS))
    text, html = bodies(answer(session, d, make.message(d), call, settings))
    for key in ALL_KEYS:
        assert key not in text
    assert text.count("\n  - ") >= len(ALL_KEYS)
    assert "…" not in text.split("n’ont pas été trouvés")[1].split("Nous vous remercions")[0]


ENCODED_CRLF = "=?utf-8?q?x=0D=0ABcc:_victime@exemple.fr?="


def test_encoded_words_cannot_inject_headers(session, make, call, settings):
    # Python 3.11's email package decodes encoded words while folding: they must never reach it.
    d = make.dossier(applicant_name=ENCODED_CRLF, project_title=None)
    m = make.message(d, subject=f"Candidature {ENCODED_CRLF}", message_id=f"<{ENCODED_CRLF}@x.fr>")
    row = answer(session, d, m, call, settings, headers={"references": f"<ok@x.fr> {ENCODED_CRLF} <{ENCODED_CRLF}@y>"})
    msg = parsed(row)
    assert msg["Bcc"] is None
    assert msg["In-Reply-To"] is None  # an unusable Message-ID is dropped, not repeated
    assert msg["References"] == "<ok@x.fr>"
    head = row.raw.split(b"\r\n\r\n", 1)[0]
    assert b"\r\nBcc" not in head and b"\nBcc" not in head
    assert "victime" not in msg["Subject"]  # the subject is ours: the reference and our words


def test_check_header_block_refuses_unexpected_headers():
    from notify.compose import check_header_block

    check_header_block(b"From: a@b\r\nTo: c@d\r\nSubject: x\r\n\r\nbody", set())
    with pytest.raises(ValueError):
        check_header_block(b"From: a@b\r\nTo: c@d\r\nBcc: e@f\r\n\r\nbody", set())


def test_calls_mailbox_is_ours(session, make, call, settings):
    settings = settings.model_copy(update={"FABRIQUE_FROM": "Autre <autre@anact.fr>"})
    d = make.dossier(applicant_email=getattr(call, "mailbox", None) or "fabrique@anact.fr")
    assert answer(session, d, make.message(d), call, settings) is None


def test_without_a_selection_date_the_text_stays_sensible(session, make, settings):
    from types import SimpleNamespace

    bare = SimpleNamespace(name="autre-appel", title="Autre appel", labels={"a.b": "la pièce A"})
    d = make.dossier(status="complete")
    text, html = bodies(answer(session, d, make.message(d), bare, settings))
    assert "à l’issue de la période de candidature" in text
    assert "Autre appel" in text


def test_acknowledgement_names_the_selection_date(session, make, call, settings):
    if getattr(call, "selection_date", None) is None:
        pytest.skip("the call definition has no selection date")
    d = make.dossier()
    text, html = bodies(answer(session, d, make.message(d), call, settings))
    assert "La sélection des projets aura lieu le 2 septembre 2022" in text
    assert "2 septembre 2022" in html


def test_subject_is_the_reference_and_our_words(session, make, call, settings):
    d = make.dossier(project_title="Titre du porteur", status="incomplete", missing=["budget.personnel"])
    m = make.message(d, subject=f"RE: [{d.reference}] Re: Compléments budget", classification="reply")
    row = answer(session, d, m, call, settings)
    assert row.subject == f"[{d.reference}] Demande de compléments pour votre candidature"
    assert parsed(row)["Subject"] == row.subject


def test_many_long_file_names_are_listed_short_and_counted(session, make, call, settings):
    d = make.dossier()
    m = make.message(d)
    for i in range(18):
        make.attachment(m, f"Annexe {i} - lettre de soutien de l'organisme partenaire numéro {i}.pdf")
    text, html = bodies(answer(session, d, m, call, settings))
    listed = [line for line in text.splitlines() if line.startswith("  - Annexe")]
    assert len(listed) == 15 and "  - et 3 autres documents" in text and "et 3 autres documents" in html
    assert listed[0] == "  - Annexe 0 - lettre de … partenaire numéro 0 (pdf)"  # its start and end, where names differ
    assert "\n\n\nL’appel" not in text and "\n\n\nVotre proposition" not in text
