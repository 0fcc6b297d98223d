"""Raw RFC 5322 messages written the way each mail client writes them: header order and names,
Message-ID shapes, structures (Outlook's related part with its signature logo, Apple's inline
attachments between text parts, Lotus Notes' HTML-only Latin-1), encodings (quoted-printable,
base64, format=flowed, 8-bit), and how attachment names are encoded (RFC 2047, RFC 2231, raw)."""
from __future__ import annotations

import base64
import quopri
import urllib.parse
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.header import Header

from .base import rfc2822
from .docs import logo_png

CTYPES = {"pdf": "application/pdf", "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
          "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "doc": "application/msword",
          "odt": "application/vnd.oasis.opendocument.text", "ods": "application/vnd.oasis.opendocument.spreadsheet",
          "zip": "application/zip", "png": "image/png", "jpg": "image/jpeg", "pub": "application/x-mspublisher",
          "eml": "message/rfc822"}


@dataclass
class Att:
    filename: str
    data: bytes = b""
    ctype: str = ""
    inline: bool = False
    doc: object = None  # the Doc it carries (None: carries nothing readable)
    convert: tuple | None = None  # (source bytes, source ext, target ext): filled by the LibreOffice batch
    kind: str = ""  # scan | encrypted | unsupported | zip | ...
    members: list = field(default_factory=list)  # for a zip: the Atts inside

    def ext(self) -> str:
        return self.filename.rsplit(".", 1)[-1].lower()


@dataclass
class Mail:
    sender: str
    name: str
    subject: str | None
    date: datetime
    client: str
    body_items: list = field(default_factory=list)  # what the person typed (rendered per client)
    body_doc: object = None  # Doc of the body for the truth
    atts: list = field(default_factory=list)
    to: str = "fabrique@anact.fr"
    cc: str = ""
    in_reply_to: str = ""
    references: str = ""
    msgid: str = ""
    quote: str = ""  # quoted text below the answer (plain)
    quote_head: str = ""  # "Le … a écrit :" or the Outlook block
    signature: list = field(default_factory=list)
    html_only: bool = False
    logo: bool = False
    extra_headers: list = field(default_factory=list)
    forwarded: object = None  # an inner Mail attached as message/rfc822
    classification: str = "submission"
    dossier: str | None = None
    accept: list | None = None
    note: str = ""
    related: str | None = None
    raw: bytes | None = None  # fully hand-made (a delivery report)
    text_table: str = "pipes"
    text_heading: str = "plain"
    html_heading: str = "bold"


def b64(data: bytes) -> bytes:
    s = base64.b64encode(data)
    return b"\r\n".join(s[i:i + 76] for i in range(0, len(s), 76))


def qp(text: str, charset: str, errors: str = "replace") -> bytes:
    return quopri.encodestring(text.replace("\r\n", "\n").encode(charset, errors)).replace(b"\n", b"\r\n")


def enc_header(value: str, charset="utf-8", mode="b") -> str:
    try:
        value.encode("ascii")
        return value
    except UnicodeEncodeError:
        try:
            value.encode(charset)
        except UnicodeEncodeError:
            charset = "utf-8"
        h = Header(value, charset, header_name="Subject")
        s = h.encode(maxlinelen=76)
        if mode == "q":
            s = str(Header(value, charset)).replace("?b?", "?q?")  # Header picks its own; keep b by default
        return s


def addr(name: str, email: str, charset="utf-8") -> str:
    try:
        name.encode("ascii")
        return f'"{name}" <{email}>' if any(c in name for c in ",.;") else f"{name} <{email}>"
    except UnicodeEncodeError:
        try:
            name.encode(charset)
        except UnicodeEncodeError:
            charset = "utf-8"
        return f"{Header(name, charset).encode()} <{email}>"


def flowed(text: str, width: int = 72) -> str:
    """RFC 3676 format=flowed: long lines soft-broken with a trailing space, stuffed lines."""
    out = []
    for line in text.split("\n"):
        if line.startswith((" ", ">", "From ")) and not line.startswith(">"):
            line = " " + line
        while len(line) > width:
            cut = line.rfind(" ", 0, width)
            if cut <= 0:
                break
            out.append(line[:cut + 1])
            line = line[cut + 1:]
        out.append(line)
    return "\n".join(out)


