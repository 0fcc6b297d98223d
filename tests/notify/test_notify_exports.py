"""CSV and XLSX exports round-trip, and never carry a formula from a mail."""
from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from notify.exports import HEADERS, write_csv, write_xlsx

DOC = {
    "schema": 1,
    "call": "fabrique-cto-2022",
    "generated_at": "2022-08-24T08:00:00+02:00",
    "dossiers": [
        {
            "reference": "FCTO-2022-0001", "status": "complete",
            "applicant": {"email": "jeanne@cabinet.fr", "name": "Jeanne Dupont", "organisation": "Cabinet Dupont"},
            "project_title": "Dialogue social « technologique »; phase 1",
            "received_at": "2022-08-10T11:30:00+02:00", "updated_at": "2022-08-10T11:30:00+02:00",
            "requirements": {}, "missing": [],
            "budget": {"total_eur": 100000.0, "anact_request_eur": 80000.0, "cofinancing_eur": 20000.0,
                       "cofinancing_share": 0.2, "by_category": {}, "cofinancements": []},
            "partners": [{"name": "Aract Occitanie", "contribution": "animation"}, {"name": "CFDT", "contribution": None}],
            "flags": ["plafond_depasse"], "attachments": [], "messages": [], "notifications": [],
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
         "error": None},
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
    assert first["Partenaires"] == "Aract Occitanie (animation) ; CFDT"
    assert first["Signalements"] == "montant demandé supérieur au plafond de l’appel"
    assert first["Reçu le"] == "10/08/2022 11:30"
    second = dict(zip(table[0], table[2]))
    assert second["Coût total (€)"] == "" and second["Part de co-financement"] == ""  # not found, never 0
    assert "dépenses de personnel" in second["Éléments manquants"]


def test_csv_defuses_formulas(tmp_path):
    stream = io.StringIO()
    write_csv(DOC, stream)
    table = list(csv.reader(io.StringIO(stream.getvalue().lstrip("\ufeff")), delimiter=";"))
    second = dict(zip(table[0], table[2]))
    assert second["Organisation"] == "'=HYPERLINK(\"http://evil\",\"clic\")"
    assert second["Titre du projet"].startswith("'+33")
    assert second["Partenaires"].startswith("'@SUM")
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
    assert ws.column_dimensions["C"].width >= 30
    messages = wb["Messages"]
    assert messages["C2"].value == "'=1+1" and messages["C2"].data_type != "f"
