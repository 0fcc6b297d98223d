"""CSV and XLSX exports round-trip, and never carry a formula from a mail."""
from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from notify.exports import HEADERS, rows, write_csv, write_xlsx

DOC = {
    "schema": 1,
    "call": "fabrique-cto-2022",
    "generated_at": "2022-08-24T08:00:00+02:00",
    "dossiers": [
        {
            "reference": "FCTO-2022-0001", "status": "complete",
            "applicant": {"email": "jeanne@cabinet.fr", "name": "Jeanne Dupont", "organisation": "Cabinet Dupont"},
            "project_title": "Dialogue social « technologique »; phase 1", "acronym": "DIALTECH",
            "received_at": "2022-08-10T11:30:00+02:00", "updated_at": "2022-08-10T11:30:00+02:00",
            "requirements": {}, "missing": [],
            "budget": {"total_eur": 100000.0, "anact_request_eur": 80000.0, "cofinancing_eur": 20000.0,
                       "cofinancing_share": 0.2,
                       "by_category": {"personnel": 61500.0, "deplacements_logistique": 4000.0,
                                       "prestations": 34500.0, "autres": None},
                       "cofinancements": [{"source": "Département de la Drôme", "amount_eur": 12000.0,
                                           "nature": "subvention"},
                                          {"source": "Temps des bénévoles", "amount_eur": 8000.0,
                                           "nature": "valorisation"}],
                       "project_end": "2023-11-30"},
            "partners": [{"name": "Aract Occitanie", "contribution": "animation"}, {"name": "CFDT", "contribution": None}],
            "flags": ["plafond_depasse", "fin_apres_echeance"],
            "flag_reasons": ["Le montant demandé à l'Anact (95 000 €) dépasse le plafond de l'appel.",
                             "Le projet s'achève le 31/03/2024, après l'échéance de l'appel."],
            "attachments": [], "messages": [],
            "notifications": [
                {"kind": "acknowledgement", "to": "jeanne@cabinet.fr", "status": "sent", "message_id": "<a1@anact.fr>",
                 "queued_at": "2022-08-10T11:31:00+02:00", "sent_at": "2022-08-10T11:32:00+02:00"},
                {"kind": "completion_request", "to": "jeanne@cabinet.fr", "status": "pending",
                 "message_id": "<a2@anact.fr>", "queued_at": "2022-08-12T09:05:00+02:00", "sent_at": None}],
        },
        {
            "reference": "FCTO-2022-0002", "status": "incomplete",
            "applicant": {"email": "x@labo.fr", "name": None, "organisation": "=HYPERLINK(\"http://evil\",\"clic\")"},
            "project_title": "+33 cmd|' /C calc'!A0", "received_at": "2022-08-11T09:00:00+02:00",
            "missing": ["budget.personnel", "partenaires.contributions"],
            "budget": {"total_eur": None, "anact_request_eur": None, "cofinancing_eur": None, "cofinancing_share": None},
            "partners": [{"name": "@SUM(1+1)", "contribution": "-2+3"}], "flags": [],
        },
    ],
    "messages": [
        {"message_id": "<m1@cabinet.fr>", "from": "jeanne@cabinet.fr", "subject": "=1+1",
         "received_at": "2022-08-10T11:30:00+02:00", "classification": "submission", "dossier": "FCTO-2022-0001",
         "error": None, "state": "processed"},
        {"message_id": "<m2@relais.example>", "from": "mailer-daemon@relais.example", "subject": "Undelivered",
         "received_at": "2022-08-10T11:40:00+02:00", "classification": "bounce", "dossier": None,
         "error": None, "state": "processed"},
        {"message_id": "<m3@labo.fr>", "from": "x@labo.fr", "subject": "Dossier", "received_at": "2022-08-11T09:00:00+02:00",
         "classification": None, "dossier": None, "error": "pièce jointe trop volumineuse", "state": "quarantined"},
    ],
}