def disp_name(fn: str, style: str) -> tuple[str, str]:
    """(the Content-Type name parameter, the Content-Disposition filename parameter)."""
    try:
        fn.encode("ascii")
        return f'name="{fn}"', f'filename="{fn}"'
    except UnicodeEncodeError:
        pass
    if style == "2047":
        e = Header(fn, "utf-8").encode(maxlinelen=998)
        return f'name="{e}"', f'filename="{e}"'
    if style == "2231":
        q = urllib.parse.quote(fn, safe="")
        if len(q) > 60:
            chunks = [q[i:i + 60] for i in range(0, len(q), 60)]
            ps = ";\r\n ".join(f"filename*{i}*={'utf-8' + chr(39) * 2 if i == 0 else ''}{c}" for i, c in enumerate(chunks))
            ns = ";\r\n ".join(f"name*{i}*={'utf-8' + chr(39) * 2 if i == 0 else ''}{c}" for i, c in enumerate(chunks))
            return ns, ps
        return f"name*=utf-8''{q}", f"filename*=utf-8''{q}"
    if style == "raw":  # 8-bit UTF-8 straight in the header, as some webmails do
        return f'name="{fn}"', f'filename="{fn}"'
    raise ValueError(style)


def leaf(headers: list[tuple[str, str]], body: bytes) -> bytes:
    return ("".join(f"{k}: {v}\r\n" for k, v in headers)).encode("utf-8") + b"\r\n" + body


def multi(subtype: str, boundary: str, parts: list[bytes], headers: list | None = None, preamble: str = "") -> bytes:
    h = (headers or []) + [("Content-Type", f'multipart/{subtype};\r\n\tboundary="{boundary}"')]
    out = leaf(h, b"")
    if preamble:
        out += preamble.encode() + b"\r\n"
    for p in parts:
        out += f"\r\n--{boundary}\r\n".encode() + p
    out += f"\r\n--{boundary}--\r\n".encode()
    return out


def text_leaf(text: str, subtype="plain", charset="utf-8", cte="quoted-printable", flowed_: bool = False, extra=()) -> bytes:
    ct = f'text/{subtype}; charset="{charset}"' + ("; format=flowed" if flowed_ else "")
    if flowed_:
        text = flowed(text)
    text = text.replace("\r\n", "\n")
    errors = "xmlcharrefreplace" if subtype == "html" else "replace"
    if cte == "quoted-printable":
        body = qp(text, charset, errors)
    elif cte == "base64":
        body = b64(text.encode(charset, "replace"))
    else:
        body = text.replace("\n", "\r\n").encode(charset, "replace")
    return leaf([("Content-Type", ct), ("Content-Transfer-Encoding", cte), *extra], body)


def att_leaf(a: Att, name_style: str, disposition: str | None = None, extra=(), ctype: str | None = None, size=False, cid: str = "") -> bytes:
    ct = ctype or a.ctype or CTYPES.get(a.ext(), "application/octet-stream")
    n, f = disp_name(a.filename, name_style)
    disp = disposition or ("inline" if a.inline else "attachment")
    h = [("Content-Type", f"{ct};\r\n\t{n}")]
    dv = f"{disp};\r\n\t{f}"
    if size:
        dv += f'; size={len(a.data)};\r\n\tcreation-date="{size}";\r\n\tmodification-date="{size}"'
    if ct == "message/rfc822":
        h = [("Content-Type", "message/rfc822"), ("Content-Disposition", dv), *extra]
        return leaf(h, a.data)
    h += [("Content-Description", a.filename)] if name_style == "2047" else []
    h += [("Content-Disposition", dv), ("Content-Transfer-Encoding", "base64"), *extra]
    if cid:
        h.append(("Content-ID", f"<{cid}>"))
    return leaf(h, b64(a.data))


# ---------------------------------------------------------------- text of the body per client

FR_DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
FR_MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"]


def fr_long(dt: datetime) -> str:
    return f"{FR_DAYS[dt.weekday()]} {dt.day} {FR_MONTHS[dt.month - 1]} {dt.year} {dt:%H:%M}"


