"""Which dossier a message joins, through the real pipeline (import into a SQLite store).

A new proposal opens its own dossier whoever sends it; a message that completes a dossier joins
it; a reference in a subject is honoured only from the dossier's people; staff forwards belong to
the person they forward.
"""
from __future__ import annotations

import io
import time
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage

import pytest
from openpyxl import Workbook
from sqlmodel import Session, select

from config.settings import Settings
from notify.digest import gather
from service.health import health
from service.jobs import import_paths
from service.runtime import open_runtime
from store.models import Dossier, Message, Outbox

SECTIONS = ("Contexte", "Objectifs", "Problématique", "Publics cibles", "Méthodologie", "Phasage",
            "Pilotage", "Résultats attendus", "Pérennisation")


def proposal(acronym: str, title: str, trade: str, sections=SECTIONS) -> str:
    """A proposal written in the mail's body, about one trade."""
    text = {
        "Contexte": f"Les {trade} voient arriver des outils numériques qui changent leur travail.",
        "Objectifs": f"Construire avec les {trade} des règles d'usage de ces outils.",
        "Problématique": f"Comment associer les {trade} au choix et au paramétrage des outils ?",
        "Publics cibles": f"Les {trade}, leur encadrement et leurs représentants dans quatre structures.",
        "Méthodologie": "Des ateliers de discussion sur le travail, animés par un binôme d'intervenants.",
        "Phasage": "Phase 1 : cadrage (janvier 2023 - mars 2023). Phase 2 : ateliers (avril 2023 - octobre 2023).",
        "Pilotage": "Un comité de pilotage paritaire se réunit chaque trimestre.",
        "Résultats attendus": "Un guide d'usage et une charte négociée dans chaque structure.",
        "Pérennisation": "Le guide sera diffusé par la branche professionnelle.",
    }
    parts = [f"Bonjour,\n\nVoici notre candidature pour le projet {acronym}.\n\nTitre du projet : {title}\n"]
    parts += [f"{name}\n{text[name]}\n" for name in sections]
    return "\n".join(parts) + "\nCordialement,\n"


