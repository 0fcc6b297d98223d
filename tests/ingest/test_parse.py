"""MIME parsing at the ingest boundary: typed attachments with decoded bytes and safe names."""
from __future__ import annotations

import io
import unicodedata
import zipfile
from email.message import EmailMessage

import pytest

from ingest.errors import UnparseableMessage
from ingest.parse import Limits, clean_header, parse_message, safe_filename
from tests.shared import CORPUS


def base(subject="Candidature") -> EmailMessage:
    m = EmailMessage()
    m["From"], m["To"], m["Subject"] = "Jeanne <jeanne@cabinet.example>", "fabrique@anact.fr", subject
    m["Message-ID"], m["Date"] = "<p1@cabinet.example>", "Tue, 02 Aug 2022 10:00:00 +0200"
    m.set_content("Bonjour")
    return m


def test_rfc2231_and_encoded_word_filenames_are_decoded_and_nfc():
    decomposed = unicodedata.normalize("NFD", "Budget détaillé.xlsx")
    raw = (b"From: a@b.fr\r\nTo: fabrique@anact.fr\r\nSubject: x\r\nMIME-Version: 1.0\r\n"
           b"Content-Type: multipart/mixed; boundary=XX\r\n\r\n--XX\r\nContent-Type: text/plain\r\n\r\nbonjour\r\n"
           b"--XX\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; "
           b"filename*=utf-8''Proposition%20%C3%A9t%C3%A9.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0=\r\n"
           b"--XX\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\""
           + f"=?utf-8?b?{__import__('base64').b64encode(decomposed.encode()).decode()}?=".encode()
           + b"\"\r\nContent-Transfer-Encoding: base64\r\n\r\nUEsDBA==\r\n--XX--\r\n")
    mail = parse_message(raw)
    names = [a.filename for a in mail.attachments]
    assert names[0] == "Proposition été.pdf"
    assert names[1] == "Budget détaillé.xlsx" and unicodedata.is_normalized("NFC", names[1])
    assert mail.attachments[0].data == b"%PDF-"


def test_attached_message_is_walked_not_kept_as_a_blob():
    inner = base("Candidature transférée")
    inner.add_attachment(b"%PDF-1.4 x", maintype="application", subtype="pdf", filename="projet.pdf")
    outer = base("TR: Candidature")
    outer.add_attachment(inner)
    mail = parse_message(bytes(outer))
    assert [a.filename for a in mail.attachments] == ["Texte du message transféré – Candidature transférée.eml",
                                                      "projet.pdf"]