def body_text(m: Mail, width: int = 0) -> str:
    from .docs import to_text
    t = to_text(m.body_items, heading=m.text_heading, table=m.text_table, width=width)
    if m.signature:
        t += "\n" + "\n".join(m.signature) + "\n"
    if m.quote:
        t += "\n" + m.quote_head + "\n" + m.quote
    return t


def body_html(m: Mail, flavour: str) -> str:
    from .docs import esc, to_html
    h = to_html(m.body_items, flavour, m.html_heading)
    if m.signature:
        sig = "<br>".join(esc(x) for x in m.signature)
        if m.logo:
            sig += '<br><img width="120" height="60" src="cid:image001.png@01D8B0A1.5C2E7F40" alt="logo">'
        h += f'\n<p class="MsoNormal">{sig}</p>' if flavour == "outlook" else f"\n<div>{sig}</div>"
    if m.quote:
        q = "<br>".join(esc(x.lstrip("> ").rstrip()) if x.startswith(">") else esc(x) for x in m.quote.split("\n"))
        if flavour == "outlook":
            h += ('\n<div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm">'
                  f'<p class="MsoNormal">{esc(m.quote_head).replace(chr(10), "<br>")}</p></div>\n<p class="MsoNormal">{q}</p>')
        else:
            h += f'\n<div class="gmail_quote"><div dir="ltr" class="gmail_attr">{esc(m.quote_head)}<br></div>' \
                 f'<blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex">{q}</blockquote></div>'
    if flavour == "outlook":
        return ('<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
                'xmlns:w="urn:schemas-microsoft-com:office:word" xmlns:m="http://schemas.microsoft.com/office/2004/12/omml" '
                'xmlns="http://www.w3.org/TR/REC-html40"><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
                '<style><!-- p.MsoNormal {margin:0cm;font-size:11.0pt;font-family:"Calibri",sans-serif;} --></style></head>'
                f'<body lang="FR" link="#0563C1" vlink="#954F72"><div class="WordSection1">\n{h}\n</div></body></html>')
    if flavour == "gmail":
        return f'<div dir="ltr">{h}</div>\n'
    return f"<html><head><meta charset=\"utf-8\"></head><body>{h}</body></html>"


# ---------------------------------------------------------------- clients


def common(m: Mail, extra_first: list | None = None) -> list[tuple[str, str]]:
    h = list(extra_first or [])
    return h


def build(m: Mail, r) -> bytes:
    """The raw message for m, written by m.client."""
    if m.raw is not None:
        return m.raw
    fn = CLIENTS[m.client]
    return fn(m, r)


def _subject(m: Mail, charset="utf-8"):
    return [] if m.subject is None else [("Subject", enc_header(m.subject, charset))]


def _threading(m: Mail):
    h = []
    if m.in_reply_to:
        h.append(("In-Reply-To", m.in_reply_to))
    if m.references:
        h.append(("References", m.references))
    return h


def _atts(m: Mail, style: str, **kw) -> list[bytes]:
    return [att_leaf(a, style, **kw) for a in m.atts]


