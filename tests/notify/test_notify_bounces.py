"""Our answers that come back: the bounce matched to the answer and its dossier, the Outbox row
"bounced" with the reason, shown to staff (notify.bounces.bounced_answers, the export).

Before: a bounce naming our acknowledgement was only counted, and the answer stayed "sent" (or
"written") with nothing said to staff."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlmodel import Session, select

from ingest.classify import bounce_details
from notify.bounces import bounce_reason, bounced_answers
from service.jobs import flush_outbox, import_paths
from store.export import export_document
from store.models import Message, Outbox
from tests.notify.answershelp import answer
from tests.notify.notifyhelp import Factory

BOUNCED_AT = "Thu, 11 Aug 2022 08:15:00 +0000"
WHO = "claire.fontaine@atelier-nord.example"


def dsn(original_id: str, *, action: str = "failed", status: str = "5.1.1",
        diagnostic: str = "smtp; 550 5.1.1 <{who}>: Recipient address rejected: User unknown") -> bytes:
    """A delivery status notification (RFC 3464) as Postfix writes one, returning our answer's headers."""
    diagnostic = diagnostic.format(who=WHO)
    return f"""From: MAILER-DAEMON@relais.atelier-nord.example (Mail Delivery System)
To: fabrique@anact.fr
Subject: Undelivered Mail Returned to Sender
Date: {BOUNCED_AT}
Message-ID: <20220811081500.ABC12@relais.atelier-nord.example>
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B0UND"

--B0UND
Content-Type: text/plain; charset=us-ascii

This is the mail system at host relais.atelier-nord.example.
I'm sorry to have to inform you that your message could not be delivered.

--B0UND
Content-Type: message/delivery-status

Reporting-MTA: dns; relais.atelier-nord.example
Arrival-Date: Thu, 11 Aug 2022 08:14:58 +0000

Final-Recipient: rfc822; {WHO}
Original-Recipient: rfc822;{WHO}
Action: {action}
Status: {status}
Diagnostic-Code: {diagnostic}

--B0UND
Content-Type: text/rfc822-headers

From: Fabrique CTO <fabrique@anact.fr>
To: {WHO}
Subject: [FCTO-2022-0001] =?utf-8?q?Accus=C3=A9_de_r=C3=A9ception?=
Message-ID: {original_id}

--B0UND--
""".replace("\n", "\r\n").encode()


def relay_text(original_id: str) -> bytes:
    """A bounce without a report: a relay's words, then a copy of the message below them."""
    return f"""From: Mail Delivery System <Mailer-Daemon@mx.atelier-nord.example>
To: fabrique@anact.fr
Subject: Mail delivery failed: returning message to sender
Date: {BOUNCED_AT}
Message-ID: <E1oLx-0004@mx.atelier-nord.example>
X-Failed-Recipients: {WHO}
Content-Type: text/plain; charset=utf-8

This message was created automatically by mail delivery software.

A message that you sent could not be delivered to one or more of its recipients:

  {WHO}
    host mx.atelier-nord.example [192.0.2.7]
    SMTP error from remote mail server after RCPT TO:<{WHO}>:
    550-5.1.1 The email account that you tried to reach does not exist.

------ This is a copy of the message, including all the headers. ------

From: Fabrique CTO <fabrique@anact.fr>
To: {WHO}
Subject: [FCTO-2022-0001] Accuse de reception
Message-ID: {original_id}

Bonjour,
""".replace("\n", "\r\n").encode()


def our_answer(rt, smtp_server) -> Outbox:
    """An acknowledgement sent (or written, without SMTP) for a new dossier."""
    with Session(rt.engine, expire_on_commit=False) as s:
        f = Factory(s)
        d = f.dossier(applicant_email=WHO, applicant_name="Claire Fontaine")
        row = answer(s, d, f.message(d), rt.call, rt.settings)
        s.commit()
    flush_outbox(rt)
    with Session(rt.engine) as s:
        return s.get(Outbox, row.id)