def _zip(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return buf.getvalue()


def test_zip_is_opened_within_limits():
    m = base()
    m.add_attachment(_zip({"dossier/description.docx": b"PK\x03\x04docx", "budget.xlsx": b"xlsx"}),
                     maintype="application", subtype="zip", filename="candidature.zip")
    mail = parse_message(bytes(m))
    assert sorted(a.filename for a in mail.attachments) == ["budget.xlsx", "description.docx"]
    assert all(a.container == "candidature.zip" for a in mail.attachments)


def test_zip_bomb_is_not_opened_and_says_why():
    m = base()
    m.add_attachment(_zip({"bomb.txt": b"0" * 50_000_000}), maintype="application", subtype="zip",
                     filename="bomb.zip")
    mail = parse_message(bytes(m), Limits(max_unpacked_bytes=10_000_000))
    assert [a.filename for a in mail.attachments] == ["bomb.zip"]
    assert any("bombe" in p or "limite" in p for p in mail.problems)


def test_nested_zips_stop_at_the_depth_limit():
    data = _zip({"x.txt": b"x"})
    for i in range(6):
        data = _zip({f"level{i}.zip": data})
    m = base()
    m.add_attachment(data, maintype="application", subtype="zip", filename="nested.zip")
    mail = parse_message(bytes(m), Limits(max_depth=3))
    assert any("imbriquée" in p for p in mail.problems)


@pytest.mark.parametrize("name,expected", [
    ("../../etc/passwd", "passwd"), ("C:\\Users\\x\\budget.xlsx", "budget.xlsx"), ("a\x00b\r\n.pdf", "ab.pdf"),
    (".hidden", "hidden"), ("", "fallback"), (None, "fallback"),
])
def test_filenames_are_display_names_never_paths(name, expected):
    assert safe_filename(name, "fallback") == expected


def test_headers_reused_in_answers_have_no_line_breaks():
    assert clean_header("Jeanne\r\nBcc: victim@x.fr") == "Jeanne Bcc: victim@x.fr"
    raw = b"From: =?utf-8?q?Jeanne=0D=0ABcc:_v@e.fr?= <j@x.fr>\r\nSubject: =?utf-8?q?a=0D=0Ab?=\r\n\r\nx"
    mail = parse_message(raw)
    assert "\n" not in (mail.from_name or "") and "\r" not in mail.subject


def test_wrong_charset_is_read_not_fatal():
    raw = ("From: a@b.fr\r\nSubject: x\r\nContent-Type: text/plain; charset=utf-8\r\n"
           "Content-Transfer-Encoding: 8bit\r\n\r\n").encode() + "Déjà réalisé".encode("latin-1")
    mail = parse_message(raw)
    assert mail.text and "r" in mail.text


def test_empty_message_is_refused_with_a_reason():
    with pytest.raises(UnparseableMessage):
        parse_message(b"   \r\n")


def test_winmail_dat_is_opened():
    path = CORPUS / "mail-mimekit" / "tnef" / "winmail.tnef"
    if not path.exists():
        pytest.skip(f"{path} absent : ce test lit le dossier partagé ../shared, présent en CI")
    m = base()
    m.add_attachment(path.read_bytes(), maintype="application", subtype="ms-tnef", filename="winmail.dat")
    mail = parse_message(bytes(m))
    assert mail.attachments and all(a.container == "winmail.dat" for a in mail.attachments)


def test_a_to_header_that_makes_the_address_parser_recurse_is_kept_not_fatal():
    """The stdlib's address parser recurses once per ':' it takes for a group: a To header of
    thousands of them (agenda lines pasted into the recipients) exhausted the stack and failed
    the whole message (issue 12, point 11)."""
    agenda = "".join(f"\r\n\t=?utf-8?Q?atelier_{i}_du_09:30?=" for i in range(1600))
    raw = (f"From: Jeanne <jeanne@cabinet.example>\r\nTo: Equipe <equipe@cabinet.example>,{agenda}\r\n"
           f"Cc: chef@cabinet.example\r\nSubject: Candidature\r\nMessage-ID: <p9@cabinet.example>\r\n"
           f"Content-Type: text/plain; charset=utf-8\r\n\r\nVoici notre projet.\r\n").encode()
    mail = parse_message(raw)
    assert mail.from_addr == "jeanne@cabinet.example" and mail.subject == "Candidature"
    assert mail.text.strip() == "Voici notre projet."
    assert mail.to == ("equipe@cabinet.example", "chef@cabinet.example")
    assert "atelier 1599 du 09:30" in mail.headers["to"]  # the header kept, decoded
    assert any("To/Cc" in p for p in mail.problems)


def test_the_public_corpus_mail_whose_to_recurses_is_read():
    path = CORPUS / "mail-mimekit" / "messages" / "stack-overflow.txt"
    if not path.exists():
        pytest.skip(f"{path} absent : ce test lit le dossier partagé ../shared, présent en CI")
    mail = parse_message(path.read_bytes())
    assert mail.from_addr == "test@test.com" and mail.subject == "Message Subject"
    assert "test@test.com" in mail.to


def _forward_of(inner: EmailMessage, note: str = "Je te fais suivre la demande de l'équipe.") -> bytes:
    outer = EmailMessage()
    outer["From"], outer["To"], outer["Subject"] = "Accueil <accueil@mairie.example>", "fabrique@anact.fr", "Fwd: projet"
    outer["Message-ID"], outer["Date"] = "<fw1@mairie.example>", "Wed, 03 Aug 2022 09:00:00 +0200"
    outer.set_content(note)
    outer.add_attachment(inner)
    return bytes(outer)


def test_a_forwarded_message_s_own_text_is_a_document_of_its_own_not_the_carrier_s_text():
    from extract.documents import read_document

    inner = EmailMessage()
    inner["From"], inner["Subject"] = "Inès <ines@regie.example>", "Notre dossier MARÉE"
    inner["Date"] = "Tue, 02 Aug 2022 18:00:00 +0200"
    inner.set_content("Montant total : 48 300 €, dont 30 000 € demandés à l'Anact.")
    inner.add_alternative("<p>Montant total : <b>48 300 €</b>, dont 30 000 € demandés à l'Anact.</p>", subtype="html")
    inner.add_attachment(b"%PDF-1.4 x", maintype="application", subtype="pdf", filename="maree.pdf")
    raw = _forward_of(inner)
    mail = parse_message(raw)
    forwarded, pdf = mail.attachments
    assert forwarded.filename == "Texte du message transféré – Notre dossier MARÉE.eml" and pdf.filename == "maree.pdf"
    text, html = mail.body()  # the body document's text: the carrier's own
    assert "48 300" not in (text or "") + (html or "") and "fais suivre" in text
    assert "48 300" in mail.text  # the message's whole text still holds it (what it says, for staff)
    assert forwarded.sha256 == parse_message(raw).attachments[0].sha256  # the same document at every parse
    document = read_document(forwarded.data, forwarded.filename, forwarded.content_type)
    assert document.status == "ok" and document.name == forwarded.filename
    assert [b.text for b in document.blocks] == ["Montant total : 48 300 €, dont 30 000 € demandés à l'Anact."]


def test_an_automatic_message_attached_gives_no_document():
    inner = EmailMessage()
    inner["From"], inner["Subject"], inner["Auto-Submitted"] = "robot@plateforme.example", "Accusé", "auto-replied"
    inner.set_content("Votre demande de financement a bien été enregistrée.")
    mail = parse_message(_forward_of(inner))
    assert mail.attachments == () and "fais suivre" in mail.body()[0]


def test_a_delivery_report_keeps_the_returned_headers_quietly(caplog):
    raw = (b"From: MAILER-DAEMON@relais.example\r\nTo: fabrique@anact.fr\r\nSubject: Undeliverable\r\n"
           b"Message-ID: <dsn1@relais.example>\r\nMIME-Version: 1.0\r\n"
           b"Content-Type: multipart/report; report-type=delivery-status; boundary=R\r\n\r\n"
           b"--R\r\nContent-Type: text/plain\r\n\r\nRemise impossible.\r\n"
           b"--R\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; relais.example\r\n\r\n"
           b"Final-Recipient: rfc822; x@asso.example\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n"
           b"--R\r\nContent-Type: text/rfc822-headers\r\n\r\nFrom: fabrique@anact.fr\r\nTo: x@asso.example\r\n"
           b"Subject: =?utf-8?q?Accus=C3=A9_de_r=C3=A9ception?=\r\nMessage-ID: <answer-42@anact.fr>\r\n\r\n--R--\r\n")
    with caplog.at_level("DEBUG"):
        mail = parse_message(raw)
    assert mail.returned_message_id == "<answer-42@anact.fr>"
    assert mail.returned_headers["subject"] == "Accusé de réception"
    assert mail.attachments == () and "Remise impossible" in mail.text
    assert not [r for r in caplog.records if "not handled" in r.getMessage()]
    assert base().as_bytes() and parse_message(bytes(base())).returned_headers == {}


def test_a_report_returning_the_whole_message_reads_none_of_it_as_a_forward():
    returned = EmailMessage()
    returned["From"], returned["To"], returned["Subject"] = "fabrique@anact.fr", "y@coop.example", "Dossier incomplet"
    returned["Message-ID"] = "<answer-7@anact.fr>"
    returned.set_content("Il manque : le budget prévisionnel.")
    report = EmailMessage()
    report["From"], report["To"], report["Subject"] = "postmaster@coop.example", "fabrique@anact.fr", "Échec"
    report.set_content("Adresse inconnue.")
    report.add_attachment(returned)
    report.replace_header("Content-Type", report["Content-Type"].replace("multipart/mixed", "multipart/report"))
    mail = parse_message(bytes(report))
    assert mail.returned_message_id == "<answer-7@anact.fr>"
    assert not [a for a in mail.attachments if a.filename.endswith(".eml")]