def outlook(m: Mail, r, charset="utf-8") -> bytes:
    """Outlook for Windows on Exchange Online: UTC Date, Thread-Index, a related part carrying the
    signature logo, RFC 2047 attachment names with sizes and dates, text part with table cells on
    their own lines."""
    date_utc = m.date.astimezone(timezone.utc)
    h = [("From", addr(m.name, m.sender)), ("To", "\"fabrique@anact.fr\" <fabrique@anact.fr>")]
    if m.cc:
        h.append(("CC", m.cc))
    h += _subject(m) + [("Thread-Topic", enc_header(m.subject or "")), ("Thread-Index", base64.b64encode(bytes(r.randrange(256) for _ in range(22))).decode()),
                        ("Date", rfc2822(date_utc)), ("Message-ID", m.msgid)] + _threading(m) + [
        ("Accept-Language", "fr-FR, en-US"), ("Content-Language", "fr-FR"), ("X-MS-Has-Attach", "yes" if m.atts else ""),
        ("X-MS-TNEF-Correlator", ""), *m.extra_headers, ("MIME-Version", "1.0")]
    plain = text_leaf(body_text(m), "plain", charset, "quoted-printable")
    html = text_leaf(body_html(m, "outlook"), "html", charset, "quoted-printable")
    alt = multi("alternative", f"_000_{m.msgid[1:21]}_", [plain, html])
    stamp = rfc2822(date_utc - timedelta(minutes=3)).replace("+0000", "GMT")
    atts = [att_leaf(a, "2047", size=stamp) for a in m.atts]
    if m.logo:
        logo = Att("image001.png", logo_png(m.name[:1] + m.sender.split("@")[1][:1].upper(), 3), "image/png")
        rel = multi("related", f"_004_{m.msgid[1:21]}_", [alt, att_leaf(logo, "2047", disposition="inline", cid="image001.png@01D8B0A1.5C2E7F40")],
                    preamble="")
        body = multi("mixed", f"_005_{m.msgid[1:21]}_", [rel, *atts]) if atts else rel
    else:
        body = multi("mixed", f"_005_{m.msgid[1:21]}_", [alt, *atts]) if atts else alt
    return leaf(h, b"")[:-2] + body


def outlook_1252(m, r):
    return outlook(m, r, "windows-1252")


def outlook_mac(m: Mail, r) -> bytes:
    h = [("From", addr(m.name, m.sender)), ("To", "fabrique@anact.fr")] + _subject(m) + [
        ("Thread-Topic", enc_header(m.subject or "")), ("Date", rfc2822(m.date)), ("Message-ID", m.msgid)] + _threading(m) + [
        ("User-Agent", "Microsoft-MacOutlook/16.63.22070801"), ("MIME-Version", "1.0")]
    plain = text_leaf(body_text(m), "plain", "UTF-8", "quoted-printable")
    html = text_leaf(body_html(m, "plain"), "html", "UTF-8", "quoted-printable")
    alt = multi("alternative", f"B_{r.randrange(10**9, 10**10)}_{r.randrange(10**9, 10**10)}", [plain, html])
    body = multi("mixed", f"B_{r.randrange(10**9, 10**10)}_{r.randrange(10**9, 10**10)}", [alt, *_atts(m, "2231")]) if m.atts else alt
    return leaf(h, b"")[:-2] + body


def gmail(m: Mail, r, android: bool = False) -> bytes:
    h = [("MIME-Version", "1.0"), ("Date", rfc2822(m.date))] + _threading(m) + [("Message-ID", m.msgid)] + _subject(m) + [
        ("From", addr(m.name, m.sender)), ("To", "fabrique@anact.fr")]
    if m.cc:
        h.append(("Cc", m.cc))
    bnd = f"000000000000{r.hexid(16)}"
    parts = []
    if not m.html_only:
        parts.append(text_leaf(body_text(m), "plain", "UTF-8", "quoted-printable"))
    parts.append(text_leaf(body_html(m, "gmail"), "html", "UTF-8", "quoted-printable"))
    alt = multi("alternative", f"000000000000{r.hexid(16)}", parts) if len(parts) > 1 else parts[0]
    if not m.atts:
        return leaf(h, b"")[:-2] + alt
    atts = [att_leaf(a, "2047", extra=[("X-Attachment-Id", f"f_l{r.alnum(8).lower()}{i}")], cid=f"f_l{r.alnum(8).lower()}{i}")
            for i, a in enumerate(m.atts)]
    return leaf(h, b"")[:-2] + multi("mixed", bnd, [alt, *atts])


def gmail_android(m, r):
    return gmail(m, r, True)