def test_csv_round_trip(tmp_path):
    path = tmp_path / "dossiers.csv"
    write_csv(DOC, path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with path.open(encoding="utf-8-sig", newline="") as fh:
        table = list(csv.reader(fh, delimiter=";"))
    assert tuple(table[0]) == HEADERS
    assert len(table) == 3
    first = dict(zip(table[0], table[1]))
    assert first["Référence"] == "FCTO-2022-0001"
    assert first["Titre du projet"] == "Dialogue social « technologique »; phase 1"
    assert first["Statut"] == "complet"
    assert first["Coût total (€)"] == "100000,00" and first["Demande Anact (€)"] == "80000,00"
    assert first["Part de co-financement"] == "20,0 %"
    assert first["Partenaires et contribution attendue"] == "Aract Occitanie : animation ; CFDT"
    assert first["Signalements et motifs"].startswith("montant demandé supérieur au plafond de l’appel : le montant")
    assert first["Reçu le"] == "10/08/2022 11:30"
    second = dict(zip(table[0], table[2]))
    assert second["Coût total (€)"] == "" and second["Part de co-financement"] == ""  # not found, never 0
    assert "dépenses de personnel" in second["Éléments manquants"]


def test_csv_holds_what_the_committee_weighs_in_words(tmp_path):
    path = tmp_path / "dossiers.csv"
    write_csv(DOC, path)
    text = path.read_text(encoding="utf-8-sig")
    table = list(csv.reader(io.StringIO(text), delimiter=";"))
    first = dict(zip(table[0], table[1]))
    assert first["Acronyme"] == "DIALTECH"
    assert first["Personnel (€)"] == "61500,00" and first["Autres dépenses (€)"] == ""
    assert first["Déplacements et logistique (€)"] == "4000,00" and first["Prestations (€)"] == "34500,00"
    sources = first["Sources de co-financement (nature : montant)"].replace("\u202f", " ").replace("\u00a0", " ")
    assert sources == ("Département de la Drôme, subvention : 12 000 € ; "
                       "Temps des bénévoles, valorisation (contribution en nature) : 8 000 €")
    flags = first["Signalements et motifs"]
    assert "fin du projet après l’échéance de l’appel : le projet s'achève le 31/03/2024" in flags
    assert first["Fin du projet"] == "30/11/2023"
    assert first["Réponses au porteur"] == ("accusé de réception : envoi le 10/08/2022 à 11:32 ; demande de "
                                            "compléments : en attente d’envoi depuis le 12/08/2022 à 09:05")
    for key in ("plafond_depasse", "fin_apres_echeance", "acknowledgement", "completion_request", "complete",
                "budget.personnel", "deplacements_logistique", "submission", "None"):
        assert key not in text, key


def test_csv_defuses_formulas(tmp_path):
    stream = io.StringIO()
    write_csv(DOC, stream)
    table = list(csv.reader(io.StringIO(stream.getvalue().lstrip("\ufeff")), delimiter=";"))
    second = dict(zip(table[0], table[2]))
    assert second["Organisation"] == "'=HYPERLINK(\"http://evil\",\"clic\")"
    assert second["Titre du projet"].startswith("'+33")
    assert second["Partenaires et contribution attendue"].startswith("'@SUM")
    for row in table[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "@")), cell


def test_csv_to_binary_stream():
    stream = io.BytesIO()
    write_csv(DOC, stream)
    assert stream.getvalue().startswith(b"\xef\xbb\xbfR\xc3\xa9f\xc3\xa9rence;")