def budget_xlsx() -> bytes:
    wb = Workbook()
    ws = wb.active
    for row in (["Poste", "Montant (€)"], ["Dépenses de personnel", 24000], ["Frais de déplacement", 1500],
                ["Prestations", 6000], ["Total", 31500], ["Subvention Anact", 25000], ["Autofinancement", 6500]):
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def mail(tmp, name, sender, subject, body, *, xlsx=None, attached=None, date=None, docx=None, **headers) -> tuple:
    m = EmailMessage()
    m["From"], m["To"], m["Subject"] = sender, headers.pop("to", "fabrique@anact.fr"), subject
    m["Message-ID"] = f"<{name}.{time.time_ns()}@test.example>"
    m["Date"] = date or "Tue, 09 Aug 2022 10:00:00 +0200"
    for key, value in headers.items():
        m[key.replace("_", "-")] = value
    m.set_content(body)
    if xlsx:
        m.add_attachment(xlsx, maintype="application", subtype="vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                         filename="budget.xlsx")
    if attached is not None:
        m.add_attachment(attached)  # message/rfc822
    if docx is not None:  # (file name, bytes)
        m.add_attachment(docx[1], maintype="application",
                         subtype="vnd.openxmlformats-officedocument.wordprocessingml.document", filename=docx[0])
    path = tmp / f"{name}.eml"
    path.write_bytes(bytes(m))
    return path, m["Message-ID"], m


@pytest.fixture
def rt(tmp_path):
    data = tmp_path / "data"
    return open_runtime(Settings(data_dir=data, database_url=f"sqlite:///{data / 'db.sqlite3'}"))


def run(rt, *paths):
    import_paths(rt, list(paths))
    with Session(rt.engine) as s:
        dossiers = s.exec(select(Dossier).order_by(Dossier.id)).all()
        return dossiers, {m.message_id: m for m in s.exec(select(Message)).all()}


def outbox(rt):
    with Session(rt.engine) as s:
        return s.exec(select(Outbox).order_by(Outbox.id)).all()


PORT = ("QUAIS OUVERTS", "Concerter les agents portuaires sur leurs outils de pointage", "agents portuaires")
BAKERY = ("FOURNIL PARTAGÉ", "Des plannings négociés avec les boulangers des fournils industriels", "boulangers")


def test_a_stranger_citing_a_reference_is_held_and_changes_nothing(rt, tmp_path):
    p1, _, _ = mail(tmp_path, "s1", "Jeanne <jeanne@coop-ponant.example>", "Candidature QUAIS OUVERTS",
                    proposal(*PORT, sections=SECTIONS[:5]))
    (before,), _ = run(rt, p1)
    answers = len(outbox(rt))
    p2, m2, _ = mail(tmp_path, "x1", "Quelqu'un <intrus@ailleurs.example>", f"[{before.reference}] budget corrigé",
                     proposal("AUTRE CHOSE", "Un tout autre projet de plateformes numériques", "livreurs"),
                     xlsx=budget_xlsx())
    (after,), msgs = run(rt, p2)
    assert msgs[m2].dossier_id is None and msgs[m2].state == "quarantined"
    assert before.reference in msgs[m2].error and "intrus@ailleurs.example" in msgs[m2].error
    assert (after.status, after.missing, after.budget, after.applicant_email) == \
        (before.status, before.missing, before.budget, before.applicant_email)
    assert len(outbox(rt)) == answers  # nobody is answered
    # staff see it: status and the digest
    assert any("retenu" in line and "intrus@ailleurs.example" in line for line in health(rt).set_aside)
    now = datetime.now(timezone.utc)
    with Session(rt.engine) as s:
        digest = gather(s, rt.settings, rt.call, now - timedelta(days=3650), now + timedelta(days=1))
    held = [i for g in digest["todo"] if g.key == "held" for i in g.items]
    assert any("intrus@ailleurs.example" in i.title and before.reference in i.why for i in held)


def test_a_stranger_answering_our_acknowledgement_is_held_too(rt, tmp_path):
    # our answers' Message-IDs follow from the dossier's reference: knowing one proves nothing
    p1, _, _ = mail(tmp_path, "s1", "Jeanne <jeanne@coop-ponant.example>", "Candidature QUAIS OUVERTS",
                    proposal(*PORT, sections=SECTIONS[:5]))
    (before,), _ = run(rt, p1)
    (ack,) = outbox(rt)
    p2, m2, _ = mail(tmp_path, "x1", "Quelqu'un <intrus@ailleurs.example>", "Re: accusé de réception",
                     "Voici notre budget.", xlsx=budget_xlsx(), In_Reply_To=ack.message_id)
    (after,), msgs = run(rt, p2)
    assert msgs[m2].dossier_id is None and msgs[m2].state == "quarantined"
    assert (after.status, after.missing, after.budget) == (before.status, before.missing, before.budget)
    assert len(outbox(rt)) == 1


def test_a_reference_is_honoured_from_the_applicants_domain_and_from_an_address_copied(rt, tmp_path):
    p1, _, _ = mail(tmp_path, "s1", "Jeanne <jeanne@coop-ponant.example>", "Candidature QUAIS OUVERTS",
                    proposal(*PORT, sections=SECTIONS[:5]), Cc="Expert <expert.comptable@gmail.com>")
    (d,), _ = run(rt, p1)
    p2, m2, _ = mail(tmp_path, "c1", "Paul <paul@coop-ponant.example>", f"Re: [{d.reference}] pièce manquante",
                     "Bonjour, voici le budget.", xlsx=budget_xlsx())
    p3, m3, _ = mail(tmp_path, "c2", "Expert <expert.comptable@gmail.com>", f"{d.reference} : budget",
                     "Bonjour, ci-joint le budget certifié.", xlsx=budget_xlsx())
    dossiers, msgs = run(rt, p2, p3)
    assert len(dossiers) == 1
    assert [msgs[m].dossier_id for m in (m2, m3)] == [d.id, d.id]
    assert [msgs[m].classification for m in (m2, m3)] == ["reply", "reply"]


def test_a_colleague_sending_the_missing_piece_joins(rt, tmp_path):
    p1, _, _ = mail(tmp_path, "s1", "Jeanne <jeanne@coop-ponant.example>", "Candidature AMI",
                    proposal(*PORT))
    p2, m2, _ = mail(tmp_path, "c1", "Paul <paul@coop-ponant.example>", "Budget du projet QUAIS OUVERTS",
                     "Bonjour, ma collègue Jeanne vous a adressé notre candidature ; voici le budget qui manquait.",
                     xlsx=budget_xlsx(), date="Wed, 10 Aug 2022 10:00:00 +0200")
    dossiers, msgs = run(rt, p1, p2)
    assert len(dossiers) == 1 and msgs[m2].classification == "reply" and msgs[m2].dossier_id == dossiers[0].id
    assert dossiers[0].budget["total_eur"] == 31500.0


def test_a_reply_bringing_a_missing_piece_joins(rt, tmp_path):
    p1, m1, _ = mail(tmp_path, "s1", "Jeanne <jeanne@coop-ponant.example>", "Candidature AMI",
                     proposal(*PORT))
    p2, m2, _ = mail(tmp_path, "r1", "Jeanne <jeanne@coop-ponant.example>", "Budget",
                     "Bonjour, ci-joint le budget.", xlsx=budget_xlsx(), date="Wed, 10 Aug 2022 10:00:00 +0200")
    dossiers, msgs = run(rt, p1, p2)
    assert len(dossiers) == 1 and msgs[m2].classification == "reply" and msgs[m2].dossier_id == dossiers[0].id
    assert "budget.personnel" not in dossiers[0].missing


def test_a_second_project_from_the_same_sender_opens_its_own_dossier(rt, tmp_path):
    p1, _, _ = mail(tmp_path, "s1", "Jeanne <jeanne@coop-ponant.example>", "Candidature AMI dialogue social",
                    proposal(*PORT))
    p2, m2, _ = mail(tmp_path, "s2", "Jeanne <jeanne@coop-ponant.example>", "Candidature AMI dialogue social",
                     proposal(*BAKERY), date="Wed, 10 Aug 2022 10:00:00 +0200")
    dossiers, msgs = run(rt, p1, p2)
    assert len(dossiers) == 2 and msgs[m2].classification == "submission" and msgs[m2].dossier_id == dossiers[1].id
    assert dossiers[1].project_title == BAKERY[1]
    assert [o.dossier_id for o in outbox(rt)] == [dossiers[0].id, dossiers[1].id]  # each answered


def test_a_corrected_version_of_the_same_project_joins(rt, tmp_path):
    p1, _, _ = mail(tmp_path, "s1", "Jeanne <jeanne@coop-ponant.example>", "Candidature AMI", proposal(*PORT))
    p2, m2, _ = mail(tmp_path, "s2", "Jeanne <jeanne@coop-ponant.example>", "Candidature AMI – version corrigée",
                     "Cette version annule et remplace la précédente.\n\n" + proposal(*PORT),
                     date="Wed, 10 Aug 2022 10:00:00 +0200")
    dossiers, msgs = run(rt, p1, p2)
    assert len(dossiers) == 1 and msgs[m2].classification == "reply"


def test_two_colleagues_with_unrelated_projects_on_the_calls_words_make_two_dossiers(rt, tmp_path):
    p1, _, _ = mail(tmp_path, "s1", "Jeanne <jeanne@coop-ponant.example>",
                    "Dialogue social technologique : notre candidature", proposal(*PORT))
    p2, m2, _ = mail(tmp_path, "s2", "Marc <marc@coop-ponant.example>",
                     "Dialogue social technologique : candidature", proposal(*BAKERY),
                     date="Wed, 10 Aug 2022 10:00:00 +0200")
    # the same title sent whole again by a colleague, saying nothing of the first: its own dossier
    p3, m3, _ = mail(tmp_path, "s3", "Lou <lou@coop-ponant.example>", "Proposition", proposal(*PORT),
                     date="Thu, 11 Aug 2022 10:00:00 +0200")
    dossiers, msgs = run(rt, p1, p2, p3)
    assert len(dossiers) == 3
    assert [msgs[m].classification for m in (m2, m3)] == ["submission", "submission"]


def test_87_proposals_from_one_address_are_87_dossiers(rt, tmp_path):
    trades = ["soudeurs", "caristes", "couvreurs", "plombiers", "verriers", "tanneurs", "brasseurs",
              "horlogers", "imprimeurs", "tisserands", "menuisiers", "charpentiers", "pâtissiers"]
    verbs = ["Concerter", "Former", "Associer", "Outiller", "Écouter", "Réunir", "Accompagner"]
    paths = []
    for n in range(87):
        trade, verb = trades[n % 13], verbs[n // 13]
        acronym = f"{verb.upper()} {trade.upper()}"
        title = f"{verb} les {trade} sur les outils numériques"
        paths.append(mail(tmp_path, f"p{n}", "Réseau <depot@reseau-ateliers.example>", "Candidature AMI",
                          proposal(acronym, title, trade),
                          date=(datetime(2022, 8, 1, 8, tzinfo=timezone.utc) + timedelta(minutes=n))
                          .strftime("%a, %d %b %Y %H:%M:%S +0000"))[0])
    dossiers, msgs = run(rt, *paths)
    assert len(dossiers) == 87
    assert sorted(m.classification for m in msgs.values()) == ["submission"] * 87


def _forwarded_inline(original_sender: str, body: str) -> str:
    return ("Bonjour,\nje vous transfère la candidature reçue sur ma boîte.\nClaire\n\n"
            "-------- Message transféré --------\nSujet : Candidature\nDate : Mon, 8 Aug 2022 09:00:00 +0200\n"
            f"De : {original_sender}\nPour : claire.agent@anact.fr\n\n{body}")


def test_staff_forwards_belong_to_the_person_they_forward(rt, tmp_path):
    p1, m1, _ = mail(tmp_path, "f1", "Claire Agent <claire.agent@anact.fr>", "TR: Candidature",
                     _forwarded_inline("Jeanne Port <jeanne@coop-ponant.example>", proposal(*PORT)))
    inner = EmailMessage()
    inner["From"], inner["To"], inner["Subject"] = "Yves <yves@fournils.example>", "claire.agent@anact.fr", "Projet"
    inner["Date"] = "Mon, 8 Aug 2022 09:30:00 +0200"
    inner.set_content(proposal(*BAKERY))
    p2, m2, _ = mail(tmp_path, "f2", "Claire Agent <claire.agent@anact.fr>", "Fwd: Projet",
                     "Bonjour, candidature reçue par erreur, en pièce jointe.", attached=inner,
                     date="Tue, 09 Aug 2022 11:00:00 +0200")
    dossiers, msgs = run(rt, p1, p2)
    assert [d.applicant_email for d in dossiers] == ["jeanne@coop-ponant.example", "yves@fournils.example"]
    assert [msgs[m].classification for m in (m1, m2)] == ["submission", "submission"]
    assert msgs[m1].from_addr == "jeanne@coop-ponant.example"
    assert [o.to_addr for o in outbox(rt)] == ["jeanne@coop-ponant.example", "yves@fournils.example"]


def test_staff_writing_themselves_open_no_dossier(rt, tmp_path):
    p1, m1, _ = mail(tmp_path, "st", "Claire Agent <claire.agent@anact.fr>", "Point sur les candidatures",
                     proposal(*PORT))
    dossiers, msgs = run(rt, p1)
    assert dossiers == [] and msgs[m1].classification == "correspondence" and outbox(rt) == []


def test_a_colleagues_piece_naming_nothing_joins_the_only_dossier_but_a_short_proposal_does_not(rt, tmp_path):
    p1, _, _ = mail(tmp_path, "s1", "Jeanne <jeanne@coop-ponant.example>", "Candidature", proposal(*PORT))
    p2, m2, _ = mail(tmp_path, "s2", "Lou <lou@coop-ponant.example>", "Budget", "Bonjour, voici le budget.",
                     xlsx=budget_xlsx(), date="Wed, 10 Aug 2022 10:00:00 +0200")
    short = ("Bonjour,\n\nContexte\nLes criées numérisent la vente du poisson.\n\nObjectifs\nAssocier les "
             "mareyeurs aux choix des outils.\n\nPublics cibles\nLes mareyeurs de deux criées.\n\nCordialement\n")
    p3, m3, _ = mail(tmp_path, "s3", "Marc <marc@coop-ponant.example>", "Notre projet", short,
                     date="Thu, 11 Aug 2022 10:00:00 +0200")
    dossiers, msgs = run(rt, p1, p2, p3)
    assert msgs[m2].classification == "reply" and msgs[m2].dossier_id == dossiers[0].id
    assert len(dossiers) == 2 and msgs[m3].classification == "submission" and msgs[m3].dossier_id == dossiers[1].id


def test_a_staff_forward_written_in_html_belongs_to_the_person_it_forwards(rt, tmp_path):
    m = EmailMessage()
    m["From"], m["To"], m["Subject"] = "Claire Agent <claire.agent@anact.fr>", "fabrique@anact.fr", "TR: projet"
    m["Message-ID"], m["Date"] = "<html-fwd@anact.example>", "Tue, 09 Aug 2022 10:00:00 +0200"
    body = proposal(*PORT).replace("\n", "<br>")
    m.set_content("<html><body><p>Pour suite à donner.</p><div>De : Jeanne Port &lt;jeanne@coop-ponant.example&gt;"
                  "</div><div>Envoyé : lundi 8 août 2022</div><p>" + body + "</p></body></html>", subtype="html")
    path = tmp_path / "h.eml"
    path.write_bytes(bytes(m))
    dossiers, _ = run(rt, path)
    assert [d.applicant_email for d in dossiers] == ["jeanne@coop-ponant.example"]


# --- third parties, other addresses, pieces sent otherwise ----------------------------------------

def _evaluated(rt, reference):
    with Session(rt.engine) as s:
        return s.exec(select(Dossier).where(Dossier.reference == reference)).one()


SUPPORT = ("Madame, Monsieur,\n\nLa Capitainerie du port de Brest apporte son soutien au projet QUAIS OUVERTS "
           "porté par la coopérative Ponant. Notre structure s'engage à accueillir les ateliers sur ses quais et "
           "à libérer deux agents de pointage pour le comité de suivi.\n\nLe directeur de la Capitainerie\n")


def letter(text: str) -> tuple[str, bytes]:
    """A partner's signed letter, as a DOCX of its own."""
    from docx import Document as Docx
    doc = Docx()
    for line in ["Capitainerie du port de Brest", "Quai Malbert, Brest", "Brest, le 8 août 2022",
                 "Objet : soutien au projet"] + text.split("\n"):
        if line.strip():
            doc.add_paragraph(line)
    doc.add_paragraph("Nous vous prions d'agréer, Madame, Monsieur, nos salutations distinguées.")
    for line in ("Yann Kerbrat", "Directeur", "Capitainerie du port de Brest"):
        doc.add_paragraph(line)
    buf = io.BytesIO()
    doc.save(buf)
    return "Lettre de soutien.docx", buf.getvalue()


COVER = "Bonjour,\nVeuillez trouver ci-joint notre lettre de soutien à la candidature de la coopérative.\nYann Kerbrat\n"


def test_a_partners_own_letter_naming_the_project_joins_and_adds_its_partner_only(rt, tmp_path):
    p1, m1, _ = mail(tmp_path, "s1", "Jeanne Port <jeanne@coop-ponant.example>", "Candidature QUAIS OUVERTS",
                     proposal(*PORT), xlsx=budget_xlsx())
    (before,), _ = run(rt, p1)
    assert "partenaires.liste" in before.missing
    p2, m2, _ = mail(tmp_path, "l1", "Yann Kerbrat <direction@capitainerie-brest.example>",
                     "Lettre de soutien au projet QUAIS OUVERTS", COVER, docx=letter(SUPPORT),
                     date="Wed, 10 Aug 2022 10:00:00 +0200")
    dossiers, msgs = run(rt, p2)
    assert len(dossiers) == 1 and msgs[m2].dossier_id == before.id and msgs[m2].classification == "reply"
    after = _evaluated(rt, before.reference)
    assert "partenaires.liste" not in after.missing
    assert (after.applicant_email, after.project_title, after.budget["total_eur"]) == \
        (before.applicant_email, before.project_title, before.budget["total_eur"])
    assert {o.to_addr for o in outbox(rt)} == {"jeanne@coop-ponant.example"}  # never the partner


def test_a_third_party_in_the_dossier_changes_nothing_but_partners_and_may_not_speak_for_it(rt, tmp_path):
    p1, m1, _ = mail(tmp_path, "s1", "Jeanne Port <jeanne@coop-ponant.example>", "Candidature QUAIS OUVERTS",
                     proposal(*PORT))
    (before,), _ = run(rt, p1)
    assert before.budget["total_eur"] is None
    p2, m2, _ = mail(tmp_path, "l1", "Yann Kerbrat <direction@capitainerie-brest.example>",
                     "Lettre de soutien au projet QUAIS OUVERTS", COVER, docx=letter(SUPPORT),
                     date="Wed, 10 Aug 2022 10:00:00 +0200")
    run(rt, p2)
    # the partner again, in its own thread, then citing the reference: a budget of theirs is not the dossier's
    p3, m3, _ = mail(tmp_path, "l2", "Yann Kerbrat <direction@capitainerie-brest.example>",
                     "Re: Lettre de soutien au projet QUAIS OUVERTS", "Et voici un budget.", xlsx=budget_xlsx(),
                     date="Thu, 11 Aug 2022 10:00:00 +0200", In_Reply_To=m2, References=m2)
    p4, m4, _ = mail(tmp_path, "l3", "Yann Kerbrat <direction@capitainerie-brest.example>",
                     f"[{before.reference}] budget", "Voici le budget.", xlsx=budget_xlsx(),
                     date="Fri, 12 Aug 2022 10:00:00 +0200")
    dossiers, msgs = run(rt, p3, p4)
    assert len(dossiers) == 1 and msgs[m3].dossier_id == before.id
    assert msgs[m4].dossier_id is None and msgs[m4].state == "quarantined"
    after = _evaluated(rt, before.reference)
    assert after.budget["total_eur"] is None and "budget.personnel" in after.missing
    assert after.applicant_email == "jeanne@coop-ponant.example"


def test_a_letter_naming_no_project_or_two_joins_nothing_and_opens_no_dossier(rt, tmp_path):
    p1, _, _ = mail(tmp_path, "s1", "Jeanne <jeanne@coop-ponant.example>", "Candidature QUAIS OUVERTS",
                    proposal(*PORT))
    p2, _, _ = mail(tmp_path, "s2", "Yves <yves@fournils.example>", "Candidature FOURNIL PARTAGÉ", proposal(*BAKERY))
    run(rt, p1, p2)
    vague = SUPPORT.replace("au projet QUAIS OUVERTS porté par la coopérative Ponant", "à cette candidature")
    both = SUPPORT.replace("QUAIS OUVERTS", "QUAIS OUVERTS comme au projet FOURNIL PARTAGÉ")
    p3, m3, _ = mail(tmp_path, "l1", "Yann <direction@capitainerie-brest.example>", "Lettre de soutien", COVER,
                     docx=letter(vague))
    p4, m4, _ = mail(tmp_path, "l2", "Yann <direction@capitainerie-brest.example>", "Nos soutiens", COVER,
                     docx=letter(both))
    dossiers, msgs = run(rt, p3, p4)
    assert len(dossiers) == 2
    assert [(msgs[m].dossier_id, msgs[m].classification) for m in (m3, m4)] == [(None, "correspondence")] * 2


def test_a_proposal_sent_as_a_download_link_opens_the_dossier_its_documents_then_complete(rt, tmp_path):
    first = ("Bonjour,\n\nNos fichiers de candidature pour QUAIS OUVERTS dépassent la taille permise ; vous "
             "pouvez les récupérer par ce lien de téléchargement :\nhttps://filesender.renater.fr/?s=download&"
             "token=5e1c0d2a-77aa\n\nCoût global : 31 500 € dont 25 000 € demandés à l'Anact.\n\nJeanne\n")
    p1, m1, _ = mail(tmp_path, "k1", "Jeanne <jeanne@coop-ponant.example>", "AMI Fabrique : QUAIS OUVERTS", first,
                     date="Mon, 22 Aug 2022 10:00:00 +0200")
    (d,), msgs = run(rt, p1)
    assert msgs[m1].classification == "submission" and msgs[m1].dossier_id == d.id
    p2, m2, _ = mail(tmp_path, "k2", "Jeanne <jeanne@coop-ponant.example>", "Re: AMI Fabrique : QUAIS OUVERTS",
                     "Le lien n'est plus actif, voici les pièces.\n\n" + proposal(*PORT), xlsx=budget_xlsx(),
                     date="Thu, 25 Aug 2022 10:00:00 +0200", In_Reply_To=m1, References=m1)
    dossiers, msgs = run(rt, p2)
    after = _evaluated(rt, d.reference)
    assert len(dossiers) == 1 and msgs[m2].classification == "reply"
    assert "hors_delai" not in after.flags  # submitted on the 22nd, completed after the deadline


def test_a_link_to_a_web_page_in_a_question_is_no_proposal(rt, tmp_path):
    p1, m1, _ = mail(tmp_path, "q1", "Marc <marc@atelier-lin.example>", "Question sur l'appel à projets",
                     "Bonjour,\nj'ai lu la page https://www.anact.fr/appel-fabrique : le lien vers le dossier de "
                     "candidature ne fonctionne pas, où le trouver ?\nMerci\n")
    dossiers, msgs = run(rt, p1)
    assert dossiers == [] and msgs[m1].classification == "correspondence"


def test_a_colleagues_complements_in_a_new_thread_join_the_organisations_dossier(rt, tmp_path):
    p1, _, _ = mail(tmp_path, "s1", "Jeanne <jeanne@coop-ponant.example>", "Candidature QUAIS OUVERTS",
                    proposal(*PORT, sections=SECTIONS[:6]))
    rest = "\n".join(f"{name}\n{line}\n" for name, line in (
        ("Pilotage", "Un comité paritaire réunit la direction du port et les délégués chaque trimestre."),
        ("Résultats attendus", "Une charte d'usage des terminaux de pointage signée sur chaque quai."),
        ("Pérennisation", "La charte sera reprise par l'union des ports de la façade atlantique.")))
    p2, m2, _ = mail(tmp_path, "c1", "Paul <paul@coop-ponant.example>", "Compléments", "Bonjour,\n\n" + rest,
                     date="Wed, 10 Aug 2022 10:00:00 +0200")
    dossiers, msgs = run(rt, p1, p2)
    assert len(dossiers) == 1 and msgs[m2].classification == "reply" and msgs[m2].dossier_id == dossiers[0].id
    assert not any(k.startswith("description.") for k in dossiers[0].missing)


def test_an_assistant_copying_the_applicant_and_the_applicant_from_another_address_speak_for_the_dossier(
        rt, tmp_path):
    p1, _, _ = mail(tmp_path, "s1", "Jeanne Port <jeanne@coop-ponant.example>", "Candidature QUAIS OUVERTS",
                    proposal(*PORT))
    (d,), _ = run(rt, p1)
    p2, m2, _ = mail(tmp_path, "a1", "Secrétariat <secretariat.ponant@gmail.com>", "Budget", "Pour Jeanne Port, "
                     "voici le budget.", xlsx=budget_xlsx(), Cc="Jeanne Port <jeanne@coop-ponant.example>",
                     date="Wed, 10 Aug 2022 10:00:00 +0200")
    dossiers, msgs = run(rt, p2)
    assert len(dossiers) == 1 and msgs[m2].dossier_id == d.id and msgs[m2].classification == "reply"
    assert _evaluated(rt, d.reference).budget["total_eur"] == 31500.0
    # from her own mailbox at home, a new thread naming the project: hers too, and it counts
    p3, m3, _ = mail(tmp_path, "a2", "PORT Jeanne <jeanne.port@orange.fr>", "Partenaires de QUAIS OUVERTS",
                     "Nos partenaires : la Capitainerie de Brest (accueil des ateliers) et l'Union des dockers "
                     "(deux délégués au comité de suivi).", date="Thu, 11 Aug 2022 10:00:00 +0200")
    dossiers, msgs = run(rt, p3)
    assert len(dossiers) == 1 and msgs[m3].dossier_id == d.id
    assert [o.to_addr for o in outbox(rt)] == ["jeanne@coop-ponant.example"] * len(outbox(rt))


def test_a_reply_in_the_thread_from_another_address_counts_whole(rt, tmp_path):
    p1, m1, _ = mail(tmp_path, "s1", "Jeanne <jeanne@coop-ponant.example>", "Candidature QUAIS OUVERTS",
                     proposal(*PORT))
    (d,), _ = run(rt, p1)
    (ack, *_) = outbox(rt)
    p2, m2, _ = mail(tmp_path, "r1", "Jeanne (mobile) <jp29@laposte.net>", "Re: votre proposition",
                     "Voici le budget demandé.", xlsx=budget_xlsx(), In_Reply_To=ack.message_id,
                     References=f"{m1} {ack.message_id}", date="Wed, 10 Aug 2022 10:00:00 +0200")
    dossiers, msgs = run(rt, p2)
    assert msgs[m2].dossier_id == d.id and _evaluated(rt, d.reference).budget["total_eur"] == 31500.0


def _pdf_mail(tmp, name, sender, subject, body, filename, data, date):
    path, mid, m = mail(tmp, name, sender, subject, body, date=date)
    m.add_attachment(data, maintype="application", subtype="pdf", filename=filename)
    path.write_bytes(bytes(m))
    return path, mid


def test_a_partners_unreadable_letter_joins_as_a_file_to_check_and_other_documents_do_not(rt, tmp_path):
    p1, _, _ = mail(tmp_path, "s1", "Jeanne Port <jeanne@coop-ponant.example>", "Candidature QUAIS OUVERTS",
                    proposal(*PORT), xlsx=budget_xlsx())
    (d,), _ = run(rt, p1)
    broken = b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n<< /Length 99999 >>\nstream\n\x00\x01garbage"
    p2, m2 = _pdf_mail(tmp_path, "l1", "Yann <direction@capitainerie-brest.example>", "QUAIS OUVERTS",
                       "Bonjour, notre lettre d'engagement signée, scannée.", "engagement-signe.pdf", broken,
                       "Wed, 10 Aug 2022 10:00:00 +0200")
    # a stranger's document that only mentions the project's name: no letter, no partners
    p3, m3 = _pdf_mail(tmp_path, "n1", "Lettre d'info <info@reseau-ports.example>",
                       "Les nouvelles du réseau : QUAIS OUVERTS à l'honneur",
                       "Bonjour, notre bulletin du mois.", "bulletin-aout.pdf", broken,
                       "Thu, 11 Aug 2022 10:00:00 +0200")
    dossiers, msgs = run(rt, p2, p3)
    assert msgs[m2].dossier_id == d.id and msgs[m2].classification == "reply"
    assert "engagement-signe.pdf" in _evaluated(rt, d.reference).unread
    assert msgs[m3].dossier_id is None and len(dossiers) == 1


def test_a_message_staff_attach_to_a_dossier_counts_whole_whoever_sent_it(rt, tmp_path):
    from service import corrections
    p1, _, _ = mail(tmp_path, "s1", "Jeanne Port <jeanne@coop-ponant.example>", "Candidature QUAIS OUVERTS",
                    proposal(*PORT))
    (d,), _ = run(rt, p1)
    # the cooperative's accountant, from the firm's own address, copying no one: a dossier of its own
    p2, m2, _ = mail(tmp_path, "x1", "Cabinet Lemarchand <compta@lemarchand-expertise.example>",
                     "Budget prévisionnel du projet", "Bonjour, voici le budget du projet.", xlsx=budget_xlsx(),
                     date="Wed, 10 Aug 2022 10:00:00 +0200")
    _, msgs = run(rt, p2)
    corrections.attach(rt, msgs[m2].id, d.reference, "claire")
    dossiers, msgs = run(rt)
    assert [x.reference for x in dossiers] == [d.reference] and msgs[m2].dossier_id == d.id
    assert _evaluated(rt, d.reference).budget["total_eur"] == 31500.0  # staff decided: not a third party's