def iphone(m: Mail, r) -> bytes:
    """iPhone Mail: Apple-Mail boundaries, attachments inline between text parts, 'Envoyé de mon iPhone'."""
    h = [("Content-Transfer-Encoding", "7bit"), ("From", addr(m.name, m.sender)),
         ("Mime-Version", "1.0 (1.0)")] + _subject(m) + [("Date", rfc2822(m.date)), ("Message-Id", m.msgid)] + _threading(m) + [
        ("To", "fabrique@anact.fr"), ("X-Mailer", "iPhone Mail (19G82)")]
    uid = f"Apple-Mail-{r.upid(8)}-{r.upid(4)}-{r.upid(4)}-{r.upid(4)}-{r.upid(12)}"
    parts = [text_leaf(body_text(m), "plain", "utf-8", "quoted-printable")]
    for a in m.atts:
        parts.append(att_leaf(a, "2231", disposition="inline"))
    parts.append(text_leaf("\n\nEnvoyé de mon iPhone", "plain", "utf-8", "quoted-printable"))
    body = multi("mixed", uid, parts)
    ct_block, rest = body.split(b"\r\n\r\n", 1)  # Content-Type comes first on an iPhone
    return ct_block + b"\r\n" + leaf(h, b"") + rest


def apple_mail(m: Mail, r) -> bytes:
    """Apple Mail on a Mac: HTML alternative where each attachment sits inline between HTML parts."""
    h = [("From", addr(m.name, m.sender)), ("Mime-Version", "1.0 (Mac OS X Mail 16.0 \\(3696.120.41.1.1\\))")] + _subject(m) + [
        ("Date", rfc2822(m.date))] + _threading(m) + [("To", "fabrique@anact.fr"), ("Message-Id", m.msgid),
                                                     ("X-Mailer", "Apple Mail (2.3696.120.41.1.1)")]
    b1 = f"Apple-Mail={r.upid(8)}-{r.upid(4)}-{r.upid(4)}-{r.upid(4)}-{r.upid(12)}"
    b2 = f"Apple-Mail={r.upid(8)}-{r.upid(4)}-{r.upid(4)}-{r.upid(4)}-{r.upid(12)}"
    plain = text_leaf(body_text(m) + "".join(f"\n<{a.filename}>\n" for a in m.atts), "plain", "utf-8", "quoted-printable")
    html_full = body_html(m, "plain")
    inner = html_full.split("<body>", 1)[1].rsplit("</body>", 1)[0]
    hparts = [text_leaf(f"<html><head><meta http-equiv=\"content-type\" content=\"text/html; charset=utf-8\"></head><body style=\"overflow-wrap: break-word;\">{inner}", "html", "utf-8", "quoted-printable")]
    for a in m.atts:
        hparts.append(att_leaf(a, "2231", disposition="inline"))
        hparts.append(text_leaf("<br></body></html>", "html", "us-ascii", "7bit"))
    mixed = multi("mixed", b2, hparts)
    return leaf(h, b"")[:-2] + multi("alternative", b1, [plain, mixed])


def thunderbird(m: Mail, r) -> bytes:
    h = [("Message-ID", m.msgid), ("Date", rfc2822(m.date)), ("MIME-Version", "1.0"),
         ("User-Agent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:91.0) Gecko/20100101\r\n Thunderbird/91.12.0"),
         ("Content-Language", "fr")] + _threading(m) + [("To", "fabrique@anact.fr"), ("From", addr(m.name, m.sender))] + _subject(m)
    plain = text_leaf(body_text(m), "plain", "UTF-8", "8bit", flowed_=True)
    if not m.atts and not m.forwarded:
        return leaf(h, b"")[:-2] + plain
    atts = _atts(m, "2231")
    if m.forwarded is not None:
        inner = build(m.forwarded, r)
        atts.append(leaf([("Content-Type", f'message/rfc822; name="{m.forwarded.subject}.eml"'),
                          ("Content-Disposition", f'attachment; filename="{m.forwarded.subject}.eml"')], inner))
    return leaf(h, b"")[:-2] + multi("mixed", f"------------{r.alnum(24)}", [plain, *atts], preamble="This is a multi-part message in MIME format.")


def thunderbird_linux(m, r):
    raw = thunderbird(m, r)
    return raw.replace(b"Windows NT 10.0; Win64; x64", b"X11; Linux x86_64")


