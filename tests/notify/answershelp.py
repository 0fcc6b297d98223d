"""Answers in every situation, built in code (tests/notify): the typography and browser tests
render each of them."""
from __future__ import annotations

from datetime import datetime, timezone
from email import message_from_bytes
from email.policy import default as default_policy

from sqlmodel import Session

from notify.answers import decide_answer
from store.models import RequirementResult
from tests.notify.notifyhelp import ALL_KEYS, NOW, Factory

LATE = datetime(2022, 8, 25, 7, 45, tzinfo=timezone.utc)  # two days after the call's deadline (23 August)
NO_TIME = datetime(2022, 8, 31, 16, 0, tzinfo=timezone.utc)  # two days before the selection (2 September)
LONG_NAME = ("Annexe budgétaire détaillée – plan de financement pluriannuel consolidé avec les apports "
             "des partenaires territoriaux version finale relue.xlsx")
UNSPACED_NAME = "Plan_de_financement_pluriannuel_consolide_apports_partenaires_version_finale_relue_2022.xlsx"


def answer(session: Session, dossier, trigger, call, settings, now=NOW):
    return decide_answer(session, dossier=dossier, trigger=trigger, trigger_headers={}, previous_status=None,
                         previous_missing=None, call=call, settings=settings, now=now)


def parts(row) -> tuple[str, str]:
    """(text, HTML) of an answer, as sent."""
    msg = message_from_bytes(row.raw, policy=default_policy)
    return msg.get_body(("plain",)).get_content(), msg.get_body(("html",)).get_content()


def with_doubt(session: Session, dossier, unsure: list[str]) -> None:
    """The reader's confidence for every requirement of the dossier: `unsure` ones unsure."""
    for key in ALL_KEYS:
        session.add(RequirementResult(dossier_id=dossier.id, key=key, present=key not in (dossier.missing or []),
                                      confidence="unsure" if key in unsure else "sure"))
    session.flush()


def unreadable_dossier(make: Factory, session: Session, files: dict[str, str], missing: list[str], **kw):
    """An incomplete dossier whose attachments `files` (name -> reading status) could not be read:
    every missing element is one the reader is unsure of."""
    d = make.dossier(status="incomplete", missing=missing, unread=list(files), **kw)
    m = make.message(d)
    make.attachment(m, "Présentation du projet.docx")
    for name, status in files.items():
        row = make.attachment(m, name, extraction=status)
        if status == "ok":
            row.reason = "texte obtenu par reconnaissance de caractères (scan)"
    with_doubt(session, d, missing)
    return d, m


def every_answer(session: Session, make: Factory, call, settings) -> dict[str, object]:
    """One answer of each kind and situation, by a name saying which."""
    rows = {}
    # a title of one long word: before, the answer was twice as wide as a phone's screen
    d = make.dossier(applicant_name="Mme Claire Fontaine",
                     project_title="PLATEFORME_COLLABORATIVE_DIALOGUE_SOCIAL_TECHNOLOGIQUE_ETABLISSEMENTS_2022")
    m = make.message(d)
    make.attachment(m, "Dossier de candidature.pdf")
    make.attachment(m, LONG_NAME)
    make.attachment(m, UNSPACED_NAME)  # one word of 40 characters: wider than a phone's line
    rows["accuse_de_reception"] = answer(session, d, m, call, settings)

    d = make.dossier(status="incomplete", missing=["budget.personnel", "partenaires.contributions"],
                     applicant_name="Paul Girard")
    rows["demande_de_complements"] = answer(session, d, make.message(d), call, settings)

    d, m = unreadable_dossier(make, session, {"Budget prévisionnel signé.pdf": "encrypted"},
                              ["budget.personnel", "budget.prestations"], applicant_name="Dupont, Jeanne")
    rows["fichier_protege"] = answer(session, d, m, call, settings)

    d, m = unreadable_dossier(make, session, {"Lettres de soutien.pdf": "ok", LONG_NAME: "error"},
                              ["partenaires.liste", "partenaires.contributions", "budget.cofinancements"])
    rows["fichiers_illisibles"] = answer(session, d, m, call, settings)

    d = make.dossier(status="incomplete", missing=["description.phasage"], applicant_name="M. Luc Martin")
    rows["sans_delai_avant_selection"] = answer(session, d, make.message(d), call, settings, now=NO_TIME)

    d = make.dossier(status="incomplete", missing=["budget.personnel"])
    answer(session, d, make.message(d), call, settings)
    d.status, d.missing = "complete", []
    rows["dossier_complet"] = answer(session, d, make.message(d, classification="reply"), call, settings)

    d = make.dossier(received_at=LATE, applicant_name="contact@cabinet.example")
    rows["hors_delai"] = answer(session, d, make.message(d, received_at=LATE), call, settings, now=LATE)

    d = make.dossier(status="incomplete", missing=["budget.cofinancements"], received_at=LATE,
                     project_title="L’outil « Planif » : qu'en disent les équipes ?")
    rows["hors_delai_incomplet"] = answer(session, d, make.message(d, received_at=LATE), call, settings, now=LATE)
    return rows
