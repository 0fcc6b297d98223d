"""Our answers cannot be turned against anyone: caps per mailbox (case, +tag), per domain and per
hour; subjects of our own words; the sender's file names and title shown shortened and without
links; header lines that stay under 998 characters whatever the trigger carries; no answer to
mail that asks for none. Each answer goes to a real SMTP server (aiosmtpd on loopback), the store
is SQLite or PostgreSQL."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from notify.answers import decide_answer
from service.jobs import flush_outbox
from store.models import Outbox, utcnow
from tests.notify.notifyhelp import NOW, Factory


def answer(s, d, m, call, settings, now, headers=None):
    return decide_answer(s, dossier=d, trigger=m, trigger_headers=headers or {}, previous_status=None,
                         previous_missing=None, call=call, settings=settings, now=now)


def decoded(received) -> str:
    """Every header (decoded) and every text part of a received message."""
    msg = received.message
    parts = [f"{k}: {v}" for k, v in msg.items()]
    parts += [p.get_content() for p in msg.walk() if p.get_content_maintype() == "text"]
    return "\n".join(parts)


def test_victim_plus_tags_get_one_answer_a_day_in_all(runtime, smtp_server, call):
    """Thirty forged senders victime+1@ … victime+30@ (and case variants): one mailbox. Before: 30
    answers, the cap counting exact addresses."""
    rt = runtime()
    t0 = utcnow().replace(microsecond=0) - timedelta(minutes=5)
    with Session(rt.engine, expire_on_commit=False) as s:
        f = Factory(s)
        for n in range(1, 31):
            addr = f"victime+{n}@entreprise.example" if n % 3 else f"Victime+{n}@Entreprise.example"
            d = f.dossier(applicant_email=addr, status="complete")
            answer(s, d, f.message(d, from_addr=addr), call, rt.settings, t0 + timedelta(seconds=n))
        s.commit()
    flush_outbox(rt)
    got = [m for m in smtp_server.messages if m.rcpt_tos[0].lower().startswith("victime")]
    assert len(got) == 1
    with Session(rt.engine) as s:
        held = s.exec(select(Outbox).where(Outbox.status == "held")).all()
    assert len(held) == 29 and all("autre écriture de la même adresse" in h.last_error for h in held)
    flush_outbox(rt, now=t0 + timedelta(hours=24, seconds=30))  # the next day: one more, not 29
    got = [m for m in smtp_server.messages if m.rcpt_tos[0].lower().startswith("victime")]
    assert len(got) == 2


def test_caps_per_domain_and_per_hour_hold_answers_until_they_allow(runtime, smtp_server, call):
    rt = runtime(domain_daily_cap=2, hourly_answer_cap=3)
    t0 = utcnow().replace(microsecond=0) - timedelta(minutes=5)
    addrs = ["a.martin@grande-entreprise.example", "b.durand@grande-entreprise.example",
             "c.petit@grande-entreprise.example", "d@asso-un.example", "e@asso-deux.example"]
    with Session(rt.engine, expire_on_commit=False) as s:
        f = Factory(s)
        for i, addr in enumerate(addrs):
            d = f.dossier(applicant_email=addr, status="complete")
            answer(s, d, f.message(d, from_addr=addr), call, rt.settings, t0 + timedelta(seconds=i))
        s.commit()
        held = {r.to_addr: r for r in s.exec(select(Outbox).where(Outbox.status == "held"))}
    assert sorted(held) == ["c.petit@grande-entreprise.example", "e@asso-deux.example"]
    assert "domaine" in held[addrs[2]].last_error and "horaire" in held[addrs[4]].last_error
    assert held[addrs[4]].next_attempt_at == t0 + timedelta(hours=1)
    flush_outbox(rt)
    assert sorted(m.rcpt_tos[0] for m in smtp_server.messages) == sorted(addrs[:2] + addrs[3:4])
    flush_outbox(rt, now=t0 + timedelta(hours=1, seconds=10))  # the hour has passed, not the day
    assert sorted(m.rcpt_tos[0] for m in smtp_server.messages) == sorted(addrs[:2] + addrs[3:])
    flush_outbox(rt, now=t0 + timedelta(hours=24, seconds=10))
    assert len(smtp_server.messages) == 5


HOSTILE_SUBJECT = "Votre compte Anact expire – confirmez vos identifiants sur https://anact-verif.example/connexion"
HOSTILE_NAMES = [
    "Votre compte Anact expire - confirmez vos identifiants sur anact-verif.example.pdf",
    "http:⁄⁄evil.example⁄login?next=anact.docx",
    "mot de passe : support@anact-verif.example.xlsx",
    "Cliquez ici www．anact-verif．example.odt",
    "facture\u202egnp.exe.pdf",
    "annexes.zip",
]


def test_a_hostile_subject_and_file_names_never_reach_our_answer(runtime, smtp_server, call):
    """Before: the answer's subject quoted the sender's, and its body the file names as written,
    so fabrique@anact.fr relayed a phishing sentence and its link."""
    rt = runtime()
    with Session(rt.engine, expire_on_commit=False) as s:
        f = Factory(s)
        d = f.dossier(project_title="Mise à jour obligatoire de votre compte : www.anact-verif.example",
                      status="incomplete", missing=["budget.personnel"])
        m = f.message(d, subject=HOSTILE_SUBJECT)
        for name in HOSTILE_NAMES:
            f.attachment(m, name)
        answer(s, d, m, call, rt.settings, NOW)  # within the call's period: a date to answer by is asked
        s.commit()
    flush_outbox(rt)
    [received] = smtp_server.messages
    assert str(received.message["Subject"]) == f"[{d.reference}] Demande de compléments pour votre candidature"
    everything = decoded(received)
    for hostile in [HOSTILE_SUBJECT, *HOSTILE_NAMES, "anact-verif.example", "evil.example",
                    "http", "www", "://", "⁄⁄", "support@", "annexes.zip", "\u202e"]:
        assert hostile not in everything, hostile
    text = received.message.get_body(("plain",)).get_content()
    html = received.message.get_body(("html",)).get_content()
    for body in (text, html):  # no domain name a client could link, but ours
        assert re.findall(r"[\w-]+(?:[.．。][^\W\d_][\w-]*)+", body.replace("anact.fr", "")) == []
    # what remains is short, readable and link-free: the applicant still recognises the documents
    assert "Documents reçus\u202f:" in text and "annexes (zip)" in text and "(pdf)" in text
    for line in text.splitlines():
        if line.startswith("  - ") and "(" in line:
            assert len(line) <= 60, line
    assert "dépenses de personnel" in text and "Bonjour Jeanne Dupont," in text


def test_a_huge_message_id_or_display_name_still_gives_a_valid_answer(runtime, store_url, smtp_server, call):
    """A 3 000-character Message-ID and References, a 2 000-character display name (ASCII or not):
    before, header lines over 998 characters (refused by SMTP servers, `status` red for a day).
    (PostgreSQL stores a Message-ID of 998 characters at most: the trigger's is 990 there.)"""
    rt = runtime()
    huge_id = "<" + "x" * (3000 if store_url.startswith("sqlite") else 970) + "@cabinet.example>"
    huge_refs = "<" + "y" * 3000 + "@cabinet.example>"
    names = ["Jeanne " * 300, "Éloïse " * 300, "J" * 2000]
    with Session(rt.engine, expire_on_commit=False) as s:
        f = Factory(s)
        for i, name in enumerate(names):
            addr = f"porteuse{i}@structure{i}.example"
            d = f.dossier(applicant_email=addr, applicant_name=name, status="complete")
            m = f.message(d, message_id=huge_id if i == 0 else f"<m{i}@structure{i}.example>",
                          references=f"<debut@structure{i}.example> {huge_refs} {huge_id}")
            answer(s, d, m, call, rt.settings, utcnow(), headers={"references": m.references})
        s.commit()
    flush_outbox(rt)
    assert len(smtp_server.messages) == 3
    for i, received in enumerate(sorted(smtp_server.messages, key=lambda r: r.rcpt_tos[0])):
        head = received.raw.split(b"\r\n\r\n", 1)[0]
        assert max(len(line) for line in head.split(b"\r\n")) <= 998
        msg = received.message
        assert [a.addr_spec for a in msg["To"].addresses] == [f"porteuse{i}@structure{i}.example"]
        assert msg["In-Reply-To"] in (None, f"<m{i}@structure{i}.example>")
        assert "x" * 300 not in str(msg["References"]) and "y" * 300 not in str(msg["References"])
        assert str(msg["References"]).split()[0] == f"<debut@structure{i}.example>"
    with Session(rt.engine) as s:
        assert {r.status for r in s.exec(select(Outbox))} == {"sent"}


@pytest.mark.parametrize("headers", [
    {"X-Loop": "fabrique@anact.fr"},
    {"X-Loop": "Fabrique CTO <FABRIQUE@anact.fr>"},
    {"X-Auto-Response-Suppress": "All"},
    {"X-Auto-Response-Suppress": "DR, AutoReply"},
    {"X-Auto-Response-Suppress": "OOF"},
    {"X-Autoresponse": "oui"},
])
def test_mail_asking_for_no_answer_gets_none(runtime, smtp_server, call, headers):
    rt = runtime()
    with Session(rt.engine, expire_on_commit=False) as s:
        f = Factory(s)
        d = f.dossier()
        assert answer(s, d, f.message(d), call, rt.settings, utcnow(), headers=headers) is None
        # receipts only (delivery, read), or another system's loop marker: our answer is still wanted
        other = f.dossier()
        assert answer(s, other, f.message(other), call, rt.settings, utcnow(),
                      headers={"X-Auto-Response-Suppress": "DR, NDR, RN, NRN",
                               "X-Loop": "courrier@structure.example"}) is not None
        s.commit()
    flush_outbox(rt)
    assert [m.rcpt_tos[0] for m in smtp_server.messages] == [other.applicant_email]
    with Session(rt.engine) as s:
        assert [r.dossier_id for r in s.exec(select(Outbox))] == [other.id]
