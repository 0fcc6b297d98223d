"""A store holding one of each thing the staff digest shows, built in code (tests/notify)."""
from __future__ import annotations

from datetime import timedelta
from email.header import Header
from pathlib import Path

from sqlmodel import Session

from store.models import Alert, Dossier, Outbox
from tests.notify.notifyhelp import NOW, Factory

START, END = NOW - timedelta(days=1), NOW  # 9 August 2022 11:30 to 10 August 2022 11:30, Paris

# the call's own words for the plafond flag's reason, as extract/evaluate.py writes them
CAP_REASON = ("Le montant demandé à l'Anact (95 000 €) dépasse le plafond de l'appel "
              "(80 000 € net de taxe).")
LONG_WORD = "Budget_previsionnel_version_definitive_corrigee_apres_relecture_du_conseil_v4_signee.xlsx"


def _raw_header(subject: str, size: int = 0) -> bytes:
    head = (f"From: Henri Lourd <henri@fondation-sillons.example>\r\nTo: fabrique@anact.fr\r\n"
            f"Subject: {Header(subject, 'utf-8').encode()}\r\nMessage-ID: <h{size}@fondation-sillons.example>\r\n\r\n")
    return head.encode("ascii") + b"x" * size


def archive(settings, rel: str, raw: bytes) -> str:
    path = Path(settings.data_dir) / "archive" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(raw)
    return rel


def answer(session: Session, dossier: Dossier | None, n: int, **kw) -> Outbox:
    values = dict(dedupe_key=f"k{n}", dossier_id=dossier.id if dossier else None, kind="acknowledgement",
                  to_addr=dossier.applicant_email if dossier else "x@ex.fr",
                  subject=f"[{dossier.reference if dossier else 'X'}] Accusé de réception",
                  message_id=f"<o{n}@anact.fr>", raw=b"x", status="sent", created_at=NOW - timedelta(hours=3))
    values.update(kw)
    row = Outbox(**values)
    session.add(row)
    session.flush()
    return row