def test_xlsx_round_trip(tmp_path):
    path = tmp_path / "dossiers.xlsx"
    write_xlsx(DOC, path)
    wb = openpyxl.load_workbook(path)
    ws = wb["Dossiers"]
    assert tuple(c.value for c in ws[1]) == HEADERS
    assert ws.freeze_panes == "B2"
    assert ws.max_row == 3
    assert ws.cell(row=2, column=HEADERS.index("Acronyme") + 1).value == "DIALTECH"
    first = {h: c.value for h, c in zip(HEADERS, ws[2])}
    assert first["Référence"] == "FCTO-2022-0001"
    assert first["Demande Anact (€)"] == 80000.0 and first["Part de co-financement"] == pytest.approx(0.2)
    assert ws.cell(row=2, column=HEADERS.index("Part de co-financement") + 1).number_format == "0.0%"
    assert first["Reçu le"].strftime("%d/%m/%Y %H:%M") == "10/08/2022 11:30"
    second = {h: c.value for h, c in zip(HEADERS, ws[3])}
    assert second["Coût total (€)"] is None
    assert second["Organisation"].startswith("'=")  # text, not a formula
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type != "f"
    assert ws.column_dimensions["C"].width >= 20
    messages = wb["Messages"]
    subject = messages.cell(row=2, column=[c.value for c in messages[1]].index("Objet") + 1)
    assert subject.value == "'=1+1" and subject.data_type != "f"


def test_a_bounced_answer_and_a_review_reason_are_shown_when_the_export_holds_them():
    d = {**DOC["dossiers"][0], "review": "Une pièce jointe n'a été lue qu'en partie.",
         "notifications": [{"kind": "completion_request", "status": "sent", "sent_at": "2022-08-12T09:06:00+02:00",
                            "queued_at": "2022-08-12T09:05:00+02:00",
                            "bounce": {"reason": "550 5.1.1 boîte inconnue", "at": "2022-08-12T09:20:00+02:00"}}]}
    row = next(rows({**DOC, "dossiers": [d]}))
    assert row["answers"] == ["demande de compléments : envoi le 12/08/2022 à 09:06, retour en non-remise le "
                              "12/08/2022 à 09:20 : 550 5.1.1 boîte inconnue"]
    assert row["flags"][0] == "à revoir par l’équipe : une pièce jointe n'a été lue qu'en partie."


def test_xlsx_messages_sheet_speaks_staff_words(tmp_path):
    path = tmp_path / "dossiers.xlsx"
    write_xlsx(DOC, path)
    sheet = openpyxl.load_workbook(path)["Messages"]
    rows = [{h.value: c.value for h, c in zip(sheet[1], row)} for row in sheet.iter_rows(min_row=2)]
    assert [(r["Nature"], r["État"]) for r in rows] == [
        ("candidature", "traité"), ("avis de non-remise", "traité"), ("non classé", "en quarantaine")]
    assert rows[2]["Motif"] == "pièce jointe trop volumineuse"
    values = {str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None}
    assert not values & {"submission", "bounce", "processed", "quarantined", "None"}


def test_xlsx_lists_one_item_a_line_in_cells_that_wrap_and_rows_tall_enough(tmp_path):
    path = tmp_path / "dossiers.xlsx"
    write_xlsx(DOC, path)
    ws = openpyxl.load_workbook(path)["Dossiers"]
    first = {h: c for h, c in zip(HEADERS, ws[2])}
    assert first["Réponses au porteur"].value.splitlines()[0] == "• accusé de réception : envoi le 10/08/2022 à 11:32"
    assert len(first["Signalements et motifs"].value.splitlines()) == 2
    second = {h: c for h, c in zip(HEADERS, ws[3])}
    assert second["Éléments manquants"].value.splitlines()[0] == "• les dépenses de personnel"
    assert not first["Sources de co-financement (nature : montant)"].value.startswith("'")
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):  # wraps in its column: never runs over the next one
                assert cell.alignment.wrap_text, (cell.coordinate, cell.value)
    for index in range(1, ws.max_row + 1):
        height = ws.row_dimensions[index].height
        assert height is not None
        lines = max(str(c.value).count("\n") + 1 for c in ws[index] if c.value is not None)
        assert height >= lines * 12, (index, height, lines)  # at least a line of 10 pt text per line


def test_xlsx_prints_landscape_one_page_wide_with_the_header_on_each_page(tmp_path):
    path = tmp_path / "dossiers.xlsx"
    write_xlsx(DOC, path)
    for ws in openpyxl.load_workbook(path):
        assert ws.page_setup.orientation == "landscape"
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
        assert ws.print_title_rows.replace("$", "") == "1:1"
