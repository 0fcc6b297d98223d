"""read_document and read_body: every format, and every way a file can be wrong."""
from __future__ import annotations

import io
import shutil
import zipfile

import pytest

from extract.documents import read_document
from extract.text import read_body
from extracthelp import (fake_encrypted_ooxml, image_only_pdf, legacy_doc, password_pdf, to_docx, to_pdf,
                         to_xlsx)
from scenarios import SYNONYMS

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def headings(document):
    return [b.text for b in document.blocks if b.heading_level is not None and b.kind != "title"]


@pytest.mark.parametrize("style", ["style", "titre", "bold", "caps"])
def test_docx_headings_by_style_and_by_look(style):
    document = read_document(to_docx(SYNONYMS, style), "p.docx", DOCX_TYPE)
    assert document.status == "ok" and document.format == "docx"
    found = [h.lower() for h in headings(document)]
    assert "enjeux" in found and "chronogramme" in found and "partenaires" in found
    assert next(b for b in document.blocks if b.kind == "title").text.startswith("DIALOG'IA")


def test_docx_keeps_document_order_and_tables():
    document = read_document(to_docx(SYNONYMS), "p.docx", None)
    items = sorted([*document.blocks, *document.tables], key=lambda i: i.order)
    index = next(i for i, item in enumerate(items) if getattr(item, "text", "") == "Chronogramme")
    assert items[index + 1].rows[0] == ("Phase", "Période")
    assert len(document.tables) == 4


def test_docx_numbered_headings_by_look():
    import docx

    d = docx.Document()
    for text in ["1. Contexte", "Un texte.", "2) Objectifs", "Un autre texte.", "II. Méthode", "Encore.",
                 "a) Pilotage", "Texte.", "CALENDRIER", "Texte final."]:
        d.add_paragraph(text)
    buffer = io.BytesIO()
    d.save(buffer)
    document = read_document(buffer.getvalue(), "x.docx", None)
    assert headings(document) == ["1. Contexte", "2) Objectifs", "II. Méthode", "a) Pilotage", "CALENDRIER"]


def test_docx_nested_table_and_merged_cells():
    import docx

    d = docx.Document()
    table = d.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "Budget détaillé"
    table.cell(1, 0).text, table.cell(1, 1).text, table.cell(1, 2).text = "Poste", "Nature", "Montant"
    inner = table.cell(2, 0).add_table(rows=1, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "Personnel", "1 000 €"
    buffer = io.BytesIO()
    d.save(buffer)
    document = read_document(buffer.getvalue(), "x.docx", None)
    assert document.tables[0].rows[0] == ("Budget détaillé",)
    assert ("Personnel", "1 000 €") in document.tables[1].rows


def test_pdf_text_headings_and_ruled_tables():
    document = read_document(to_pdf(SYNONYMS), "p.pdf", "application/pdf")
    assert document.status == "ok" and document.pages >= 1
    assert "Enjeux" in headings(document) and "Instances de suivi" in headings(document)
    budget = next(t for t in document.tables if t.rows[0] == ("Dépenses", "Montant"))
    assert budget.rows[-1] == ("Total", "35 000 €")
    texts = [b.text for b in document.blocks]
    assert not any(t.startswith("Salaires de la cheffe") for t in texts), "table lines are not repeated as text"


def test_pdf_image_only_is_read_by_ocr_and_says_so():
    document = read_document(image_only_pdf(), "scan.pdf", "application/pdf")
    if shutil.which("tesseract") is None:  # without OCR a scan has no text
        assert document.status == "unreadable" and "Tesseract absent" in document.reason
        return
    assert document.status == "ok" and document.ocr and "reconnaissance de caractères" in document.reason


def test_pdf_with_password_is_encrypted():
    assert read_document(password_pdf(), "budget.pdf", None).status == "encrypted"


def test_encrypted_ooxml_and_legacy_office():
    assert read_document(fake_encrypted_ooxml(), "candidature.docx", DOCX_TYPE).status == "encrypted"
    legacy = read_document(legacy_doc(), "candidature.doc", "application/msword")  # converted by LibreOffice
    assert legacy.status in ("unsupported", "error") and legacy.reason.startswith("document Word 97 (.doc) :")


@pytest.mark.parametrize("data, name", [
    (b"\x00\x01\x02\x03binary", "mystery.bin"),
])
def test_unsupported_formats(data, name):
    document = read_document(data, name, None)
    assert document.status == "unsupported" and document.reason


def test_odt_is_read_as_odt_even_when_named_docx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    assert read_document(buffer.getvalue(), "candidature.docx", DOCX_TYPE).format == "odt"


def test_magic_bytes_win_over_the_name():
    pdf = to_pdf(SYNONYMS)
    assert read_document(pdf, "candidature.docx", DOCX_TYPE).format == "pdf"
    assert read_document(to_docx(SYNONYMS), "candidature.pdf", "application/pdf").format == "docx"
    assert read_document(to_xlsx({"B": [["Poste", "Montant"]]}), "budget", None).format == "xlsx"


@pytest.mark.parametrize("data, name", [
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "scan.png"),
    (b"\xff\xd8\xff\xe0" + b"\x00" * 50, "photo.jpg"),
    (b"%PDF-1.7\n1 0 obj <<", "truncated.pdf"),
    (b"PK\x03\x04garbage", "broken.docx"),
    (b"not a pdf at all", "fake.pdf"),
    (b"", "empty.pdf"),
])
def test_corrupt_files_are_errors_not_exceptions(data, name):
    document = read_document(data, name, None)
    assert document.status in ("error", "unreadable")
    assert document.reason