def zimbra(m: Mail, r) -> bytes:
    h = [("Date", rfc2822(m.date)), ("From", addr(m.name, m.sender)), ("To", "fabrique <fabrique@anact.fr>")]
    if m.cc:
        h.append(("Cc", m.cc))
    h += [("Message-ID", m.msgid)] + _threading(m) + _subject(m) + [
        ("MIME-Version", "1.0"), ("X-Mailer", "Zimbra 8.8.15_GA_4372 (ZimbraWebClient - FF103 (Win)/8.8.15_GA_4372)"),
        ("Thread-Topic", enc_header(m.subject or "")), ("Thread-Index", base64.b64encode(bytes(r.randrange(256) for _ in range(15))).decode())]
    plain = text_leaf(body_text(m), "plain", "utf-8", "quoted-printable")
    html = text_leaf(body_html(m, "plain"), "html", "utf-8", "quoted-printable")
    alt = multi("alternative", f"=_{r.hexid(8)}-{r.hexid(4)}-{r.hexid(4)}-{r.hexid(4)}-{r.hexid(12)}", [plain, html])
    atts = _atts(m, "2231")
    if m.forwarded is not None:
        inner = build(m.forwarded, r)
        atts.append(leaf([("Content-Type", "message/rfc822"), ("Content-Disposition", "attachment")], inner))
    if not atts:
        return leaf(h, b"")[:-2] + alt
    return leaf(h, b"")[:-2] + multi("mixed", f"=_{r.hexid(8)}-{r.hexid(4)}-{r.hexid(4)}-{r.hexid(4)}-{r.hexid(12)}", [alt, *atts])


def roundcube(m: Mail, r) -> bytes:
    h = [("MIME-Version", "1.0"), ("Date", rfc2822(m.date)), ("From", addr(m.name, m.sender)), ("To", "fabrique@anact.fr")] + _subject(m) + \
        _threading(m) + [("User-Agent", "Roundcube Webmail/1.6.0"), ("Message-ID", m.msgid), ("X-Sender", m.sender)]
    plain = text_leaf(body_text(m), "plain", "UTF-8", "8bit", flowed_=True)
    if not m.atts:
        return leaf(h, b"")[:-2] + plain
    return leaf(h, b"")[:-2] + multi("mixed", f"=_{r.hexid(32)}", [plain, *_atts(m, "2231")])


def sogo(m: Mail, r) -> bytes:
    h = [("From", addr(m.name, m.sender)), ("To", "fabrique@anact.fr"), ("Date", rfc2822(m.date)), ("MIME-Version", "1.0")] + _subject(m) + [
        ("Message-ID", m.msgid)] + _threading(m) + [("User-Agent", "SOGoMail 5.7.1"), ("X-Forward", "127.0.0.1")]
    html = text_leaf(body_html(m, "plain"), "html", "utf-8", "quoted-printable")
    plain = text_leaf(body_text(m, 76), "plain", "utf-8", "quoted-printable")
    alt = multi("alternative", f"----=_=-_OpenGroupware_org_NGMime-{r.randrange(10**4, 10**5)}-{r.randrange(10**9, 10**10)}.{r.randrange(10**5, 10**6)}-{r.randrange(10)}------", [plain, html])
    if not m.atts:
        return leaf(h, b"")[:-2] + alt
    return leaf(h, b"")[:-2] + multi("mixed", f"----=_=-_OpenGroupware_org_NGMime-{r.randrange(10**4, 10**5)}-{r.randrange(10**9, 10**10)}.{r.randrange(10**5, 10**6)}-{r.randrange(10)}------",
                                     [alt, *_atts(m, "2231")])


def notes(m: Mail, r) -> bytes:
    """HCL Notes: HTML only in ISO-8859-1, attachments as octet-stream with a bare name."""
    h = [("MIME-Version", "1.0"), ("Subject", enc_header(m.subject or "", "iso-8859-1")), ("To", "fabrique@anact.fr"),
         ("X-Mailer", "HCL Notes Release 11.0.1FP4 October 06, 2021"), ("Message-ID", m.msgid)] + _threading(m) + [
        ("From", addr(m.name, m.sender, "iso-8859-1")), ("Date", rfc2822(m.date)),
        ("X-MIMETrack", "Serialize by Router on SRVMAIL01/ORG(Release 11.0.1FP4|October 06, 2021) at\r\n 18/08/2022 11:02:17")]
    html = text_leaf(body_html(m, "plain"), "html", "ISO-8859-1", "quoted-printable")
    if not m.atts:
        return leaf(h, b"")[:-2] + html
    atts = [att_leaf(a, "raw", ctype="application/octet-stream") if all(ord(ch) < 128 for ch in a.filename) else att_leaf(a, "2047", ctype="application/octet-stream")
            for a in m.atts]
    return leaf(h, b"")[:-2] + multi("mixed", f"=_mixed 00{r.upid(6)}C12588{r.upid(2)}_=", [html, *atts])