def fill(session: Session, settings) -> dict:
    """Dossiers new, completed, late on their completion; held, quarantined and failed mail; answers
    bounced, refused, waiting for the server; a question; a dossier to examine; an open alert."""
    make = Factory(session)
    h = timedelta(hours=1)
    out: dict = {}
    out["new"] = a = make.dossier(
        reference="FCTO-2022-0101", organisation="Coopérative des Ateliers Réunis",
        applicant_email="lea@ateliers.example",
        project_title="Outiller le dialogue sur les logiciels de planning", status="complete",
        flags=["plafond_depasse"], reasons=[CAP_REASON], received_at=NOW - 5 * h,
        budget={"acronym": "PLANIDIAL", "total_eur": 125000.0, "anact_request_eur": 95000.0,
                "cofinancing_eur": 30000.0, "cofinancing_share": 0.24})
    make.message(a, created_at=NOW - 5 * h, received_at=NOW - 5 * h)
    out["late"] = b = make.dossier(
        reference="FCTO-2022-0102", organisation="Labo <Sigma> & associés", applicant_email="rh@sigma.example",
        status="incomplete", missing=["budget.personnel", "partenaires.liste"], received_at=NOW - timedelta(days=13),
        budget={"total_eur": 40000.0, "anact_request_eur": 40000.0, "cofinancing_share": None})
    # asked on 28 July: 10 days, so by 7 August; the digest of 10 August says it has passed
    answer(session, b, 1, kind="completion_request", subject="[FCTO-2022-0102] Demande de compléments",
           created_at=NOW - timedelta(days=13), sent_at=NOW - timedelta(days=13))
    out["fresh"] = c = make.dossier(
        reference="FCTO-2022-0103", organisation="Union locale des aides à domicile", status="incomplete",
        applicant_email="contact@aides-domicile.example", project_title="Tablettes au domicile : en parler avant",
        missing=["description.pilotage"], received_at=NOW - 2 * h,
        budget={"acronym": "TAB-DOM", "total_eur": 60000.0, "anact_request_eur": 45000.0})  # no share found
    make.message(c, created_at=NOW - 2 * h, received_at=NOW - 2 * h)
    answer(session, c, 2, kind="completion_request", subject="[FCTO-2022-0103] Demande de compléments",
           created_at=NOW - 2 * h, sent_at=NOW - 2 * h)
    out["done"] = make.dossier(
        reference="FCTO-2022-0104", organisation="Mutuelle du Bocage", status="complete",
        applicant_email="projets@bocage.example", received_at=NOW - timedelta(days=4), completed_at=NOW - 3 * h,
        review="le budget et les partenaires ont été lus dans un document numérisé : à vérifier à l’œil")
    # held: someone else citing a dossier's reference
    make.message(None, classification="correspondence", state="quarantined", from_addr="inconnu@ailleurs.example",
                 from_name="Marc Inconnu", subject="Re: [FCTO-2022-0101] nos pièces", created_at=NOW - 4 * h,
                 received_at=NOW - 4 * h,
                 error="message retenu pour vérification : inconnu@ailleurs.example cite dans l'objet le dossier "
                       "FCTO-2022-0101 sans en être le porteur, ni de son organisation, ni en copie de ses messages ; "
                       "le dossier n'a pas été modifié")
    # quarantined before it was parsed: no subject stored, the archive has it (encoded)
    out["timeout_subject"] = "Candidature : « Des métiers en transition » – version complète"
    make.message(None, classification=None, state="quarantined", from_addr="henri@fondation-sillons.example",
                 from_name=None, subject=None, created_at=NOW - 3 * h, received_at=NOW - 3 * h, size=400,
                 archive_path=archive(settings, "ab/timeout.eml", _raw_header(out["timeout_subject"], 200)),
                 error="Annexes.pdf : délai d'extraction dépassé (60 s) (limite FABRIQUE_EXTRACTION_TIMEOUT)")
    # over the size limit: only its header was archived, the mail stayed in the mailbox
    out["big_subject"] = f"Dossier complet et annexes {LONG_WORD}"
    make.message(None, classification=None, state="quarantined", from_addr="henri@fondation-sillons.example",
                 subject=None, created_at=NOW - 2 * h, received_at=NOW - 2 * h, size=61_200_000, origin="imap",
                 archive_path=archive(settings, "cd/big.eml", _raw_header(out["big_subject"])),
                 error="message de 61 200 000 octets sur le serveur, au-delà de la limite FABRIQUE_MAX_MESSAGE_BYTES "
                       "(50 000 000) : seul son en-tête a été lu ; le message reste dans la boîte aux lettres")
    make.message(None, classification=None, state="failed", from_addr="robot@portail.example", subject="Formulaire",
                 created_at=NOW - 2 * h, received_at=NOW - 2 * h,
                 error="erreur interne : UnicodeDecodeError: 'utf-8' codec can't decode byte 0xff")
    make.message(None, classification="correspondence", from_addr="curieuse@cfdt-exemple.example",
                 from_name="Paule Curieuse", subject="Question <script>alert('x')</script> sur l'éligibilité",
                 created_at=NOW - 3 * h, received_at=NOW - 3 * h)
    make.message(None, classification="auto_reply", from_addr="absent@exemple.fr", subject="Absence",
                 created_at=NOW - h, received_at=NOW - h)
    make.message(None, classification="correspondence", subject="Ancienne question",
                 created_at=NOW - timedelta(days=3), received_at=NOW - timedelta(days=3))
    # answers: bounced (the recipient's server), refused (ours), waiting for an unreachable server
    answer(session, a, 3, status="bounced", sent_at=NOW - 5 * h, bounced_at=NOW - 4 * h,
           last_error="550 5.1.1 <lea@ateliers.example>: adresse inconnue (boîte supprimée)")
    answer(session, b, 4, kind="completion_request", status="failed", attempts=4, to_addr="rh@sigma.example",
           subject="[FCTO-2022-0102] Rappel", next_attempt_at=NOW - h, last_error="554 5.7.1 Message refusé")
    answer(session, c, 5, status="pending", attempts=0, failing_since=NOW - 6 * h, next_attempt_at=NOW,
           last_error="connexion refusée par smtp.anact.example:587")
    session.add(Alert(kind="envoi_injoignable", detail="smtp.anact.example:587 : connexion refusée",
                      opened_at=NOW - 5 * h))
    session.add(Alert(kind="ancienne", detail="coupure réglée la semaine passée", opened_at=NOW - timedelta(days=9),
                      closed_at=NOW - timedelta(days=8)))
    session.flush()
    return out