def test_zip_is_left_to_the_mail_layer():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", "x")
    assert read_document(buffer.getvalue(), "pieces.zip", "application/zip").status == "unsupported"


def test_xlsx_every_sheet_cached_values_and_merged_cells():
    data = to_xlsx({
        "Dépenses": [["Budget du projet", None], ["Poste", "Montant"], ["Salaires", 1000], ["Frais de mission", 250.5],
                     ["Total", "=SUM(B3:B4)"]],
        "Recettes": [["Financeur", "Montant"], ["Anact", 900]],
    }, merges={"Dépenses": ["A1:B1"]})
    document = read_document(data, "budget.xlsx", None)
    assert document.status == "ok"
    sheets = {t.sheet for t in document.tables}
    assert sheets == {"Dépenses", "Recettes"}
    depenses = next(t for t in document.tables if t.sheet == "Dépenses")
    assert depenses.rows[0][0] == "Budget du projet" and depenses.rows[0][1] == ""
    assert ("Frais de mission", "250.5") in depenses.rows
    assert depenses.rows[-1] == ("Total", "1250.5")  # no cached value: the formula is computed


def test_body_plain_text_tables_and_lists():
    body = read_body("Contexte\nUn texte.\n\nPoste\tMontant\nSalaires\t1 000 €\n\n- un\n- deux\n", None)
    assert body.name is None and body.status == "ok"
    assert body.tables[0].rows == (("Poste", "Montant"), ("Salaires", "1 000 €"))
    assert [b.text for b in body.blocks if b.kind == "list"] == ["un", "deux"]


def test_body_html_turned_into_text():
    html = ("<html><head><style>p{}</style></head><body><h2>Objectifs</h2><p>Faire &amp; dire.</p>"
            "<table><tr><td><p>Poste</p></td><td>Montant</td></tr><tr><td>Salaires</td><td>1&nbsp;000 €</td></tr>"
            "</table><div class='gmail_quote'><div class='gmail_attr'>Le 3 août 2022, X &lt;x@y.fr&gt; a écrit :<br></div>"
            "<blockquote class='gmail_quote'>Contexte ancien</blockquote></div></body></html>")
    body = read_body(None, html)
    assert [b.text for b in body.blocks if b.heading_level] == ["Objectifs"]
    assert body.tables[0].rows[1] == ("Salaires", "1\xa0000 €")
    assert "ancien" not in " ".join(b.text for b in body.blocks)


def test_body_drops_the_quoted_message():
    text = ("Bonjour,\nVoici le budget corrigé.\n\nLe 12 août 2022 à 10:00, Fabrique CTO <fabrique@anact.fr> a écrit :\n"
            "> Il manque : la perspective de pérennisation et d'essaimage\n> Pérennisation\n")
    body = read_body(text, None)
    assert "pérennisation" not in " ".join(b.text for b in body.blocks).lower()


def test_empty_body():
    assert read_body(None, None).status == "ok"
    assert read_body("", "").blocks == ()