def openxchange(m: Mail, r) -> bytes:
    """La Poste / Orange style webmail (Open-Xchange): raw UTF-8 attachment names."""
    h = [("Date", rfc2822(m.date)), ("From", addr(m.name, m.sender)), ("To", "fabrique@anact.fr"), ("Message-ID", m.msgid)] + _threading(m) + \
        _subject(m) + [("MIME-Version", "1.0"), ("X-Priority", "3"), ("Importance", "Normal"),
                       ("X-Mailer", "Open-Xchange Mailer v7.10.6-Rev20"), ("X-Originating-Client", "open-xchange-appsuite")]
    plain = text_leaf(body_text(m), "plain", "UTF-8", "quoted-printable")
    html = text_leaf(body_html(m, "plain"), "html", "UTF-8", "quoted-printable")
    alt = multi("alternative", f"----=_Part_{r.randrange(10**5, 10**6)}_{r.randrange(10**8, 10**9)}.{r.randrange(10**12, 10**13)}", [plain, html])
    if not m.atts:
        return leaf(h, b"")[:-2] + alt
    return leaf(h, b"")[:-2] + multi("mixed", f"----=_Part_{r.randrange(10**5, 10**6)}_{r.randrange(10**8, 10**9)}.{r.randrange(10**12, 10**13)}",
                                     [alt, *_atts(m, "raw")])


def bluemind(m: Mail, r) -> bytes:
    h = [("From", addr(m.name, m.sender)), ("To", "fabrique@anact.fr")] + _subject(m) + [("Date", rfc2822(m.date)),
                                                                                       ("Message-ID", m.msgid)] + _threading(m) + [
        ("MIME-Version", "1.0"), ("X-Bm-Event", ""), ("User-Agent", "BlueMind Webmail 4.9")]
    plain = text_leaf(body_text(m), "plain", "utf-8", "base64")
    html = text_leaf(body_html(m, "plain"), "html", "utf-8", "base64")
    alt = multi("alternative", f"bm_{r.hexid(24)}", [plain, html])
    if not m.atts:
        return leaf(h, b"")[:-2] + alt
    return leaf(h, b"")[:-2] + multi("mixed", f"bm_{r.hexid(24)}", [alt, *_atts(m, "2231")])


def samsung(m: Mail, r) -> bytes:
    """Samsung Email on a phone: HTML only, 'Envoyé depuis mon appareil Galaxy'."""
    m.signature = m.signature + ["", "", "Envoyé depuis mon appareil Galaxy"]
    h = [("MIME-Version", "1.0"), ("Date", rfc2822(m.date)), ("From", addr(m.name, m.sender)), ("To", "fabrique@anact.fr")] + _subject(m) + \
        _threading(m) + [("Message-ID", m.msgid), ("Importance", "normal"), ("X-Priority", "3")]
    html = text_leaf(body_html(m, "plain"), "html", "UTF-8", "base64")
    if not m.atts:
        return leaf(h, b"")[:-2] + html
    return leaf(h, b"")[:-2] + multi("mixed", f"--_com.samsung.android.email_{r.randrange(10**14, 10**15)}", [html, *_atts(m, "2047")])