def receive(rt, tmp_path, raw: bytes, name: str = "bounce.eml") -> None:
    path = tmp_path / name
    path.write_bytes(raw)
    import_paths(rt, [path])


@pytest.mark.parametrize("smtp", [True, False], ids=["sent", "written"])
@pytest.mark.parametrize("shape", ["dsn", "relay_text"])
def test_a_bounce_of_our_answer_is_recorded_on_it_for_staff(runtime, smtp_server, tmp_path, smtp, shape):
    rt = runtime() if smtp else runtime(smtp_host=None)
    sent = our_answer(rt, smtp_server)
    assert sent.status == ("sent" if smtp else "written")
    receive(rt, tmp_path, (dsn if shape == "dsn" else relay_text)(sent.message_id))
    with Session(rt.engine) as s:
        row = s.get(Outbox, sent.id)
        assert row.status == "bounced"
        assert row.last_error == "adresse inconnue (550 5.1.1)"
        assert row.bounced_at == datetime(2022, 8, 11, 8, 15, tzinfo=timezone.utc)
        [shown] = bounced_answers(s)
        assert (shown.reference, shown.kind, shown.to, shown.reason) == (
            "FCTO-2022-0001", "acknowledgement", WHO, "adresse inconnue (550 5.1.1)")
        bounce = s.exec(select(Message).where(Message.classification == "bounce")).one()
        assert bounce.dossier_id is None and sent.message_id in bounce.error
        doc = export_document(s, rt.call.name)
    [note] = doc["dossiers"][0]["notifications"]
    assert note["status"] == "sent" and note["bounce"]["reason"] == "adresse inconnue (550 5.1.1)"
    assert note["bounce"]["at"].startswith("2022-08-11T10:15:00")  # Paris time


def test_a_delay_notice_is_not_a_bounce(runtime, smtp_server, tmp_path):
    rt = runtime()
    sent = our_answer(rt, smtp_server)
    receive(rt, tmp_path, dsn(sent.message_id, action="delayed", status="4.4.7",
                              diagnostic="smtp; 451 4.4.7 delivery temporarily suspended"))
    with Session(rt.engine) as s:
        assert s.get(Outbox, sent.id).status == "sent" and bounced_answers(s) == []


def test_a_bounce_of_someone_elses_mail_changes_nothing(runtime, smtp_server, tmp_path):
    rt = runtime()
    sent = our_answer(rt, smtp_server)
    receive(rt, tmp_path, dsn("<autre-message.42@atelier-nord.example>"))
    with Session(rt.engine) as s:
        assert s.get(Outbox, sent.id).status == "sent" and bounced_answers(s) == []


@pytest.mark.parametrize("status, code, reason", [
    ("5.1.1", "550", "adresse inconnue (550 5.1.1)"),
    ("5.2.2", "552", "boîte aux lettres pleine (552 5.2.2)"),
    ("5.1.2", None, "domaine du destinataire inconnu (5.1.2)"),
    ("5.7.26", "550", "refusé par le serveur du destinataire (sécurité ou filtrage) (550 5.7.26)"),
    ("5.4.7", None, "délai de remise dépassé (5.4.7)"),
])
def test_bounce_reasons_in_staffs_words(status, code, reason):
    diagnostic = f"smtp; {code} {status} refused" if code else "x-unix; no route"
    assert bounce_reason(bounce_details(dsn("<a.b@anact.fr>", status=status, diagnostic=diagnostic))) == reason


def test_bounce_details_of_a_report():
    details = bounce_details(dsn("<FCTO-2022-0001.acknowledgement.0123456789abcdef@anact.fr>"))
    assert details.original_ids[0] == "<FCTO-2022-0001.acknowledgement.0123456789abcdef@anact.fr>"
    assert details.recipients == (WHO,) and details.action == "failed" and details.failed
    assert (details.status, details.smtp_code) == ("5.1.1", "550")
    assert "<20220811081500.ABC12@relais.atelier-nord.example>" not in details.original_ids  # its own id