def test_logo_captions_of_an_html_body_are_text_each_on_its_line():
    """"Avec le soutien de :" followed by logos: their alt texts say who (a file-name alt does not)."""
    doc = read_body(None, '<p>Avec le soutien de :</p><p><img alt="Logo de la Région Bretagne" src="cid:a">'
                          '<img alt="Mutualité Française Bretagne" src="cid:b"><img alt="image002.png"></p>')
    assert [b.text for b in doc.blocks] == ["Avec le soutien de :", "Région Bretagne", "Mutualité Française Bretagne"]


def test_a_compound_name_cut_at_a_line_end_of_a_pdf_cell_keeps_its_hyphen():
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    style = getSampleStyleSheet()["BodyText"]
    style.hyphenationLang = None
    cell = Paragraph("Union régionale Provence-Alpes-<br/>Côte d'Azur", style)
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4).build([Table([["Partenaire", "Rôle"], [cell, "relais"]], colWidths=[120, 200],
                                                     style=TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black")]))])
    doc = read_document(buf.getvalue(), "partenaires.pdf", None)
    cells = [c for t in doc.tables for row in t.rows for c in row]
    assert any("Provence-Alpes-Côte d'Azur" in c for c in cells), cells


def _filled_form() -> bytes:
    """A one-page application form: a question printed above a multi-line answer box, a label on
    the left of a one-line box, a box its author described only in its tooltip, and a box whose
    typed text was also printed on the page (a form flattened by a print to PDF)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4)
    pdf.setFont("Helvetica-Bold", 10)
    pdf.drawString(60, 780, "Pourquoi ce projet maintenant ?")
    pdf.acroForm.textfield(name="q1", x=60, y=700, width=470, height=70, fieldFlags="multiline", fontSize=9,
                           value="Le centre de tri passe au scanner vocal en 2023.\nLes agents n'ont pas été consultés.")
    pdf.drawString(60, 660, "Référent :")
    pdf.acroForm.textfield(name="q2", x=130, y=652, width=300, height=20, fontSize=9, value="Maëlle Quéré")
    pdf.acroForm.textfield(name="q3", tooltip="Durée du projet", x=60, y=600, width=300, height=20, fontSize=9,
                           value="dix-huit mois")
    pdf.setFont("Helvetica", 9)
    pdf.drawString(64, 556, "Imprimé tel quel")
    pdf.acroForm.textfield(name="q4", x=60, y=550, width=300, height=20, fontSize=9, value="Imprimé tel quel")
    pdf.save()
    return buf.getvalue()


def test_the_answers_typed_into_a_pdf_form_are_read_beside_their_questions():
    document = read_document(_filled_form(), "formulaire.pdf", "application/pdf")
    texts = [b.text for b in sorted(document.blocks, key=lambda b: b.order)]
    question = texts.index("Pourquoi ce projet maintenant ?")
    assert texts[question + 1] == "Le centre de tri passe au scanner vocal en 2023."
    assert texts[question + 2] == "Les agents n'ont pas été consultés."
    assert "Référent : Maëlle Quéré" in texts
    assert "Durée du projet : dix-huit mois" in texts
    assert " ".join(texts).count("Imprimé tel quel") == 1


def test_hidden_sheets_of_a_workbook_are_not_read_unless_nothing_else_shows():
    import openpyxl

    workbook = openpyxl.Workbook()
    draft = workbook.active
    draft.title = "Brouillon mars"
    draft.append(["Poste", "Montant"])
    draft.append(["Ancienne estimation", 99000])
    draft.sheet_state = "hidden"
    shown = workbook.create_sheet("Budget retenu")
    shown.append(["Poste", "Montant"])
    shown.append(["Salaires chargés", 41000])
    shown["B2"].comment = openpyxl.comments.Comment("chiffre validé en bureau", "trésorière")
    notes = workbook.create_sheet("Calculs")
    notes.append(["Taux journalier", 380])
    notes.sheet_state = "veryHidden"
    buffer = io.BytesIO()
    workbook.save(buffer)
    document = read_document(buffer.getvalue(), "budget.xlsx", None)
    assert [t.sheet for t in document.tables] == ["Budget retenu"]
    assert document.tables[0].rows == (("Poste", "Montant"), ("Salaires chargés", "41000"))
    assert document.tables[0].page == 2  # its place in the workbook

    shown.delete_rows(1, 2)  # the shown sheet left empty: the hidden figures are all there is
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert {t.sheet for t in read_document(buffer.getvalue(), "budget.xlsx", None).tables} == {"Brouillon mars",
                                                                                            "Calculs"}


def test_a_publisher_file_or_an_unknown_office_file_is_unsupported_with_a_french_reason():
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    publisher = header + "Quill".encode("utf-16-le") + b"\x00" * 60 + "Contents".encode("utf-16-le") + b"\x00" * 900
    document = read_document(publisher, "plaquette.pub", "application/x-mspublisher")
    assert document.status == "unsupported" and "Publisher" in document.reason and "PDF" in document.reason
    project = read_document(header + b"\x00" * 900, "planning.mpp", "application/octet-stream")
    assert project.status == "unsupported" and "« .mpp »" in project.reason
    from ingest.classify import is_document  # both reach the reader: said unsupported, never left out

    assert is_document("plaquette.pub", "application/x-mspublisher", False)
    assert is_document("planning.mpp", "application/octet-stream", False)


def test_an_attached_mail_file_is_read_as_a_mail_body_its_tables_kept():
    raw = ("From: chloe@fablab.example\r\nSubject: budget\r\nMIME-Version: 1.0\r\n"
           "Content-Type: multipart/mixed; boundary=B\r\n\r\n--B\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
           "<p>Notre budget :</p><table><tr><td>Salaires</td><td>12 000 €</td></tr>"
           "<tr><td>Déplacements</td><td>1 500 €</td></tr></table>\r\n"
           "--B\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=a.pdf\r\n"
           "Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n"
           "--B--\r\n").encode()
    document = read_document(raw, "Message enregistré.eml", "application/octet-stream")
    assert document.status == "ok" and document.format == "eml" and document.name == "Message enregistré.eml"
    assert document.tables[0].rows == (("Salaires", "12 000 €"), ("Déplacements", "1 500 €"))
    assert read_document(b"Subject: vide\r\n\r\n", "vide.eml", None).status == "unreadable"


def _two_columns_written_row_by_row(table: bool = False) -> bytes:
    """A leaflet page in two columns whose program wrote it line by line across the page (each
    left line, then the right line beside it); with `table`, an unruled two-column table of
    partners and what they bring, written the same way."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    if table:
        left = ["Partenaire", "Mission locale du Pays de Morlaix,", "antenne de Landivisiau.",
                "Fédération des centres sociaux", "et socioculturels du Finistère.", "Chambre de métiers et de",
                "l'artisanat de Bretagne."]
        right = ["Apport", "Repérage des jeunes salariés", "volontaires pour les entretiens.", "Prêt de salles pour",
                 "les ateliers du soir et du samedi.", "Relais de l'appel auprès des", "entreprises artisanales."]
    else:
        left = ["Pourquoi", "Les chauffeurs de la régie ont reçu", "des terminaux embarqués sans que", "leur avis soit demandé.",
                "Pour quoi faire", "Écrire avec eux les règles d'emploi", "des données de conduite."]
        right = ["Quand", "Quinze mois, de février 2023 à", "avril 2024, en trois étapes.", "Avec qui",
                 "Le syndicat mixte des transports", "du Léon, qui ouvre ses dépôts", "aux observations."]
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4)
    y = 760
    for l_text, r_text in zip(left, right):
        for x, text in ((56, l_text), (316, r_text)):
            heading = text in ("Pourquoi", "Pour quoi faire", "Quand", "Avec qui", "Partenaire", "Apport")
            pdf.setFont("Helvetica-Bold" if heading else "Helvetica", 10)
            pdf.drawString(x, y, text)
        y -= 14
    pdf.save()
    return buf.getvalue()


def test_a_two_column_page_written_across_its_columns_is_read_column_by_column():
    document = read_document(_two_columns_written_row_by_row(), "plaquette.pdf", None)
    texts = [b.text for b in sorted(document.blocks, key=lambda b: b.order)]
    assert texts == ["Pourquoi", "Les chauffeurs de la régie ont reçu des terminaux embarqués sans que leur avis soit demandé.",
                     "Pour quoi faire", "Écrire avec eux les règles d'emploi des données de conduite.",
                     "Quand", "Quinze mois, de février 2023 à avril 2024, en trois étapes.",
                     "Avec qui", "Le syndicat mixte des transports du Léon, qui ouvre ses dépôts aux observations."]


def test_an_unruled_two_column_table_keeps_its_rows_side_by_side():
    document = read_document(_two_columns_written_row_by_row(table=True), "partenaires.pdf", None)
    texts = " | ".join(b.text for b in sorted(document.blocks, key=lambda b: b.order))
    assert texts.index("Mission locale du Pays") < texts.index("Repérage des jeunes") < texts.index("Fédération des centres")
    assert texts.index("Prêt de salles") < texts.index("Chambre de métiers")


def test_a_list_item_wrapped_under_its_bullet_keeps_its_capitalised_end():
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4)
    pdf.setFont("Helvetica", 10)
    rows = [(60, "Nos soutiens :"), (62, "• Communauté d'agglomération du Grand"), (74, "Dax"),
            (62, "• Régie de quartier de Saint-Paul-lès-Dax"), (60, "Chacun a signé une lettre d'engagement.")]
    for k, (x, text) in enumerate(rows):
        pdf.drawString(x, 760 - 13 * k, text)
    pdf.save()
    document = read_document(buf.getvalue(), "soutiens.pdf", None)
    items = [(b.kind, b.text) for b in sorted(document.blocks, key=lambda b: b.order)]
    assert items == [(None, "Nos soutiens :"), ("list", "Communauté d'agglomération du Grand Dax"),
                     ("list", "Régie de quartier de Saint-Paul-lès-Dax"),
                     (None, "Chacun a signé une lettre d'engagement.")]


def test_a_ruled_table_going_on_over_a_page_break_is_one_table_without_the_running_footer():
    """A partner table cut by a page break inside a row (the rest of its last cell opening the
    next page, as a word processor prints it), with a footer repeating the organisation's name
    and each page's number."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    style = getSampleStyleSheet()["BodyText"]
    grid = TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"), ("VALIGN", (0, 0), (-1, -1), "TOP")])
    brings = "Accueil des observations et temps libéré pour les soignants volontaires"
    rows = [[f"Maison de santé n° {k}", "Terrain", Paragraph(brings, style)] for k in range(1, 9)]
    first = [["Structure", "Rôle", "Ce qu'elle apporte"]] + rows[:4] + [["Maison de santé n° 5", "Terrain",
                                                                         "Accueil des observations et"]]
    second = [["", "", "temps libéré pour les soignants volontaires"]] + rows[5:]

    def footer(canvas, doc):
        canvas.setFont("Helvetica", 8)
        canvas.drawString(60, 30, f"Coopérative Soins en Commun – page {doc.page}")

    buf = io.BytesIO()
    story = [Paragraph("Nos partenaires", getSampleStyleSheet()["Heading2"]), Spacer(1, 480),
             Table(first, colWidths=[170, 60, 230], style=grid), PageBreak(),
             Table(second, colWidths=[170, 60, 230], style=grid),
             Paragraph("Chacune a signé une lettre d'engagement.", style), PageBreak(),
             Paragraph("Les lettres sont jointes au dossier.", style)]
    SimpleDocTemplate(buf, pagesize=A4).build(story, onFirstPage=footer, onLaterPages=footer)
    document = read_document(buf.getvalue(), "partenaires.pdf", None)
    assert document.pages == 3 and {t.page for t in document.tables} == {1}
    assert len(document.tables) == 1, [t.rows[0] for t in document.tables]
    table = document.tables[0]
    assert [row[0] for row in table.rows[1:]] == [f"Maison de santé n° {k}" for k in range(1, 9)]
    assert all(row[2] == brings for row in table.rows[1:]), table.rows
    assert not any("Soins en Commun" in b.text for b in document.blocks)


def test_a_line_of_figures_from_an_accounting_export_is_no_heading():
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4)
    pdf.setFont("Helvetica", 10)
    pdf.drawString(60, 780, "Le détail des charges figure ci-dessous, extrait de notre logiciel de comptabilité.")
    for k, text in enumerate(["604000 Animation des groupes de pairs 12 640.00 7,680.00",
                              "625100 Déplacements des animateurs 1 2,150.00 2,150.00", "TOTAL HT 9,830.00"]):
        pdf.drawString(60, 760 - 14 * k, text)
    pdf.save()
    document = read_document(buf.getvalue(), "annexe.pdf", None)
    assert [b.heading_level for b in document.blocks] == [None] * len(document.blocks)