def yahoo(m: Mail, r) -> bytes:
    h = [("Date", rfc2822(m.date)), ("From", addr(m.name, m.sender)), ("To", "fabrique@anact.fr"), ("Message-ID", m.msgid)] + _threading(m) + \
        _subject(m) + [("MIME-Version", "1.0"), ("X-Mailer", "WebService/1.1.20495 YMailNorrin")]
    plain = text_leaf(body_text(m), "plain", "UTF-8", "quoted-printable")
    html = text_leaf(body_html(m, "plain"), "html", "UTF-8", "quoted-printable")
    alt = multi("alternative", f"----=_Part_{r.randrange(10**6, 10**7)}_{r.randrange(10**8, 10**9)}.{r.randrange(10**12, 10**13)}", [plain, html])
    if not m.atts:
        return leaf(h, b"")[:-2] + alt
    return leaf(h, b"")[:-2] + multi("mixed", f"----=_Part_{r.randrange(10**6, 10**7)}_{r.randrange(10**8, 10**9)}.{r.randrange(10**12, 10**13)}",
                                     [alt, *_atts(m, "2047")])


def outlook_android(m: Mail, r) -> bytes:
    m.signature = m.signature + ["", "Obtenir Outlook pour Android<https://aka.ms/AAb9ysg>"]
    return outlook(m, r)


CLIENTS = {"outlook": outlook, "outlook_1252": outlook_1252, "outlook_mac": outlook_mac, "outlook_android": outlook_android,
           "gmail": gmail, "gmail_android": gmail_android, "iphone": iphone, "apple_mail": apple_mail, "thunderbird": thunderbird,
           "thunderbird_linux": thunderbird_linux, "zimbra": zimbra, "roundcube": roundcube, "sogo": sogo, "notes": notes,
           "openxchange": openxchange, "bluemind": bluemind, "samsung": samsung, "yahoo": yahoo}


def message_id(client: str, r, domain: str, date: datetime) -> str:
    ms = int(date.timestamp() * 1000)
    if client.startswith("outlook") and client != "outlook_mac":
        pre = r.pick(["PAXPR", "PR1P264MB", "MRZP264MB", "AM9PR", "DB8PR"])
        tag = f"{pre}{r.randrange(1, 9):02d}MB{r.randrange(1000, 9999)}"
        return f"<{tag}{r.upid(28)}@{tag}.{r.pick(['FRAP264', 'eurprd04', 'eurprd08'])}.prod.outlook.com>"
    if client in ("gmail", "gmail_android"):
        return f"<CA{r.pick(['+', 'J', 'H', 'L'])}{r.alnum(26)}{r.pick(['-', '_', '='])}{r.alnum(16)}@mail.gmail.com>"
    if client in ("iphone", "apple_mail", "outlook_mac"):
        return f"<{r.upid(8)}-{r.upid(4)}-{r.upid(4)}-{r.upid(4)}-{r.upid(12)}@{domain}>"
    if client.startswith("thunderbird"):
        return f"<{r.hexid(8)}-{r.hexid(4)}-{r.hexid(4)}-{r.hexid(4)}-{r.hexid(12)}@{domain}>"
    if client == "zimbra":
        return f"<{r.randrange(10**8, 10**9)}.{r.randrange(10**6, 10**8)}.{ms}.JavaMail.zimbra@{domain}>"
    if client == "roundcube":
        return f"<{r.hexid(32)}@{domain}>"
    if client == "sogo":
        return f"<{r.hexid(4)}-{int(date.timestamp()):x}-{r.randrange(1, 99)}-{r.hexid(8)}@{r.randrange(10**8, 10**9)}>"
    if client == "notes":
        return f"<OF{r.upid(8)}.{r.upid(8)}-ONC12588{r.upid(2)}.{r.upid(6)}-C12588{r.upid(2)}.{r.upid(6)}@{domain.split('.')[0]}.fr>"
    if client == "openxchange":
        return f"<{r.randrange(10**8, 10**9)}.{r.randrange(10**4, 10**6)}.{ms}@ox.{domain}>"
    if client == "bluemind":
        return f"<{r.hexid(8)}-{r.hexid(4)}-{r.hexid(4)}-{r.hexid(4)}-{r.hexid(12)}@bm.{domain}>"
    if client == "samsung":
        return f"<{r.alnum(20)}@email.android.com>"
    if client == "yahoo":
        return f"<{r.randrange(10**8, 10**9)}.{r.randrange(10**6, 10**7)}.{ms}@mail.yahoo.com>"
    raise ValueError(client)
