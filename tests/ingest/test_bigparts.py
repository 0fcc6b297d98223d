"""Big mails: their large base64 bodies are lifted out before MIME parsing (ingest/bigparts.py).
The ParsedMail must be the same as when the message is parsed whole; only the memory differs."""
from __future__ import annotations

import io
import random
import tracemalloc
import zipfile
from email.message import EmailMessage

import pytest

from ingest import bigparts
from ingest.parse import Limits, parse_message

rng = random.Random(5)


def _mail(parts, linesep="\r\n", nested=False) -> bytes:
    m = EmailMessage()
    m["From"], m["To"], m["Subject"], m["Message-ID"] = "a@b.example", "c@d.example", "Dossier", "<x@y.example>"
    m.set_content("Bonjour,\nci-joint notre dossier.\n")
    for name, data, mime in parts:
        maintype, subtype = mime.split("/")
        m.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    if nested:
        outer = EmailMessage()
        outer["From"], outer["Subject"] = "e@f.example", "TR: Dossier"
        outer.set_content("voir la pièce jointe")
        outer.add_attachment(m)
        m = outer
    return m.as_bytes(policy=m.policy.clone(linesep=linesep))


def _zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("budget.pdf", b"%PDF-1.4 " + rng.randbytes(3_000_000))
        z.writestr("lisez-moi.txt", b"bonjour")
    return buf.getvalue()


CASES = {
    "one big pdf": lambda: _mail([("dossier.pdf", b"%PDF-1.4 " + rng.randbytes(9_000_000), "application/pdf")]),
    "two big, one small": lambda: _mail([("a.pdf", rng.randbytes(5_000_000), "application/pdf"),
                                         ("b.xlsx", rng.randbytes(4_000_000), "application/octet-stream"),
                                         ("c.txt", b"petit", "text/plain")]),
    "zip and LF line ends": lambda: _mail([("archive.zip", _zip(), "application/zip"),
                                           ("photo.bin", rng.randbytes(6_000_000), "application/octet-stream")],
                                          linesep="\n"),
    "attached message": lambda: _mail([("a.pdf", rng.randbytes(9_000_000), "application/pdf")], nested=True),
    "cut short": lambda: _mail([("a.pdf", rng.randbytes(9_000_000), "application/pdf")]).rstrip(b"\r\n-"),
}


@pytest.mark.parametrize("name", CASES)
def test_same_result_as_parsing_whole(name, monkeypatch):
    raw = CASES[name]()
    skeleton, lifted = bigparts.lift(raw)
    assert lifted and len(skeleton) < 100_000
    lean = parse_message(raw, Limits(40, 3, 10**9))
    monkeypatch.setattr(bigparts, "LIFT_FROM_BYTES", 10**12)
    assert parse_message(raw, Limits(40, 3, 10**9)) == lean


def test_big_mail_parsed_in_a_fraction_of_the_memory():
    raw = CASES["one big pdf"]()
    tracemalloc.start()
    try:
        parse_message(raw)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 3 * len(raw)  # parsed whole: ~7.5x


def test_a_body_not_where_expected_is_parsed_whole():
    raw = CASES["one big pdf"]()
    broken = raw.replace(b"Content-Transfer-Encoding: base64", b"Content-Transfer-Encoding: 8bit", 1)
    assert bigparts.lift(broken)[1] == {}
    assert parse_message(broken).attachments
