#!/usr/bin/env python3
"""Blind set 7 — French grant proposals to the Anact "Fabrique CTO" 2022 call, sent by e-mail.

Written independently of the product that reads them: real small organisations (associations, SMEs,
a union, local authorities, consultancies, a hospital, cooperatives, training bodies) writing the way
they actually do.  ``build(out, work)`` writes ``out/mail/NNNN.eml`` and ``out/truth.json`` and returns
the truth dict (same schema and conventions as ../shared/corpus/proposals/truth.json, plus
``skipped``).

    python generate.py OUT_DIR

Only the standard library, python-docx, openpyxl, reportlab, pillow, odfpy and
``soffice --headless --convert-to`` are used.  Deterministic: fixed seed, fixed dates.
"""
from __future__ import annotations

import base64
import hashlib
import html
import io
import json
import random
import re
import shutil
import subprocess
import sys
import textwrap
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email import encoders
from email.charset import BASE64, QP, Charset
from email.generator import BytesGenerator
from email.header import Header
from email.mime.base import MIMEBase
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import encode_rfc2231, format_datetime, formataddr
from pathlib import Path

SEED = 20220707
SOFFICE = "/usr/bin/soffice"
CEST = timezone(timedelta(hours=2))
UTC = timezone.utc
DEADLINE = datetime(2022, 8, 23, 23, 59, 59, tzinfo=CEST)
CAP = 80000
ANACT = "fabrique@anact.fr"

KEYS = [
    "description.contexte", "description.objectifs", "description.problematique",
    "description.cibles", "description.methodologie", "description.phasage",
    "description.pilotage", "description.resultats", "description.perennisation",
    "budget.personnel", "budget.deplacements_logistique", "budget.prestations",
    "budget.cofinancements", "partenaires.liste", "partenaires.contributions",
]
DESC = [k for k in KEYS if k.startswith("description.")]
BUDGET_CATS = ["budget.personnel", "budget.deplacements_logistique", "budget.prestations"]
BUDGET_ALL = BUDGET_CATS + ["budget.cofinancements"]
PARTNERS = ["partenaires.liste", "partenaires.contributions"]

CONVENTIONS = [
    "budget figures are the ones the applicant's latest readable budget states; null = not stated anywhere readable",
    "hors_delai: first submission message Date after 2022-08-23 23:59:59 Europe/Paris",
    "fin_apres_echeance: stated project end month in 2024 (a bare 'décembre 2023' is not flagged)",
    "optional_flags are neither rewarded nor penalised; 'accept' lists the classifications accepted for a message",
    "requirements held only in an unreadable attachment (encrypted PDF, Apple Pages) count as missing",
    "budget.cofinancements is present only when a co-financing source other than Anact is stated with its amount",
    "cofinancement_insuffisant: co-financing / total below 20 %, or (total - Anact request) / total below 20 % when no co-financing is stated (an Anact request equal to the total is 0 % co-financing)",
]
# Set-specific clarifications (consistent with the corpus conventions above).
SET_NOTES = [
    "depense_non_eligible: a budget line outside the three eligible kinds (equipment purchase); its amount is budget.by_category.autres",
    "document_illisible: an image-only (scanned) PDF was attached, even when its content is duplicated elsewhere",
    "partners: the organisations the applicant names as partners (the applicant itself, past funders, and funders only named in the financing plan are not partners); names as written in the main document",
    "project_end: last day of the stated end month; null when no end is stated",
    "an .odt attachment is readable (piece_jointe_non_supportee optional), as in the corpus",
]


# ---------------------------------------------------------------------------
# small helpers


def d(s: str) -> datetime:
    return datetime.fromisoformat(s)


def nb(x: float, sep: str = "\u00a0", dec: bool = False, decsep: str = ",") -> str:
    """12500 -> '12 500' (sep) ; dec -> '12 500,00'."""
    neg = x < 0
    x = abs(x)
    ent = int(round(x * 100)) // 100
    cents = int(round(x * 100)) % 100
    s = f"{ent:,}".replace(",", sep)
    if dec:
        s += f"{decsep}{cents:02d}"
    return ("-" if neg else "") + s


def eur(x: float, style: str = "sp") -> str:
    if style == "sp":          # 12 500 €
        return nb(x) + "\u00a0€"
    if style == "sp_plain":    # 12 500 € (ordinary spaces, as typed in a mail)
        return nb(x, " ") + " €"
    if style == "sp2":         # 12 500,00 €
        return nb(x, "\u00a0", True) + "\u00a0€"
    if style == "dot":         # 12.500,00 EUR
        return nb(x, ".", True) + " EUR"
    if style == "euros_ht":    # 12 500 euros HT
        return nb(x, " ") + " euros HT"
    if style == "euros":
        return nb(x, " ") + " euros"
    if style == "k":           # 12,5 k€
        v = x / 1000
        s = f"{v:.1f}".replace(".", ",")
        if s.endswith(",0"):
            s = s[:-2]
        return s + " k€"
    if style == "ht":          # 12 500 € HT
        return nb(x, " ") + " € HT"
    if style == "plain":
        return f"{int(x)}"
    raise ValueError(style)


class Ids:
    """Deterministic Message-IDs and boundaries per mail client."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.seen: set[str] = set()
        self.boxes: dict[str, str] = {}  # one Exchange mailbox server per sending organisation

    def _hex(self, n):
        return "".join(self.rng.choice("0123456789abcdef") for _ in range(n))

    def _alnum(self, n, alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"):
        return "".join(self.rng.choice(alphabet) for _ in range(n))

    def mid(self, client: str, domain: str, when: datetime) -> str:
        while True:
            if client == "gmail":
                m = f"<CA{self._alnum(2)}{self._alnum(38, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+_=-')}@mail.gmail.com>"
            elif client == "outlook":
                box = self.boxes.get(domain) or f"{self.rng.choice(['PR1P264MB', 'PAXP193MB', 'MR1P264MB', 'DB9PR01MB', 'AM0PR06MB'])}{self.rng.randint(1000, 9999)}"
                self.boxes[domain] = box
                tail = ".FRAP264.PROD.OUTLOOK.COM" if box.startswith(("PR", "MR", "PA")) else ".eurprd01.prod.outlook.com"
                m = f"<{box}{self._hex(32).upper()}@{box}{tail}>"
            elif client == "apple":
                u = self._hex(32).upper()
                m = f"<{u[:8]}-{u[8:12]}-{u[12:16]}-{u[16:20]}-{u[20:]}@{domain}>"
            elif client == "thunderbird":
                u = self._hex(32)
                m = f"<{u[:8]}-{u[8:12]}-{u[12:16]}-{u[16:20]}-{u[20:]}@{domain}>"
            elif client == "zimbra":
                ms = int(when.timestamp()) * 1000
                m = f"<{self.rng.randint(10**8, 10**9)}.{self.rng.randint(10**6, 10**7)}.{ms}.JavaMail.zimbra@{domain}>"
            elif client == "roundcube":
                m = f"<{self._hex(32)}@{domain}>"
            elif client == "ack":
                m = f"<fcto-ack-{self._hex(16)}@anact.fr>"
            else:
                raise ValueError(client)
            if m not in self.seen:
                self.seen.add(m)
                return m

    def boundary(self, client: str) -> str:
        if client == "gmail":
            return "000000000000" + self._hex(16)
        if client == "outlook":
            return "_" + str(self.rng.randint(100, 999)) + "_" + self._alnum(32, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") + "_"
        if client == "apple":
            u = self._hex(32).upper()
            return f"Apple-Mail={u[:8]}-{u[8:12]}-{u[12:16]}-{u[16:20]}-{u[20:]}"
        if client == "thunderbird":
            return "------------" + self._alnum(24)
        if client == "zimbra":
            return f"=_{self._hex(8)}-{self._hex(4)}-{self._hex(4)}-{self._hex(4)}-{self._hex(12)}"
        return "=_" + self._hex(32)


# ---------------------------------------------------------------------------
# mail building

CTYPES = {
    "pdf": ("application", "pdf"),
    "docx": ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "odt": ("application", "vnd.oasis.opendocument.text"),
    "png": ("image", "png"),
    "jpg": ("image", "jpeg"),
}


@dataclass
class Att:
    filename: str
    data: bytes

    @property
    def ext(self):
        return self.filename.rsplit(".", 1)[-1].lower()


def _qp_charset(name="utf-8"):
    c = Charset(name)
    c.body_encoding = QP
    return c


def _8bit_charset(name="utf-8"):
    c = Charset(name)
    c.body_encoding = None
    return c


def _hdr(value: str, enc: str = "b", charset: str = "utf-8") -> str:
    """Encode a header value the way a given client does (RFC 2047) if non-ASCII."""
    try:
        value.encode("ascii")
        return value
    except UnicodeEncodeError:
        c = Charset(charset)
        c.header_encoding = QP if enc == "q" else BASE64
        out = Header(value, c, maxlinelen=76).encode()
        return out.replace("?b?", "?B?").replace("?q?", "?Q?")


def _addr(name: str, addr: str, charset="utf-8") -> str:
    return formataddr((name, addr), charset=charset) if name else addr


def text_to_html(text: str, client: str, logo_cid: str | None = None) -> str:
    """Rough rendering of a mail body the way the client's composer would have made it.
    Lines starting with '# ' are headings (bold), '- ' bullets; blank lines separate blocks."""
    lines = text.split("\n")
    out = []
    in_ul = False
    for ln in lines:
        if ln.startswith("- ") or ln.startswith("• "):
            if not in_ul:
                out.append("<ul>")
                in_ul = True
            out.append(f"<li>{html.escape(ln[2:])}</li>")
            continue
        if in_ul:
            out.append("</ul>")
            in_ul = False
        if ln.startswith("# "):
            body = f"<b>{html.escape(ln[2:])}</b>"
        elif ln.strip() == "":
            body = "<br>"
        elif ln.startswith(">"):
            body = f"<span style=\"color:#555\">{html.escape(ln)}</span>"
        else:
            body = html.escape(ln)
        if client == "outlook":
            out.append(f"<p class=\"MsoNormal\">{body if body != '<br>' else '<o:p>&nbsp;</o:p>'}</p>")
        else:
            out.append(f"<div>{body}</div>")
    if in_ul:
        out.append("</ul>")
    inner = "\n".join(out)
    if client == "gmail":
        return f"<div dir=\"ltr\">{inner}</div>\n"
    if client == "outlook":
        logo = (f"<p class=\"MsoNormal\"><img width=\"120\" height=\"40\" id=\"Image_x0020_1\" "
                f"src=\"cid:{logo_cid}\" alt=\"logo\"></p>") if logo_cid else ""
        return ("<html xmlns:v=\"urn:schemas-microsoft-com:vml\" xmlns:o=\"urn:schemas-microsoft-com:office:office\" "
                "xmlns:w=\"urn:schemas-microsoft-com:office:word\" xmlns=\"http://www.w3.org/TR/REC-html40\"><head>"
                "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">"
                "<meta name=\"Generator\" content=\"Microsoft Word 15 (filtered medium)\"><style><!--p.MsoNormal"
                "{margin:0cm;font-size:11.0pt;font-family:\"Calibri\",sans-serif;}--></style></head>"
                "<body lang=\"FR\" link=\"#0563C1\" vlink=\"#954F72\"><div class=\"WordSection1\">\n"
                f"{inner}\n{logo}</div></body></html>\n")
    if client == "apple":
        return ("<html><head><meta http-equiv=\"content-type\" content=\"text/html; charset=utf-8\"></head>"
                "<body style=\"overflow-wrap: break-word; -webkit-nbsp-mode: space; line-break: after-white-space;\">"
                f"\n{inner}\n</body></html>\n")
    if client == "zimbra":
        return ("<html><body><div style=\"font-family: arial, helvetica, sans-serif; font-size: 12pt; color: #000000\">"
                f"\n{inner}\n</div></body></html>\n")
    return f"<html><body>{inner}</body></html>\n"


def flowed(text: str, width: int = 72) -> str:
    """format=flowed soft wrapping as Thunderbird does (trailing space on soft breaks)."""
    out = []
    for ln in text.split("\n"):
        if len(ln) <= width or ln.startswith(">"):
            out.append(ln.rstrip(" ") if ln != "-- " else ln)
            continue
        words = ln.split(" ")
        cur = ""
        for w in words:
            if cur and len(cur) + 1 + len(w) > width:
                out.append(cur + " ")
                cur = w
            else:
                cur = (cur + " " + w) if cur else w
        out.append(cur)
    return "\n".join(out)


def _strip_markup(text: str) -> str:
    return "\n".join(ln[2:] if ln.startswith("# ") else ln for ln in text.split("\n"))


def _png_logo(label: str, color=(30, 80, 140)) -> bytes:
    from PIL import Image, ImageDraw
    img = Image.new("RGB", (240, 80), (255, 255, 255))
    dr = ImageDraw.Draw(img)
    dr.rectangle([4, 4, 76, 76], fill=color)
    dr.text((90, 30), label[:22], fill=color)
    b = io.BytesIO()
    img.save(b, "PNG")
    return b.getvalue()


def _att_part(att: Att, client: str, ids: Ids, when: datetime) -> MIMEBase:
    mt, st = CTYPES.get(att.ext, ("application", "octet-stream"))
    p = MIMEBase(mt, st)
    p.set_payload(att.data)
    encoders.encode_base64(p)
    del p["Content-Type"]
    del p["MIME-Version"]
    fn = att.filename
    ascii_ok = all(ord(c) < 128 for c in fn)
    if client == "gmail":
        enc = fn if ascii_ok else _hdr(fn, "b")
        p["Content-Type"] = f'{mt}/{st}; name="{enc}"'
        p["Content-Disposition"] = f'attachment; filename="{enc}"'
        xid = "f_l6" + ids._alnum(7, "abcdefghijklmnopqrstuvwxyz0123456789")
        p["Content-ID"] = f"<{xid}>"
        p["X-Attachment-Id"] = xid
    elif client == "outlook":
        enc = fn if ascii_ok else _hdr(fn, "b")
        p["Content-Type"] = f'{mt}/{st}; name="{enc}"'
        p["Content-Description"] = enc
        ds = format_datetime(when - timedelta(minutes=3))
        p["Content-Disposition"] = (f'attachment; filename="{enc}"; size={len(att.data)};\n'
                                    f'\tcreation-date="{ds}";\n\tmodification-date="{ds}"')
    elif client == "apple":
        p["Content-Disposition"] = (f'attachment; filename="{fn}"' if ascii_ok
                                    else f"attachment; filename*={encode_rfc2231(fn, 'utf-8')}")
        enc = fn if ascii_ok else _hdr(fn, "q")
        p["Content-Type"] = f'{mt}/{st}; x-unix-mode=0644; name="{enc}"'
    else:  # thunderbird, zimbra, roundcube: RFC 2231
        if ascii_ok:
            p["Content-Type"] = f'{mt}/{st}; name="{fn}"'
            p["Content-Disposition"] = f'attachment; filename="{fn}"'
        else:
            r = encode_rfc2231(fn, "UTF-8")
            p["Content-Type"] = f"{mt}/{st}; name*={r}"
            p["Content-Disposition"] = f"attachment; filename*={r}"
    p["Content-Transfer-Encoding"] = "base64"
    return p


def _text_part(text: str, client: str, charset: str = "utf-8") -> MIMEText:
    if client in ("thunderbird",):
        p = MIMEText(flowed(text), "plain", _8bit_charset(charset))
        p.set_param("format", "flowed")
    elif client == "roundcube":
        p = MIMEText(flowed(text, 76), "plain", _8bit_charset(charset))
        p.set_param("format", "flowed")
    else:
        p = MIMEText(text, "plain", _qp_charset(charset))
    del p["MIME-Version"]
    return p


def make_mail(client: str, ids: Ids, *, frm: tuple[str, str], subject: str, when: datetime, mid: str,
              text: str, atts: list[Att] = (), to: str = ANACT, cc: list[tuple[str, str]] | None = None,
              in_reply_to: str | None = None, references: list[str] | None = None,
              reply_to: str | None = None, logo: str | None = None, charset: str = "utf-8",
              crlf: bool = False, auto: bool = False, html_body: bool | None = None) -> bytes:
    """Build one message as the given mail client would send it, as received by fabrique@anact.fr."""
    name, addr = frm
    domain = addr.split("@")[1]
    plain = _strip_markup(text)
    want_html = html_body if html_body is not None else client in ("gmail", "outlook", "apple", "zimbra")
    logo_cid = None
    if client == "outlook" and logo:
        logo_cid = f"image001.png@01D8{ids._hex(4).upper()}.{ids._hex(8).upper()}"

    # body
    if want_html:
        alt = MIMEMultipart("alternative", boundary=ids.boundary(client))
        del alt["MIME-Version"]
        alt.attach(_text_part(plain, client, charset))
        h = MIMEText(text_to_html(text, client, logo_cid), "html", _qp_charset(charset))
        del h["MIME-Version"]
        alt.attach(h)
        body = alt
        if logo_cid:
            rel = MIMEMultipart("related", boundary=ids.boundary(client))
            del rel["MIME-Version"]
            rel.set_param("type", "multipart/alternative")
            rel.attach(alt)
            img = MIMEBase("image", "png")
            img.set_payload(_png_logo(logo))
            encoders.encode_base64(img)
            del img["Content-Type"]
            del img["MIME-Version"]
            img["Content-Type"] = 'image/png; name="image001.png"'
            img["Content-Description"] = "image001.png"
            img["Content-Disposition"] = f'inline; filename="image001.png"; size=2841'
            img["Content-ID"] = f"<{logo_cid}>"
            img["Content-Transfer-Encoding"] = "base64"
            rel.attach(img)
            body = rel
    else:
        body = _text_part(plain, client, charset)

    if atts:
        root = MIMEMultipart("mixed", boundary=ids.boundary(client))
        del root["MIME-Version"]
        root.attach(body)
        for a in atts:
            root.attach(_att_part(a, client, ids, when))
    else:
        root = body
    # move the body's own headers after ours
    own = [(k, v) for k, v in root.items()]
    for k in list(root.keys()):
        del root[k]

    hdrs: list[tuple[str, str]] = []
    ip = f"{ids.rng.randint(80, 200)}.{ids.rng.randint(1, 254)}.{ids.rng.randint(1, 254)}.{ids.rng.randint(1, 254)}"
    recv_at = when + timedelta(seconds=ids.rng.randint(4, 40))
    if client == "gmail":
        relay = f"mail-{ids.rng.choice(['wr1', 'ej1', 'lf1', 'wm1'])}-f{ids.rng.randint(41, 99)}.google.com"
        hdrs.append(("Return-Path", f"<{addr}>"))
        hdrs.append(("Delivered-To", ANACT))
        hdrs.append(("Received", f"from {relay} ({relay} [209.85.{ids.rng.randint(128, 221)}.{ids.rng.randint(1, 254)}])\n"
                                 f"\tby mx1.anact.fr (Postfix) with ESMTPS id {ids._hex(11).upper()}\n"
                                 f"\tfor <{ANACT}>; {format_datetime(recv_at.astimezone(CEST))} (CEST)"))
        hdrs.append(("Received", f"by {relay} with SMTP id {ids._alnum(12, 'abcdefghijklmnopqrstuvwxyz0123456789')};\n"
                                 f"\t{format_datetime(when.astimezone(timezone(timedelta(hours=-7))))} (PDT)"))
        hdrs.append(("DKIM-Signature", f"v=1; a=rsa-sha256; c=relaxed/relaxed; d={'gmail.com' if domain == 'gmail.com' else domain}; s=20210112;\n"
                                       f"\th=to:subject:message-id:date:from:mime-version; bh={base64.b64encode(hashlib.sha256(mid.encode()).digest()).decode()}"))
        hdrs.append(("MIME-Version", "1.0"))
        hdrs.append(("From", _addr(name, addr)))
        hdrs.append(("Date", format_datetime(when)))
        hdrs.append(("Message-ID", mid))
        if in_reply_to:
            hdrs.append(("In-Reply-To", in_reply_to))
            hdrs.append(("References", " ".join(references or [in_reply_to])))
        hdrs.append(("Subject", _hdr(subject, "q")))
        hdrs.append(("To", to))
        if cc:
            hdrs.append(("Cc", ", ".join(_addr(n, a) for n, a in cc)))
        if reply_to:
            hdrs.append(("Reply-To", reply_to))
    else:
        hdrs.append(("Return-Path", f"<{addr}>"))
        hdrs.append(("Delivered-To", ANACT))
        if client == "outlook":
            relay = f"mail-{ids.rng.choice(['pr2fra01', 'mr2fra01', 'db8eur05'])}on20{ids.rng.randint(600, 799)}.outbound.protection.outlook.com"
            hdrs.append(("Received", f"from {relay} ({relay} [40.107.{ids.rng.randint(1, 254)}.{ids.rng.randint(1, 254)}])\n"
                                     f"\tby mx1.anact.fr (Postfix) with ESMTPS id {ids._hex(11).upper()}\n"
                                     f"\tfor <{ANACT}>; {format_datetime(recv_at.astimezone(CEST))} (CEST)"))
        else:
            hdrs.append(("Received", f"from smtp.{domain} (smtp.{domain} [{ip}])\n"
                                     f"\tby mx1.anact.fr (Postfix) with ESMTPS id {ids._hex(11).upper()}\n"
                                     f"\tfor <{ANACT}>; {format_datetime(recv_at.astimezone(CEST))} (CEST)"))
            hdrs.append(("Received", f"from [192.168.{ids.rng.randint(0, 3)}.{ids.rng.randint(2, 250)}] (unknown [{ip}])\n"
                                     f"\tby smtp.{domain} with ESMTPSA id {ids._hex(10)};\n\t{format_datetime(when)}"))
        hdrs.append(("Authentication-Results", f"mx1.anact.fr; spf=pass smtp.mailfrom={domain}; dkim=pass header.d={domain}"))
        hdrs.append(("From", _addr(name, addr, "utf-8")))
        hdrs.append(("To", to))
        if cc:
            hdrs.append(("CC" if client == "outlook" else "Cc", ", ".join(_addr(n, a) for n, a in cc)))
        if reply_to:
            hdrs.append(("Reply-To", reply_to))
        hdrs.append(("Subject", _hdr(subject, "b" if client in ("outlook", "zimbra") else "q", charset)))
        if client == "outlook":
            tt = re.sub(r"^(RE|TR|Re|Fwd?)\s?:\s*", "", subject)
            hdrs.append(("Thread-Topic", _hdr(tt, "b")))
            hdrs.append(("Thread-Index", base64.b64encode(bytes(ids.rng.randrange(256) for _ in range(22))).decode()))
        hdrs.append(("Date", format_datetime(when) + (" (CEST)" if client == "zimbra" and when.utcoffset() == timedelta(hours=2) else "")))
        hdrs.append(("Message-ID", mid))
        if in_reply_to:
            hdrs.append(("In-Reply-To", in_reply_to))
            hdrs.append(("References", " ".join(references or [in_reply_to])))
        if client == "outlook":
            hdrs.append(("Accept-Language", "fr-FR, en-US"))
            hdrs.append(("Content-Language", "fr-FR"))
            hdrs.append(("X-MS-Has-Attach", "yes" if atts else ""))
            hdrs.append(("X-MS-TNEF-Correlator", ""))
        elif client == "apple":
            hdrs.append(("X-Mailer", "Apple Mail (2.3696.120.41)"))
        elif client == "thunderbird":
            hdrs.append(("User-Agent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:91.0) Gecko/20100101\n Thunderbird/91.12.0"))
            hdrs.append(("Content-Language", "fr"))
        elif client == "zimbra":
            hdrs.append(("X-Mailer", "Zimbra 8.8.15_GA_4372 (ZimbraWebClient - FF103 (Linux)/8.8.15_GA_4372)"))
            hdrs.append(("Thread-Index", base64.b64encode(bytes(ids.rng.randrange(256) for _ in range(16))).decode()))
        elif client == "roundcube":
            hdrs.append(("User-Agent", "Roundcube Webmail/1.5.2"))
        if auto:
            hdrs.append(("Auto-Submitted", "auto-replied"))
            hdrs.append(("X-Auto-Response-Suppress", "All"))
        hdrs.append(("MIME-Version", "1.0"))
    for k, v in hdrs + own:
        root[k] = v
    buf = io.BytesIO()
    BytesGenerator(buf, mangle_from_=False, maxheaderlen=0).flatten(root, linesep="\r\n" if crlf else "\n")
    return buf.getvalue()


def quote_outlook(frm: str, sent: str, to: str, subject: str, body: str, cc: str | None = None) -> str:
    """Outlook-style quoted history below a reply (text only, as Outlook's plain part renders it)."""
    lines = ["", "De : " + frm, "Envoyé : " + sent, "À : " + to]
    if cc:
        lines.append("Cc : " + cc)
    lines += ["Objet : " + subject, "", body]
    return "\n".join(lines)


def quote_gt(header: str, body: str) -> str:
    return header + "\n" + "\n".join(("> " + ln) if ln else ">" for ln in body.split("\n"))



FIXED_ISO = "2022-08-01T09:00:00Z"


def normalize_zip(data: bytes) -> bytes:
    """Fixed zip timestamps and document dates, so that the set is byte-for-byte reproducible."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename in ("docProps/core.xml", "meta.xml"):
                txt = body.decode("utf-8")
                txt = re.sub(r"(<dcterms:modified[^>]*>)[^<]*(<)", r"\g<1>" + FIXED_ISO + r"\2", txt)
                txt = re.sub(r"(<dcterms:created[^>]*>)[^<]*(<)", r"\g<1>" + "2022-07-20T09:00:00Z" + r"\2", txt)
                body = txt.encode("utf-8")
            zi = zipfile.ZipInfo(info.filename, date_time=(2022, 8, 1, 9, 0, 0))
            zi.compress_type = zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            z.writestr(zi, body)
    return out.getvalue()


def normalize_pdf(data: bytes, key: str) -> bytes:
    """Same-length replacement of LibreOffice's creation date and document ID (offsets unchanged)."""
    data = re.sub(rb"D:\d{14}", b"D:20220816101500", data)
    h = hashlib.md5(key.encode()).hexdigest().upper().encode()

    def _id(m):
        n = len(m.group(1))
        return b"<" + (h * 4)[:n] + b">"
    data = re.sub(rb"<([0-9A-Fa-f]{32})>", _id, data)
    return re.sub(rb"/DocChecksum /[0-9A-F]{32}", b"/DocChecksum /" + h, data)

# ---------------------------------------------------------------------------
# documents

from docx import Document  # noqa: E402
from docx.enum.section import WD_ORIENT  # noqa: E402
from docx.enum.table import WD_TABLE_ALIGNMENT  # noqa: E402
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK  # noqa: E402
from docx.oxml import OxmlElement  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402
from docx.shared import Cm, Pt, RGBColor  # noqa: E402


def new_docx(title: str, author: str, when: datetime, font: str = "Calibri", size: float = 11) -> Document:
    doc = Document()
    cp = doc.core_properties
    cp.title = title
    cp.author = author
    cp.last_modified_by = author
    cp.created = when.replace(tzinfo=None) - timedelta(days=12)
    cp.modified = when.replace(tzinfo=None) - timedelta(hours=2)
    cp.revision = 7
    st = doc.styles["Normal"]
    st.font.name = font
    st.font.size = Pt(size)
    rpr = st.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.append(rfonts)
    for a in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(a), font)
    for s in doc.sections:
        s.page_width, s.page_height = Cm(21), Cm(29.7)
        s.left_margin = s.right_margin = Cm(2.2)
        s.top_margin = s.bottom_margin = Cm(2)
    return doc


def docx_bytes(doc: Document) -> bytes:
    b = io.BytesIO()
    doc.save(b)
    return normalize_zip(b.getvalue())


def _field(par, instr: str, placeholder: str = "1"):
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), instr)
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = placeholder
    r.append(t)
    fld.append(r)
    par._p.append(fld)


def header_footer(doc: Document, header: str | None, footer: str | None, page_numbers: bool = True):
    for s in doc.sections:
        if header:
            p = s.header.paragraphs[0]
            p.text = header
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            for r in p.runs:
                r.font.size = Pt(8)
                r.font.color.rgb = RGBColor(0x66, 0x66, 0x66)
        if footer or page_numbers:
            p = s.footer.paragraphs[0]
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            if footer:
                r = p.add_run(footer + ("  –  page " if page_numbers else ""))
                r.font.size = Pt(8)
            elif page_numbers:
                p.add_run("Page ").font.size = Pt(8)
            if page_numbers:
                _field(p, "PAGE")
                if not footer:
                    p.add_run(" / ").font.size = Pt(8)
                    _field(p, "NUMPAGES", "10")


def p_(doc, text, bold=False, italic=False, size=None, align=None, style=None, space_after=None):
    par = doc.add_paragraph(style=style)
    if text:
        r = par.add_run(text)
        r.bold = bold
        r.italic = italic
        if size:
            r.font.size = Pt(size)
    if align == "center":
        par.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif align == "justify":
        par.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if space_after is not None:
        par.paragraph_format.space_after = Pt(space_after)
    return par


def runin(doc, label, text, sep=" "):
    """Run-in bold label: '**Contexte.** text'."""
    par = doc.add_paragraph()
    r = par.add_run(label)
    r.bold = True
    par.add_run(sep + text)
    par.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    return par


def bullets(doc, items, style="List Bullet"):
    for it in items:
        if isinstance(it, tuple):
            par = doc.add_paragraph(style=style)
            r = par.add_run(it[0])
            r.bold = True
            par.add_run(it[1])
        else:
            doc.add_paragraph(it, style=style)


def table(doc, rows, header=True, widths=None, bold_last=False, style="Table Grid", font_size=9.5):
    t = doc.add_table(rows=len(rows), cols=len(rows[0]))
    t.style = style
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, row in enumerate(rows):
        for j, val in enumerate(row):
            cell = t.cell(i, j)
            cell.text = ""
            par = cell.paragraphs[0]
            r = par.add_run(str(val))
            r.font.size = Pt(font_size)
            if (header and i == 0) or (bold_last and i == len(rows) - 1):
                r.bold = True
            if j > 0 and re.match(r"^[\d\s\u00a0.,]+(\s?(€|EUR|k€|euros)( HT)?)?$", str(val).strip()) and str(val).strip():
                par.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if widths:
        for j, w in enumerate(widths):
            for row in t.rows:
                row.cells[j].width = Cm(w)
    doc.add_paragraph()
    return t


def page_break(doc):
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


# --- xlsx

import openpyxl  # noqa: E402
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side  # noqa: E402


def xlsx_bytes(wb) -> bytes:
    wb.properties.creator = wb.properties.creator or "Utilisateur"
    wb.properties.created = datetime(2022, 7, 20, 9, 0, 0)
    b = io.BytesIO()
    wb.save(b)
    return normalize_zip(b.getvalue())


THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="D9E1F2")
EURFMT = '#,##0 "€"'
EURFMT2 = '#,##0.00 "€"'


def ws_rows(ws, rows, start_row=1, widths=None, header_rows=(1,), money_cols=(), fmt=EURFMT, bold_rows=()):
    for i, row in enumerate(rows):
        r = start_row + i
        for j, v in enumerate(row):
            if v is None:
                continue
            c = ws.cell(row=r, column=j + 1, value=v)
            c.border = BOX
            if r in header_rows:
                c.font = Font(bold=True)
                c.fill = HEAD_FILL
                c.alignment = Alignment(wrap_text=True, vertical="center")
            if r in bold_rows:
                c.font = Font(bold=True)
            if (j + 1) in money_cols and (isinstance(v, (int, float)) or (isinstance(v, str) and v.startswith("="))):
                c.number_format = fmt
    if widths:
        for j, w in enumerate(widths):
            ws.column_dimensions[openpyxl.utils.get_column_letter(j + 1)].width = w


# --- reportlab

from reportlab.lib import colors  # noqa: E402
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY  # noqa: E402
from reportlab.lib.pagesizes import A4, landscape  # noqa: E402
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet  # noqa: E402
from reportlab.lib.units import cm  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.ttfonts import TTFont  # noqa: E402
from reportlab.platypus import (KeepTogether, PageBreak, Paragraph, SimpleDocTemplate, Spacer,  # noqa: E402
                                Table, TableStyle)

_FONTS = {}


def rl_fonts():
    if _FONTS:
        return _FONTS
    base = Path("/usr/share/fonts/truetype/dejavu")
    try:
        pdfmetrics.registerFont(TTFont("DejaVu", str(base / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont("DejaVu-Bold", str(base / "DejaVuSans-Bold.ttf")))
        pdfmetrics.registerFont(TTFont("DejaVuSerif", str(base / "DejaVuSerif.ttf")))
        pdfmetrics.registerFont(TTFont("DejaVuSerif-Bold", str(base / "DejaVuSerif-Bold.ttf")))
        from reportlab.pdfbase.pdfmetrics import registerFontFamily
        registerFontFamily("DejaVu", normal="DejaVu", bold="DejaVu-Bold", italic="DejaVu", boldItalic="DejaVu-Bold")
        registerFontFamily("DejaVuSerif", normal="DejaVuSerif", bold="DejaVuSerif-Bold", italic="DejaVuSerif",
                           boldItalic="DejaVuSerif-Bold")
        _FONTS.update(sans="DejaVu", sansb="DejaVu-Bold", serif="DejaVuSerif", serifb="DejaVuSerif-Bold")
    except Exception:  # pragma: no cover - fonts missing: use the standard ones
        _FONTS.update(sans="Helvetica", sansb="Helvetica-Bold", serif="Times-Roman", serifb="Times-Bold")
    return _FONTS


def rl_styles(serif=False, size=10):
    f = rl_fonts()
    fam, famb = (f["serif"], f["serifb"]) if serif else (f["sans"], f["sansb"])
    return {
        "body": ParagraphStyle("body", fontName=fam, fontSize=size, leading=size * 1.38, alignment=TA_JUSTIFY, spaceAfter=5),
        "left": ParagraphStyle("left", fontName=fam, fontSize=size, leading=size * 1.38, spaceAfter=4),
        "h1": ParagraphStyle("h1", fontName=famb, fontSize=size + 3, leading=(size + 3) * 1.3, spaceBefore=10, spaceAfter=6,
                             textColor=colors.HexColor("#1F3864")),
        "h2": ParagraphStyle("h2", fontName=famb, fontSize=size + 1, leading=(size + 1) * 1.3, spaceBefore=7, spaceAfter=4),
        "title": ParagraphStyle("title", fontName=famb, fontSize=size + 8, leading=(size + 8) * 1.25, alignment=TA_CENTER,
                                spaceAfter=10),
        "sub": ParagraphStyle("sub", fontName=fam, fontSize=size + 1, leading=(size + 1) * 1.3, alignment=TA_CENTER,
                              spaceAfter=6),
        "small": ParagraphStyle("small", fontName=fam, fontSize=size - 1.5, leading=(size - 1.5) * 1.3),
        "cell": ParagraphStyle("cell", fontName=fam, fontSize=size - 1, leading=(size - 1) * 1.25),
        "cellb": ParagraphStyle("cellb", fontName=famb, fontSize=size - 1, leading=(size - 1) * 1.25),
        "bullet": ParagraphStyle("bullet", fontName=fam, fontSize=size, leading=size * 1.38, leftIndent=14, bulletIndent=4,
                                 spaceAfter=2),
    }


def esc(s: str) -> str:
    return html.escape(s, quote=False)


def rl_table(rows, st, widths, header=True, bold_last=False):
    data = []
    for i, row in enumerate(rows):
        b = (header and i == 0) or (bold_last and i == len(rows) - 1)
        data.append([Paragraph(esc(str(c)), st["cellb"] if b else st["cell"]) for c in row])
    t = Table(data, colWidths=[w * cm for w in widths], repeatRows=1 if header else 0)
    ts = [("GRID", (0, 0), (-1, -1), 0.5, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP")]
    if header:
        ts.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DCE6F1")))
    t.setStyle(TableStyle(ts))
    return t


def rl_pdf(story, title: str, author: str, header: str | None = None, footer: str | None = None,
           pagesize=A4, margins=2.0) -> bytes:
    b = io.BytesIO()
    f = rl_fonts()

    def deco(canvas, doc):
        canvas.saveState()
        canvas.setFont(f["sans"], 7.5)
        canvas.setFillColor(colors.HexColor("#666666"))
        w, h = pagesize
        if header:
            canvas.drawRightString(w - margins * cm, h - 1.2 * cm, header)
        txt = (footer + " – " if footer else "") + f"{doc.page}"
        canvas.drawCentredString(w / 2, 1.1 * cm, txt)
        canvas.restoreState()

    doc = SimpleDocTemplate(b, pagesize=pagesize, leftMargin=margins * cm, rightMargin=margins * cm,
                            topMargin=margins * cm, bottomMargin=margins * cm, title=title, author=author,
                            creator="Microsoft® Word pour Microsoft 365", invariant=1)
    doc.build(story, onFirstPage=deco, onLaterPages=deco)
    return b.getvalue()


def rl_slides(slides: list[tuple[str, list]], title: str, author: str) -> bytes:
    """Landscape 'slides' exported to PDF: each slide = (title, [lines | ('table', rows, widths)])."""
    from reportlab.pdfgen import canvas as rlcanvas
    f = rl_fonts()
    b = io.BytesIO()
    W, H = landscape(A4)
    c = rlcanvas.Canvas(b, pagesize=(W, H), invariant=1)
    c.setTitle(title)
    c.setAuthor(author)
    c.setCreator("Microsoft® PowerPoint® pour Microsoft 365")
    st = rl_styles(size=15)
    for n, (stitle, items) in enumerate(slides, 1):
        c.setFillColor(colors.HexColor("#8B2E16"))
        c.rect(0, H - 2.6 * cm, W, 2.6 * cm, stroke=0, fill=1)
        c.setFillColor(colors.white)
        c.setFont(f["sansb"], 24 if n > 1 else 28)
        c.drawString(1.6 * cm, H - 1.75 * cm, stitle)
        y = H - 4.0 * cm
        for it in items:
            if isinstance(it, tuple) and it[0] == "table":
                t = rl_table(it[1], rl_styles(size=13), it[2], header=True, bold_last=True)
                tw, th = t.wrap(W - 3 * cm, y)
                t.drawOn(c, 1.6 * cm, y - th)
                y -= th + 0.5 * cm
                continue
            bullet = it.startswith("• ")
            p = Paragraph(esc(it[2:] if bullet else it), st["bullet"] if bullet else st["left"],
                          bulletText="•" if bullet else None)
            pw, ph = p.wrap(W - 3.4 * cm, y)
            p.drawOn(c, 1.6 * cm, y - ph)
            y -= ph + 0.25 * cm
        c.setFillColor(colors.HexColor("#888888"))
        c.setFont(f["sans"], 9)
        c.drawRightString(W - 1 * cm, 0.7 * cm, str(n))
        c.showPage()
    c.save()
    return b.getvalue()


def scan_pdf(lines: list[str], seed: int, signature: str = "") -> bytes:
    """An image-only PDF, as a letter printed, signed and scanned (no text layer)."""
    from PIL import Image, ImageDraw, ImageFilter, ImageFont
    rng = random.Random(seed)
    W, H = 1240, 1754  # A4 at 150 dpi
    img = Image.new("L", (W, H), 250)
    dr = ImageDraw.Draw(img)
    try:
        font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf", 25)
        fontb = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf", 27)
    except Exception:  # pragma: no cover
        font = fontb = ImageFont.load_default()
    y = 140
    for i, ln in enumerate(lines):
        wrapped = textwrap.wrap(ln, 78) or [""]
        for w in wrapped:
            dr.text((130, y), w, fill=25, font=fontb if i == 0 else font)
            y += 38
        y += 10
    if signature:
        for k in range(60):  # scribble
            x0 = 700 + k * 5
            dr.line([(x0, y + 40 + rng.randint(-18, 18)), (x0 + 6, y + 40 + rng.randint(-18, 18))], fill=40, width=3)
    for _ in range(2500):  # speckles
        dr.point((rng.randrange(W), rng.randrange(H)), fill=rng.randint(120, 200))
    img = img.rotate(0.7, fillcolor=235, resample=Image.BICUBIC).filter(ImageFilter.GaussianBlur(0.6))
    b = io.BytesIO()
    img.convert("RGB").save(b, "PDF", resolution=150.0, creationDate=datetime(2022, 8, 18, 10, 2, 0).timetuple(),
                            modDate=datetime(2022, 8, 18, 10, 2, 0).timetuple(), producer="Xerox WorkCentre 6515")
    return b.getvalue()


# --- odt (odfpy)

def odt_doc(blocks: list[tuple], title: str, author: str) -> bytes:
    """blocks: ('h1', text) | ('h2', text) | ('p', text) | ('ul', [items]) | ('table', rows)."""
    from odf import table as otable
    from odf import text as otext
    from odf.opendocument import OpenDocumentText
    from odf.style import (ParagraphProperties, Style, TableColumnProperties, TextProperties)
    from odf import dc, meta
    doc = OpenDocumentText()
    doc.meta.addElement(dc.Title(text=title))
    doc.meta.addElement(meta.InitialCreator(text=author))
    doc.meta.addElement(dc.Creator(text=author))
    doc.meta.addElement(dc.Date(text="2022-08-09T18:20:00"))
    doc.meta.addElement(meta.CreationDate(text="2022-07-28T10:02:00"))
    h1 = Style(name="Heading 1", family="paragraph")
    h1.addElement(TextProperties(fontsize="14pt", fontweight="bold"))
    h1.addElement(ParagraphProperties(margintop="0.3cm", marginbottom="0.2cm"))
    doc.styles.addElement(h1)
    h2 = Style(name="Heading 2", family="paragraph")
    h2.addElement(TextProperties(fontsize="12pt", fontweight="bold"))
    doc.styles.addElement(h2)
    body = Style(name="Text body", family="paragraph")
    body.addElement(ParagraphProperties(marginbottom="0.2cm", textalign="justify"))
    doc.styles.addElement(body)
    for kind, val in blocks:
        if kind in ("h1", "h2"):
            doc.text.addElement(otext.H(outlinelevel=1 if kind == "h1" else 2, stylename=h1 if kind == "h1" else h2, text=val))
        elif kind == "p":
            doc.text.addElement(otext.P(stylename=body, text=val))
        elif kind == "ul":
            lst = otext.List()
            for it in val:
                li = otext.ListItem()
                li.addElement(otext.P(text="– " + it))
                lst.addElement(li)
            doc.text.addElement(lst)
        elif kind == "table":
            t = otable.Table(name=f"Tableau{len(doc.text.childNodes)}")
            t.addElement(otable.TableColumn(numbercolumnsrepeated=len(val[0])))
            for row in val:
                tr = otable.TableRow()
                for cval in row:
                    tc = otable.TableCell(valuetype="string")
                    tc.addElement(otext.P(text=str(cval)))
                    tr.addElement(tc)
                t.addElement(tr)
            doc.text.addElement(t)
    b = io.BytesIO()
    doc.save(b)
    return normalize_zip(b.getvalue())


# --- LibreOffice

class NoSoffice(Exception):
    pass


class Office:
    def __init__(self, work: Path):
        self.work = Path(work)
        self.available = Path(SOFFICE).exists()
        self.n = 0
        self.version = None
        if self.available:
            try:
                r = subprocess.run([SOFFICE, "--version"], capture_output=True, text=True, timeout=60)
                self.version = r.stdout.strip().split("\n")[0] or None
            except Exception:
                self.version = None

    def convert(self, data: bytes, src_name: str, target: str = "pdf") -> bytes:
        """Convert a document with LibreOffice headless (private profile, timeout)."""
        if not self.available:
            raise NoSoffice()
        self.n += 1
        d_in = self.work / f"lo{self.n:03d}"
        d_out = d_in / "out"
        d_out.mkdir(parents=True, exist_ok=True)
        src = d_in / src_name
        src.write_bytes(data)
        filt = {"pdf": "pdf", "xlsx": 'xlsx:Calc MS Excel 2007 XML'}[target]
        cmd = [SOFFICE, f"-env:UserInstallation={(self.work / 'lo-profile').resolve().as_uri()}", "--headless", "--norestore",
               "--convert-to", filt, "--outdir", str(d_out), str(src)]
        for attempt in range(2):
            try:
                subprocess.run(cmd, capture_output=True, timeout=180)
            except subprocess.TimeoutExpired:
                continue
            res = d_out / (src.stem + "." + target)
            if res.exists() and res.stat().st_size > 0:
                data = res.read_bytes()
                return normalize_pdf(data, src_name) if target == "pdf" else normalize_zip(data)
        raise NoSoffice(f"conversion failed: {src_name}")

    def recalc_xlsx(self, data: bytes, name: str) -> bytes:
        """Round-trip an openpyxl workbook through LibreOffice so that formulas carry cached values."""
        return self.convert(data, name, "xlsx")


# ---------------------------------------------------------------------------
# dossier framework


@dataclass
class Sent:
    when: datetime
    mid: str
    eml: bytes
    classification: str
    dossier_id: str | None
    accept: list | None = None
    note: str | None = None
    related: str | None = None


class Cx:
    def __init__(self, office: Office):
        self.office = office
        self.seen: set[str] = set()

    def ids(self, key: str) -> Ids:
        i = Ids(random.Random(f"{SEED}:{key}"))
        i.seen = self.seen
        return i


def end_of_month(y: int, m: int) -> str:
    nxt = datetime(y + (m == 12), m % 12 + 1, 1)
    return (nxt - timedelta(days=1)).strftime("%Y-%m-%d")


def dossier(did: str, *, msgs: list[Sent], applicant: tuple[str, str], org: str, title: str, acronym: str | None,
            missing: list[str], budget: dict, partners: list[str], flags: list[str], optional_flags=(),
            end: str | None, notes=(), meta: dict) -> dict:
    for k in missing:
        assert k in KEYS, k
    sub = [m for m in msgs if m.classification == "submission"]
    assert sub, did
    first = min(sub, key=lambda m: m.when)
    b = {
        "total_eur": budget.get("total"), "anact_request_eur": budget.get("anact"), "cofinancing_eur": budget.get("cofin"),
        "by_category": {"personnel": budget.get("personnel"), "deplacements_logistique": budget.get("depl"),
                        "prestations": budget.get("prest"), "autres": budget.get("autres")},
    }
    for k, v in list(b.items()):
        if isinstance(v, (int,)):
            b[k] = float(v)
    b["by_category"] = {k: (float(v) if v is not None else None) for k, v in b["by_category"].items()}
    # --- self-checks: flags follow from the record
    cats = [v for v in b["by_category"].values() if v is not None]
    if cats and all(b["by_category"][k] is not None for k in ("personnel", "deplacements_logistique", "prestations")):
        assert abs(sum(cats) - b["total_eur"]) < 0.5, (did, sum(cats), b["total_eur"])
    if b["cofinancing_eur"] is not None:
        assert abs(b["anact_request_eur"] + b["cofinancing_eur"] - b["total_eur"]) < 0.5, did
        assert "budget.cofinancements" not in missing, did
    else:
        assert "budget.cofinancements" in missing, did
    derived = set()
    if b["anact_request_eur"] is not None and b["anact_request_eur"] > CAP:
        derived.add("plafond_depasse")
    if b["total_eur"]:
        share = (b["cofinancing_eur"] / b["total_eur"]) if b["cofinancing_eur"] is not None else (
            (b["total_eur"] - b["anact_request_eur"]) / b["total_eur"] if b["anact_request_eur"] is not None else None)
        if share is not None and share < 0.2 - 1e-9:
            derived.add("cofinancement_insuffisant")
    if first.when > DEADLINE:
        derived.add("hors_delai")
    if end and end.startswith("2024"):
        derived.add("fin_apres_echeance")
    manual = {"depense_non_eligible", "document_illisible", "piece_jointe_protegee", "piece_jointe_non_supportee"}
    assert derived == set(flags) - manual, (did, derived, flags)
    if "depense_non_eligible" in flags:
        assert b["by_category"]["autres"], did
    if partners:
        assert "partenaires.liste" not in missing, did
    else:
        assert "partenaires.liste" in missing, did
    return {
        "id": did,
        "messages": [m.mid for m in sorted(msgs, key=lambda m: m.when) if m.dossier_id == did],
        "applicant_email": applicant[1],
        "applicant_name": applicant[0],
        "organisation": org,
        "project_title": title,
        "acronym": acronym,
        "status": "incomplete" if missing else "complete",
        "missing": [k for k in KEYS if k in missing],
        "present": [k for k in KEYS if k not in missing],
        "budget": b,
        "partners": list(partners),
        "flags": sorted(flags),
        "optional_flags": sorted(optional_flags),
        "received_at": first.when.astimezone(CEST).isoformat(),
        "project_end": end,
        "notes": list(notes),
        "meta": meta,
    }


def meta(kind, desc_format, budget_loc, budget_variant, partner_loc, partner_fmt, client, heading, *,
         xlsx_variant=None, missing_first=(), reply=None, roles=(), attachments=(), pdf_renders=(), amounts=None,
         length=None):
    return {
        "kind": kind, "desc_format": desc_format, "budget_loc": budget_loc, "budget_variant": budget_variant,
        "xlsx_variant": xlsx_variant, "partner_loc": partner_loc, "partner_fmt": partner_fmt, "client": client,
        "heading_style": heading, "missing_first_message": list(missing_first), "reply": reply, "roles": list(roles),
        "attachments": list(attachments), "pdf_renders": [list(x) for x in pdf_renders],
        "amount_style": amounts, "length": length,
    }


# ===========================================================================
# B701 — SCIC, everything crammed in a six-line Gmail body


def b701(cx: Cx):
    did = "B701"
    ids = cx.ids(did)
    who = ("Yannick Le Goff", "yannick@chantier-numerique.coop")
    when = d("2022-08-02T21:47:13+02:00")
    mid = ids.mid("gmail", "", when)
    text = (
        "Bonjour,\n\n"
        "Projet « Carnets de chantier » : dans les TPE du bâtiment du pays de Redon, devis, plannings, photos et pointages "
        "passent désormais par des applis sur smartphone imposées par les donneurs d'ordre, sans que les compagnons aient eu "
        "leur mot à dire. La question qu'on se pose : comment associer les compagnons au choix et aux règles d'usage de ces "
        "outils ? Objectif : que patrons et compagnons s'accordent, entreprise par entreprise, sur des règles d'usage écrites. "
        "Public : dirigeants et compagnons de 6 TPE du bâtiment (2 à 15 salariés). Démarche : une journée d'observation sur "
        "chantier, 3 ateliers mixtes patrons/compagnons par entreprise, une rencontre collective des 6 entreprises.\n"
        "Budget 42 k€ : temps des coopérateurs 28 k€, déplacements + salles 2,5 k€, facilitation graphique et vidéo 11,5 k€ "
        "— on demande 32 k€ à l'Anact, 10 k€ en fonds propres de la SCIC.\n"
        "Partenaires : CAPEB Ille-et-Vilaine (repère et mobilise les entreprises), Aract Bretagne (appui méthodo, 3 jours).\n"
        "Bonne réception,\n"
        "Yannick Le Goff – SCIC Le Chantier Numérique – 06 72 18 44 05\n"
    )
    eml = make_mail("gmail", ids, frm=who, subject="candidature AMI - Carnets de chantier", when=when, mid=mid, text=text)
    msgs = [Sent(when, mid, eml, "submission", did)]
    tr = dossier(
        did, msgs=msgs, applicant=who, org="SCIC Le Chantier Numérique",
        title="Carnets de chantier : associer les compagnons aux applis de chantier dans les TPE du bâtiment",
        acronym="Carnets de chantier",
        missing=["description.phasage", "description.pilotage", "description.resultats", "description.perennisation"],
        budget=dict(total=42000, anact=32000, cofin=10000, personnel=28000, depl=2500, prest=11500),
        partners=["CAPEB Ille-et-Vilaine", "Aract Bretagne"], flags=[], end=None,
        notes=["whole proposal in a six-line Gmail body; amounts in k€ ('2,5 k€', '11,5 k€')"],
        meta=meta("cooperative", "body", "body", "k_inline", "body", "prose", "gmail", {"num": "none", "runin": True},
                  amounts="k€", length="6 lines"),
    )
    return tr, msgs


# ===========================================================================
# B702 — consultancy, 10-page LibreOffice PDF report + multi-sheet XLSX with formulas


def b702(cx: Cx):
    did = "B702"
    ids = cx.ids(did)
    who = ("Claire Vandenbussche", "c.vandenbussche@trame-travail.fr")
    when = d("2022-08-17T10:32:41+02:00")
    org = "Trame & Travail"
    acr = "DIALOGUE OUTILLÉ"
    title = "Mettre en discussion les logiciels de pilotage de production dans les PME agroalimentaires"

    doc = new_docx(f"{acr} – dossier AMI Fabrique CTO", who[0], when, font="Calibri", size=11)
    header_footer(doc, f"Trame & Travail – {acr} – AMI Fabrique CTO 2022", "Dossier de candidature – version du 16/08/2022")
    p_(doc, "")
    p_(doc, "")
    p_(doc, acr, bold=True, size=26, align="center")
    p_(doc, "Mettre en discussion les logiciels de pilotage de production dans les PME agroalimentaires des Hauts-de-France",
       size=15, align="center")
    p_(doc, "")
    p_(doc, "Réponse à l'appel à manifestation d'intérêt « Développer le dialogue social technologique au travail »", align="center")
    p_(doc, "La Fabrique CTO – Anact", align="center")
    p_(doc, "")
    p_(doc, "Porteur : Trame & Travail, SARL de conseil – 14 rue des Arts, 59000 Lille", align="center")
    p_(doc, "Contact : Claire Vandenbussche, consultante senior – 03 20 41 87 62", align="center")
    p_(doc, "Version du 16 août 2022", italic=True, align="center")
    page_break(doc)
    p_(doc, "Sommaire", bold=True, size=14)
    for line in ["Présentation de Trame & Travail ............................................ 3",
                 "1. D'où nous partons ................................................................... 4",
                 "2. Ce que nous cherchons à comprendre ................................... 4",
                 "3. Ce que nous visons ................................................................... 5",
                 "4. Les publics concernés ............................................................ 5",
                 "5. Notre manière de faire ............................................................ 6",
                 "6. Calendrier de travail ............................................................. 7",
                 "7. Qui décide, qui anime ............................................................ 7",
                 "8. Ce que le projet doit produire ............................................... 8",
                 "9. Et après ? ................................................................................. 8",
                 "10. Nos partenaires ...................................................................... 8",
                 "11. Les moyens du projet ............................................................. 9",
                 "Annexe A – L'équipe .................................................................... 9",
                 "Annexe B – Trame d'entretien (version de travail) ........................... 10"]:
        p_(doc, line, space_after=2)
    page_break(doc)
    doc.add_heading("Présentation de Trame & Travail", level=1)
    p_(doc, "Trame & Travail est une SARL de conseil créée à Lille en 2009. Ses sept consultants – ergonomes, sociologues "
            "du travail et spécialistes des relations sociales – interviennent auprès des entreprises, des collectivités "
            "et des instances représentatives du personnel sur l'organisation du travail, la prévention des risques "
            "professionnels et la conduite des projets de changement. Le cabinet a réalisé en 2021 un chiffre d'affaires de "
            "1 180 000 € HT, dont environ 40 % avec des PME industrielles de la région.", align="justify")
    p_(doc, "Nos tarifs de conseil se situent entre 750 et 950 € HT par jour selon la nature des missions ; le "
            "budget présenté plus loin valorise en revanche le temps de l'équipe à son coût salarial chargé.", align="justify")
    p_(doc, "Quelques références récentes :", bold=True)
    table(doc, [["Période", "Mission", "Commanditaire / financeur", "Montant"],
                ["2019-2020", "Qualité de vie au travail dans trois abattoirs de volailles", "Fonds pour l'amélioration des conditions de travail (FACT)", "45 000 €"],
                ["2020-2021", "Accompagnement du télétravail dans six collectivités", "Région Hauts-de-France", "30 000 €"],
                ["2021", "Diagnostic des risques psychosociaux d'une plateforme logistique", "Carsat Nord-Picardie", "18 500 €"],
                ["2022", "Formation des élus de CSE à l'analyse des projets informatiques", "OPCO 2i", "12 000 €"]],
          widths=[2.2, 6.5, 5.5, 2.2])
    p_(doc, "Notre approche repose sur trois convictions. D'abord, le travail réel est toujours plus riche que ce que "
            "les procédures et les outils en disent : une intervention commence par l'observation. Ensuite, les "
            "salariés sont les meilleurs experts de leur travail, à condition qu'on leur donne les moyens de le "
            "formuler. Enfin, le dialogue social n'est pas un préalable ou un supplément : il est l'un des moyens par "
            "lesquels une organisation apprend.", align="justify")
    p_(doc, "Le cabinet est adhérent de la Fédération des intervenants en risques psychosociaux et habilité par la "
            "DREETS pour les expertises auprès des CSE. Il a développé depuis 2020 une activité de formation des élus "
            "(120 stagiaires par an) et un réseau de partenaires ergonomes indépendants dans la région.", align="justify")
    page_break(doc)
    doc.add_heading("1. D'où nous partons", level=1)
    p_(doc, "Les PME de l'agroalimentaire des Hauts-de-France – fromageries, biscuiteries, conserveries, ateliers de "
            "découpe – ont massivement installé depuis 2018 des logiciels de pilotage de la production (MES, supervision "
            "des lignes, traçabilité par scan, tablettes aux postes). Poussés par les exigences de traçabilité de la grande "
            "distribution et par les aides à la modernisation, ces outils ont été choisis le plus souvent par la direction "
            "et l'éditeur, puis déployés en quelques semaines.", align="justify")
    p_(doc, "Sur le terrain, nous observons dans nos missions des effets très contrastés : saisies en double, alertes "
            "continuelles, perte des marges de manœuvre des chefs d'équipe, sentiment de surveillance, mais aussi de vrais "
            "gains quand les opérateurs ont pu régler l'outil. Les CSE de ces entreprises, souvent composés de deux ou trois "
            "élus sans heures de délégation suffisantes, ne sont que rarement consultés au-delà d'une information formelle.",
       align="justify")
    doc.add_heading("2. Ce que nous cherchons à comprendre", level=1)
    p_(doc, "Comment faire des logiciels de pilotage un objet de discussion entre opérateurs, encadrement de proximité, "
            "élus et direction, alors qu'ils sont perçus comme des boîtes noires techniques ? Nous faisons l'hypothèse que "
            "la difficulté ne tient pas à un refus de principe, mais à l'absence de prises : les salariés ne savent pas ce "
            "qui est paramétrable, les directions ne savent pas ce qui gêne réellement le travail, et l'éditeur n'est jamais "
            "confronté au travail réel.", align="justify")
    doc.add_heading("3. Ce que nous visons", level=1)
    bullets(doc, ["Donner aux opérateurs, aux chefs d'équipe et aux élus des prises concrètes pour discuter des paramétrages "
                  "et des usages des logiciels de production ;",
                  "installer dans chaque entreprise pilote un espace de discussion régulier sur les outils, articulé avec le CSE ;",
                  "associer les éditeurs de logiciels à au moins une séance de travail par entreprise ;",
                  "tirer de l'expérience une méthode transférable à d'autres PME de la filière."])
    doc.add_heading("4. Les publics concernés", level=1)
    p_(doc, "Le projet s'adresse en premier lieu aux salariés de production (opérateurs, conducteurs de ligne, chefs "
            "d'équipe) et aux élus des CSE de quatre PME agroalimentaires de 50 à 250 salariés. Il concerne aussi les "
            "directions de site et les responsables méthodes, ainsi que les éditeurs de logiciels qui équipent ces "
            "entreprises. À travers l'ARIA, il vise à terme l'ensemble des PME de la filière régionale (environ 450 "
            "établissements).", align="justify")
    page_break(doc)
    doc.add_heading("5. Notre manière de faire", level=1)
    doc.add_heading("5.1 Comprendre l'outil en situation", level=2)
    p_(doc, "Dans chaque entreprise, deux consultants passent trois jours sur les lignes, en équipe du matin et d'après-midi, "
            "pour observer l'usage réel des logiciels : qui saisit quoi, à quel moment, avec quelles difficultés, quels "
            "contournements. Ces observations sont complétées par une quinzaine d'entretiens (trame en annexe B).", align="justify")
    doc.add_heading("5.2 Rendre l'outil discutable", level=2)
    p_(doc, "Nous construisons avec un ergonome indépendant et un studio graphique des « cartes d'usage » : une carte par écran "
            "ou par alerte, qui montre ce que l'outil demande, ce qu'il produit et pour qui, et ce qui est paramétrable. Ces "
            "supports servent de base aux ateliers.", align="justify")
    doc.add_heading("5.3 Les ateliers de dialogue", level=2)
    p_(doc, "Trois ateliers par entreprise réunissent opérateurs volontaires, chefs d'équipe, élus du CSE, responsable méthodes "
            "et, pour le troisième, l'éditeur du logiciel. Chaque atelier aboutit à des propositions d'ajustement "
            "(paramétrage, règles d'usage, formation) que la direction accepte, refuse ou met à l'essai, en motivant sa "
            "réponse.", align="justify")
    doc.add_heading("5.4 Le croisement inter-entreprises", level=2)
    p_(doc, "Un séminaire réunit les quatre entreprises à mi-parcours et un second en fin de projet, pour comparer les "
            "situations et consolider la méthode.", align="justify")
    doc.add_heading("6. Calendrier de travail", level=1)
    table(doc, [["Phase", "Période", "Contenu"],
                ["Phase 1 – Lancement", "octobre – novembre 2022", "Conventions avec les entreprises, comité de pilotage de lancement, information des CSE"],
                ["Phase 2 – Observation", "décembre 2022 – février 2023", "Observations sur les lignes et entretiens dans les quatre entreprises"],
                ["Phase 3 – Ateliers", "mars – août 2023", "Cartes d'usage, trois ateliers par entreprise, séminaire de mi-parcours (mai 2023)"],
                ["Phase 4 – Capitalisation", "septembre – novembre 2023", "Rédaction du guide, séminaire final, diffusion"]],
          widths=[4, 4.5, 8])
    p_(doc, "Le projet démarre le 3 octobre 2022 et s'achève le 30 novembre 2023.")
    doc.add_heading("7. Qui décide, qui anime", level=1)
    p_(doc, "Un comité de pilotage réunit tous les trois mois Trame & Travail, l'Aract Hauts-de-France, l'ARIA, FGTA-FO Nord "
            "et un représentant de la direction de chaque entreprise pilote ; il valide le calendrier, les supports et les "
            "enseignements. Dans chaque entreprise, un groupe de suivi paritaire (direction, élus, deux opérateurs) se réunit "
            "après chaque atelier. L'animation opérationnelle est assurée par Claire Vandenbussche, cheffe de projet, avec "
            "Marc Dufour.", align="justify")
    doc.add_heading("8. Ce que le projet doit produire", level=1)
    bullets(doc, ["dans chaque entreprise pilote, un relevé de décisions sur les ajustements des logiciels et des règles d'usage ;",
                  "un jeu de cartes d'usage réutilisable et un guide méthodologique d'une trentaine de pages ;",
                  "un module de formation d'une journée pour les élus de CSE sur la lecture des projets informatiques ;",
                  "une note d'enseignements pour la Fabrique CTO et le réseau Anact-Aract."])
    doc.add_heading("9. Et après ?", level=1)
    p_(doc, "La méthode sera intégrée à notre offre et proposée, avec l'ARIA, aux adhérents de la filière dans le cadre de "
            "ses matinales. Les supports seront publiés sous licence Creative Commons. L'Aract Hauts-de-France envisage "
            "d'utiliser les cartes d'usage dans ses propres interventions, et FGTA-FO Nord de reprendre le module dans ses "
            "formations d'élus. Un essaimage vers la filière logistique est à l'étude.", align="justify")
    page_break(doc)
    doc.add_heading("10. Nos partenaires", level=1)
    table(doc, [["Partenaire", "Nature", "Contribution attendue"],
                ["Aract Hauts-de-France", "Réseau Anact-Aract", "Appui méthodologique, participation au comité de pilotage, co-animation des deux séminaires (6 jours)"],
                ["ARIA Hauts-de-France", "Association régionale des industries alimentaires", "Mobilisation des entreprises, diffusion des résultats auprès des adhérents"],
                ["Fromagerie Lesage", "Entreprise pilote (140 salariés, Avesnes-sur-Helpe)", "Terrain d'expérimentation, temps des salariés volontaires"],
                ["Biscuiterie du Cambrésis", "Entreprise pilote (85 salariés)", "Terrain d'expérimentation, temps des salariés volontaires"],
                ["FGTA-FO Nord", "Organisation syndicale", "Relais auprès des élus, co-construction du module de formation"]],
          widths=[4.2, 4.8, 7.5])
    p_(doc, "Deux autres entreprises pilotes sont en cours de recrutement avec l'ARIA.", italic=True)
    doc.add_heading("11. Les moyens du projet", level=1)
    p_(doc, "Le budget détaillé figure dans le fichier Excel joint. En synthèse :")
    table(doc, [["Poste", "Montant"],
                ["Dépenses de personnel (85 jours)", eur(47200)],
                ["Frais de déplacement et logistique", eur(6200)],
                ["Achats de prestations", eur(15400)],
                ["Coût total du projet", eur(68800)]], widths=[10, 4], bold_last=True)
    table(doc, [["Ressources", "Statut", "Montant"],
                ["Anact – Fabrique CTO", "sollicitée", eur(52000)],
                ["Région Hauts-de-France – AAP Innovation sociale", "sollicitée", eur(6000)],
                ["Autofinancement Trame & Travail", "acquis", eur(10800)],
                ["Total", "", eur(68800)]], widths=[8, 3, 3.5], bold_last=True)
    page_break(doc)
    doc.add_heading("Annexe A – L'équipe", level=1)
    for nm, bio in [("Claire Vandenbussche, cheffe de projet", "Ergonome (master Paris 1), 15 ans d'expérience, a conduit "
                     "une trentaine d'interventions dans l'industrie agroalimentaire, dont le projet FACT 2019-2020."),
                    ("Marc Dufour, consultant", "Sociologue du travail, spécialiste du dialogue social en PME ; formateur "
                     "agréé pour la formation des élus CSE (santé, sécurité, conditions de travail)."),
                    ("Inès Boukhari, assistante de projet", "Organisation logistique des ateliers et des séminaires, suivi "
                     "administratif et financier.")]:
        runin(doc, nm + ". ", bio, sep="")
    page_break(doc)
    doc.add_heading("Annexe B – Trame d'entretien (version de travail)", level=1)
    for q in ["Pouvez-vous décrire une journée de travail type sur votre ligne ?",
              "À quels moments utilisez-vous la tablette ou le terminal ? Pour saisir quoi ?",
              "Qu'est-ce qui vous fait perdre du temps avec l'outil ? Qu'est-ce qui vous en fait gagner ?",
              "Que se passe-t-il quand l'outil signale une alerte ? Qui la traite ?",
              "Avez-vous été consulté avant l'installation ? Qu'auriez-vous aimé dire ?",
              "Savez-vous à quoi servent les données que vous saisissez, et qui les regarde ?",
              "Si vous pouviez changer une chose dans l'outil, laquelle ?",
              "Le sujet a-t-il été abordé en CSE ? Sous quelle forme ?"]:
        doc.add_paragraph(q, style="List Number")
    for _ in range(1):
        p_(doc, "Relances possibles : exemples concrets de la semaine passée ; comparaison avec la situation avant "
                "l'outil ; situations de panne ou de mode dégradé ; échanges avec le service qualité et la maintenance ; "
                "place du chef d'équipe dans le traitement des écarts ; remontée des difficultés vers l'éditeur.",
           italic=True, align="justify")
    page_break(doc)
    doc.add_heading("Annexe C – Exemple de carte d'usage (maquette)", level=1)
    p_(doc, "Les cartes d'usage seront conçues avec les salariés ; la maquette ci-dessous, issue d'une mission "
            "antérieure dans une conserverie, illustre le format envisagé.", align="justify")
    table(doc, [["Rubrique", "Contenu de la carte « Alerte arrêt de ligne »"],
                ["Ce que l'outil demande", "Saisir un motif d'arrêt parmi 14 codes dans les 2 minutes qui suivent l'arrêt"],
                ["Ce qu'il produit", "Un taux de rendement synthétique par équipe, affiché en salle de pause et transmis au siège"],
                ["Pour qui", "Responsable de production, service méthodes, direction du groupe"],
                ["Ce qui gêne dans le travail", "Codes inadaptés aux arrêts courts ; saisie impossible pendant le redémarrage ; "
                 "comparaison entre équipes vécue comme une mise en concurrence"],
                ["Ce qui est paramétrable", "Liste des codes, délai de saisie, affichage par équipe ou par ligne"],
                ["Ce qui ne l'est pas", "Transmission des données au siège (contrat groupe)"],
                ["Questions pour l'atelier", "Quels codes manquent ? Qui doit saisir ? Faut-il afficher les résultats par équipe ?"]],
          widths=[5, 11.5])
    p_(doc, "Chaque carte est imprimée au format A5 et utilisée comme support de discussion ; les ateliers peuvent "
            "aboutir à des demandes de modification adressées à l'éditeur ou à des règles internes.", align="justify")
    doc.add_heading("Annexe D – Bibliographie", level=1)
    for ref in ["Daniellou F. (dir.), L'ergonomie en quête de ses principes, Octarès.",
                "Anact, Dix questions sur le numérique au travail, 2020.",
                "Accord-cadre des partenaires sociaux européens sur la numérisation, juin 2020.",
                "Trame & Travail, Les outils de production en discussion – retour d'expérience, 2021."]:
        doc.add_paragraph(ref, style="List Bullet")
    pdf = cx.office.convert(docx_bytes(doc), "Trame_Travail_AMI_dossier_v4.docx")

    # --- budget workbook, formulas recalculated by LibreOffice
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Synthèse"
    wp = wb.create_sheet("Personnel")
    ws_rows(wp, [["Fonction", "Intervenant", "Jours", "Coût journalier chargé", "Montant"],
                 ["Consultante senior, cheffe de projet", "C. Vandenbussche", 40, 650, "=C2*D2"],
                 ["Consultant", "M. Dufour", 35, 520, "=C3*D3"],
                 ["Assistante de projet", "I. Boukhari", 10, 300, "=C4*D4"],
                 ["Total personnel", None, "=SUM(C2:C4)", None, "=SUM(E2:E4)"]],
            widths=[36, 18, 8, 22, 14], money_cols=(4, 5), bold_rows=(5,))
    wf = wb.create_sheet("Frais")
    ws_rows(wf, [["Poste", "Quantité", "Coût unitaire", "Montant"],
                 ["Déplacements Lille – sites pilotes (AR)", 25, 120, "=B2*C2"],
                 ["Nuitées", 12, 95, "=B3*C3"],
                 ["Location de salle (séminaires)", 1, 1200, "=B4*C4"],
                 ["Restauration ateliers et séminaires", 1, 860, "=B5*C5"],
                 ["Total frais", None, None, "=SUM(D2:D5)"]],
            widths=[40, 10, 14, 14], money_cols=(3, 4), bold_rows=(6,))
    wpr = wb.create_sheet("Prestations")
    ws_rows(wpr, [["Prestataire", "Objet", "Montant"],
                  ["Ergonome indépendant", "Co-conception des cartes d'usage, 2 ateliers", 8000],
                  ["Studio graphique", "Mise en forme des cartes et du guide", 4500],
                  ["Captation vidéo", "Film du séminaire final", 2900],
                  ["Total prestations", None, "=SUM(C2:C4)"]],
            widths=[24, 44, 14], money_cols=(3,), bold_rows=(5,))
    wfi = wb.create_sheet("Plan de financement")
    ws_rows(wfi, [["Financeur", "Nature", "Statut", "Montant"],
                  ["Anact – Fabrique CTO", "Subvention", "Sollicitée", 52000],
                  ["Région Hauts-de-France – AAP Innovation sociale", "Subvention", "Sollicitée", 6000],
                  ["Trame & Travail", "Autofinancement", "Acquis", 10800],
                  ["Total ressources", None, None, "=SUM(D2:D4)"],
                  ["Part des cofinancements", None, None, "=(D5-D2)/D5"]],
            widths=[44, 16, 12, 14], money_cols=(4,), bold_rows=(5,))
    wfi["D6"].number_format = "0.0%"
    ws_rows(ws, [["BUDGET PRÉVISIONNEL – DIALOGUE OUTILLÉ", None],
                 ["Dépenses", "Montant"],
                 ["Dépenses de personnel", "=Personnel!E5"],
                 ["Frais de déplacement et logistique", "=Frais!D6"],
                 ["Achats de prestations", "=Prestations!C5"],
                 ["Coût total du projet", "=SUM(B3:B5)"],
                 [None, None],
                 ["Ressources", "Montant"],
                 ["Subvention demandée à l'Anact", "='Plan de financement'!D2"],
                 ["Cofinancements", "='Plan de financement'!D3+'Plan de financement'!D4"],
                 ["Total ressources", "=B9+B10"]],
            widths=[40, 16], header_rows=(1, 2, 8), money_cols=(2,), bold_rows=(6, 11))
    wb.properties.creator = "Claire Vandenbussche"
    xlsx = cx.office.recalc_xlsx(xlsx_bytes(wb), "Budget_DIALOGUE-OUTILLE_v2.xlsx")

    text = ("Bonjour,\n\n"
            "Veuillez trouver ci-joint la candidature de Trame & Travail à l'AMI « Développer le dialogue social "
            "technologique au travail », pour le projet DIALOGUE OUTILLÉ, ainsi que son budget détaillé.\n\n"
            "Nous restons à votre disposition pour tout complément d'information et serions heureux de vous présenter "
            "le projet.\n\n"
            "Bien cordialement,\n\n"
            "Claire Vandenbussche\nConsultante senior – cheffe de projet\nTrame & Travail\n14 rue des Arts – 59000 Lille\n"
            "03 20 41 87 62 | www.trame-travail.fr\n")
    a1 = Att("Trame_Travail_AMI_FabriqueCTO_Dossier_v4.pdf", pdf)
    a2 = Att("Budget_DIALOGUE-OUTILLE_v2.xlsx", xlsx)
    mid = ids.mid("outlook", "trame-travail.fr", when)
    eml = make_mail("outlook", ids, frm=who, subject="Candidature AMI Fabrique CTO – DIALOGUE OUTILLÉ – Trame & Travail",
                    when=when, mid=mid, text=text, atts=[a1, a2], logo="Trame & Travail", crlf=True)
    msgs = [Sent(when, mid, eml, "submission", did)]
    tr = dossier(
        did, msgs=msgs, applicant=who, org=org, title=title, acronym=acr, missing=[],
        budget=dict(total=68800, anact=52000, cofin=16800, personnel=47200, depl=6200, prest=15400),
        partners=["Aract Hauts-de-France", "ARIA Hauts-de-France", "Fromagerie Lesage", "Biscuiterie du Cambrésis",
                  "FGTA-FO Nord"],
        flags=[], end="2023-11-30",
        notes=["10-page report exported by LibreOffice (cover, manual table of contents, running header, page footer)",
               "headings in the applicant's own words ('D'où nous partons', 'Et après ?')",
               "distractors: 2021 turnover 1 180 000 € HT, day rates 750-950 € HT, past missions and their funders (FACT, Région, Carsat, OPCO)",
               "XLSX with five sheets and formulas (values cached by LibreOffice)",
               "inline signature logo image001.png (must not be flagged)"],
        meta=meta("cabinet", "pdf_report", "xlsx+doc", "multi_sheet_formulas", "doc", "table", "outlook",
                  {"num": "arabic", "caps": False, "own_words": True}, xlsx_variant="multi_formulas",
                  attachments=[a1.filename, a2.filename], pdf_renders=[(a1.filename, "libreoffice")],
                  amounts="12 500 €", length="10 pages"),
    )
    return tr, msgs


# ===========================================================================
# B703 — union, DOCX with question headings, budget by year in a DOCX table, co-financing 13 %


def b703(cx: Cx):
    did = "B703"
    ids = cx.ids(did)
    who = ("Sandrine Perrin", "sperrin@loire.cfdt.fr")
    when = d("2022-08-11T14:05:22+02:00")
    org = "Union départementale CFDT de la Loire"
    acr = "ÉLUS CONNECTÉS"
    title = "Former et outiller les élus de CSE des PME ligériennes face aux projets numériques"
    doc = new_docx("Projet Fabrique CTO", "UD CFDT 42", when, font="Arial", size=10.5)
    p_(doc, "Union départementale CFDT de la Loire", bold=True, size=12)
    p_(doc, "Projet « ÉLUS CONNECTÉS » – réponse à l'AMI de la Fabrique CTO (Anact)", bold=True, size=14)
    p_(doc, "Porté par l'Union départementale CFDT de la Loire – 9 800 adhérents, 140 sections syndicales d'entreprise. "
            "Contact : Sandrine Perrin, secrétaire générale adjointe.", italic=True)
    doc.add_heading("Pourquoi ce projet ?", level=2)
    p_(doc, "Dans les PME de la Loire (métallurgie, plasturgie, logistique, commerce), les projets numériques se multiplient : "
            "nouveaux ERP, badgeuses biométriques, applications de planification, outils de visio et de messagerie "
            "instantanée. Nos élus de CSE nous remontent qu'ils sont informés trop tard, avec des documents techniques qu'ils "
            "ne savent pas lire, et qu'ils découvrent les effets sur le travail une fois l'outil installé. En 2021, un "
            "questionnaire auprès de nos 140 sections a montré que 7 élus sur 10 ne se sentent pas en mesure de donner un "
            "avis sur un projet informatique.", align="justify")
    p_(doc, "Le problème n'est donc pas l'absence de droit à l'information-consultation, mais la capacité réelle des élus "
            "à s'en saisir : comment un élu de PME, sans expert ni heures supplémentaires, peut-il peser sur un projet "
            "numérique avant qu'il ne soit figé ?", align="justify")
    doc.add_heading("Qu'est-ce qu'on veut obtenir ?", level=2)
    bullets(doc, ["que les élus sachent poser les bonnes questions au moment de l'information-consultation ;",
                  "qu'ils puissent proposer à leur direction une méthode d'expérimentation avant généralisation ;",
                  "que la santé et les conditions de travail soient prises en compte dans le cahier des charges des outils."])
    doc.add_heading("Avec qui et pour qui ?", level=2)
    p_(doc, "Le projet vise les élus de CSE et représentants de proximité de 12 PME de 50 à 300 salariés du département, "
            "et, à travers eux, les directions de ces entreprises, qui seront invitées à deux des séances.", align="justify")
    doc.add_heading("Comment on s'y prend ?", level=2)
    p_(doc, "Nous partons de projets réels en cours dans les entreprises des élus participants. Chaque groupe de 6 élus suit "
            "un parcours de 5 journées : décryptage d'un projet (acteurs, calendrier, données collectées), analyse du travail "
            "réel avec l'appui de l'Institut du travail, préparation d'un avis motivé, jeu de rôle avec des directeurs des "
            "systèmes d'information, puis retour d'expérience après la consultation réelle. Un juriste du travail intervient "
            "sur le cadre légal. Les séances ont lieu à Saint-Étienne et à Roanne.", align="justify")
    doc.add_heading("Quand ?", level=2)
    table(doc, [["Étape", "Période"],
                ["Constitution des deux groupes, choix des projets étudiés", "novembre – décembre 2022"],
                ["Parcours du groupe 1 (Saint-Étienne)", "janvier – avril 2023"],
                ["Parcours du groupe 2 (Roanne)", "mars – juin 2023"],
                ["Retours d'expérience après consultation", "septembre 2023"],
                ["Bilan final", "octobre 2023"]], widths=[10, 5])
    doc.add_heading("Qui pilote ?", level=2)
    p_(doc, "Un comité de suivi réunit l'UD, l'Aract Auvergne-Rhône-Alpes et l'Institut du travail tous les deux mois. "
            "Sandrine Perrin coordonne le projet ; le bureau de l'UD valide les grandes étapes.", align="justify")
    doc.add_heading("Qu'est-ce que ça doit changer ?", level=2)
    p_(doc, "Nous attendons 24 élus formés, 12 avis motivés rendus sur des projets réels, et au moins 6 entreprises où la "
            "direction aura accepté une phase d'expérimentation avant déploiement. Une grille de questionnement "
            "« projet numérique » sera produite avec les participants.", align="justify")
    doc.add_heading("Avec quels partenaires ?", level=2)
    bullets(doc, [("Aract Auvergne-Rhône-Alpes", " : co-animation de deux journées du parcours, participation au comité de suivi ;"),
                  ("Institut du travail de l'Université Lyon 2", " : apports sur l'analyse du travail, intervention d'un enseignant-chercheur (4 jours) ;"),
                  ("Syndicat CFDT Services de la Loire", " : mobilisation des élus du commerce et de la logistique.")],
            style="List Bullet")
    doc.add_heading("Combien ça coûte ?", level=2)
    table(doc, [["Dépenses", "2022", "2023", "Total"],
                ["Personnel (permanente détachée, temps militant indemnisé)", eur(6000), eur(18000), eur(24000)],
                ["Déplacements, salles, repas", eur(1500), eur(4500), eur(6000)],
                ["Prestations (juriste, Institut du travail, supports)", eur(4000), eur(12000), eur(16000)],
                ["Total", eur(11500), eur(34500), eur(46000)]], widths=[8, 2.6, 2.6, 2.6], bold_last=True)
    table(doc, [["Ressources", "Montant"],
                ["Subvention Anact (Fabrique CTO)", eur(40000)],
                ["Fonds propres de l'UD CFDT de la Loire", eur(6000)],
                ["Total", eur(46000)]], widths=[10, 4], bold_last=True)
    p_(doc, "Pour mémoire, notre action « Santé au travail des élus » de 2021 avait été soutenue par la DREETS à hauteur de "
            "12 000 €.", italic=True, size=9)
    a1 = Att("Projet Fabrique CTO UD CFDT 42.docx", docx_bytes(doc))
    text = ("Bonjour,\n\n"
            "Vous trouverez en pièce jointe le projet de l'UD CFDT de la Loire pour l'appel à manifestation d'intérêt de la "
            "Fabrique CTO.\n\n"
            "Bien cordialement,\n\n-- \nSandrine Perrin\nSecrétaire générale adjointe\nUnion départementale CFDT de la Loire\n"
            "Bourse du travail – Saint-Étienne\n")
    mid = ids.mid("thunderbird", "loire.cfdt.fr", when)
    eml = make_mail("thunderbird", ids, frm=who, subject="Projet Élus connectés - AMI Fabrique CTO", when=when, mid=mid,
                    text=text, atts=[a1])
    msgs = [Sent(when, mid, eml, "submission", did)]
    tr = dossier(
        did, msgs=msgs, applicant=who, org=org, title=title, acronym=acr,
        missing=["description.perennisation"],
        budget=dict(total=46000, anact=40000, cofin=6000, personnel=24000, depl=6000, prest=16000),
        partners=["Aract Auvergne-Rhône-Alpes", "Institut du travail de l'Université Lyon 2", "Syndicat CFDT Services de la Loire"],
        flags=["cofinancement_insuffisant"], end="2023-10-31",
        notes=["headings are questions ('Pourquoi ce projet ?', 'Combien ça coûte ?')",
               "budget by year (2022 / 2023 / total) in a DOCX table; co-financing 6 000 / 46 000 = 13 %",
               "distractor: 2021 DREETS support of 12 000 € for another action"],
        meta=meta("union", "docx_styles", "doc", "years", "doc", "bullets", "thunderbird",
                  {"num": "none", "questions": True}, roles=["cofi13"], attachments=[a1.filename], amounts="12 500 €"),
    )
    return tr, msgs


def letter_pdf(org_lines: list[str], place_date: str, body: list[str], signer: list[str], title: str) -> bytes:
    st = rl_styles(serif=True, size=11)
    story = [Paragraph("<br/>".join(esc(x) for x in org_lines), st["left"]), Spacer(1, 0.8 * cm),
             Paragraph(esc("Anact – La Fabrique CTO"), st["left"]),
             Paragraph(esc("192 avenue Thiers – 69006 Lyon"), st["left"]), Spacer(1, 0.6 * cm),
             Paragraph(esc(place_date), st["left"]), Spacer(1, 0.6 * cm)]
    for para in body:
        story.append(Paragraph(esc(para), st["body"]))
    story.append(Spacer(1, 0.8 * cm))
    story.append(Paragraph("<br/>".join(esc(x) for x in signer), st["left"]))
    return rl_pdf(story, title, signer[0], margins=2.5)


# ===========================================================================
# B704 — local authority, "doc1.docx" with roman headings, LibreOffice PDF budget, two support letters,
#        Outlook mail carrying an internal quoted history; project ends March 2024


def b704(cx: Cx):
    did = "B704"
    ids = cx.ids(did)
    who = ("Hélène Marchetti", "h.marchetti@cc-coteauxdulizon.fr")
    when = d("2022-08-22T11:02:37+02:00")
    org = "Communauté de communes des Coteaux du Lizon"
    acr = "AGENTS ACTEURS"
    title = "Dématérialisation des services techniques et des ressources humaines : associer les agents des communes"
    doc = new_docx("Document1", "hmarchetti", when, font="Calibri", size=11)
    p_(doc, "Candidature de la Communauté de communes des Coteaux du Lizon", bold=True, size=14, align="center")
    p_(doc, "Projet « Agents acteurs » – Appel à manifestation d'intérêt de la Fabrique CTO", align="center")
    sec = lambda t: doc.add_heading(t, level=1)  # noqa: E731
    sec("I. Le territoire et ses agents")
    p_(doc, "La Communauté de communes des Coteaux du Lizon (Jura) regroupe 23 communes et 14 800 habitants. Depuis 2020, "
            "un service commun des ressources humaines et un service technique mutualisé travaillent pour l'ensemble des "
            "communes, soit environ 160 agents, dont une majorité d'agents techniques et de secrétaires de mairie à temps "
            "partagé. Le schéma de mutualisation adopté en 2021 prévoit la dématérialisation complète des demandes "
            "d'intervention technique, des congés et plannings, et des actes administratifs d'ici 2024.", align="justify")
    sec("II. Ce que la dématérialisation change au travail – et ce qui nous interroge")
    p_(doc, "Les premiers outils (application de demandes d'intervention sur smartphone, logiciel de gestion des temps) ont "
            "été installés sans concertation et ont suscité un rejet net chez les agents techniques : double saisie, "
            "géolocalisation mal comprise, perte du contact direct avec les secrétaires de mairie. Comment conduire la "
            "suite de la dématérialisation avec les agents et leurs représentants, dans des petites communes où il n'existe "
            "ni service informatique ni culture du dialogue social formalisé ?", align="justify")
    sec("III. Nos objectifs")
    p_(doc, "Construire avec les agents, les élus communaux et les représentants du personnel une manière de choisir, "
            "tester et ajuster les outils numériques ; redéfinir les règles d'usage des outils déjà installés ; former "
            "les encadrants intermédiaires à la conduite d'un projet numérique participatif.", align="justify")
    sec("IV. Les agents et les communes concernés")
    p_(doc, "Le projet concerne en priorité les 48 agents du service technique mutualisé et les 19 secrétaires de mairie, "
            "ainsi que leurs encadrants et les maires des communes volontaires (8 communes se sont déjà portées "
            "volontaires).", align="justify")
    sec("V. La démarche proposée")
    p_(doc, "Un cabinet spécialisé en ergonomie réalisera un diagnostic des usages (observations, entretiens, journal de bord "
            "tenu par des agents volontaires). Sur cette base, des groupes de travail mixtes – agents, encadrants, élus, "
            "représentants du personnel – examineront chaque outil et proposeront des règles d'usage, testées trois mois "
            "dans deux communes avant généralisation. Les choix des futurs outils (actes dématérialisés) se feront avec une "
            "grille élaborée par ces groupes. Une facilitatrice graphique accompagnera les restitutions.", align="justify")
    sec("VI. Calendrier")
    table(doc, [["Étapes", "Période"],
                ["Lancement, diagnostic des usages", "novembre 2022 – février 2023"],
                ["Groupes de travail sur les outils existants", "mars – juin 2023"],
                ["Tests dans deux communes", "septembre – décembre 2023"],
                ["Choix participatif des outils de dématérialisation des actes, bilan", "janvier – mars 2024"]], widths=[10, 6])
    p_(doc, "Le projet se déroulera donc de novembre 2022 à mars 2024.")
    sec("VII. Organisation du projet")
    p_(doc, "Le comité de pilotage est présidé par le vice-président chargé de la mutualisation ; il associe le DGS, la "
            "responsable RH, deux maires, les représentants du personnel au comité social territorial, le Centre de gestion "
            "du Jura et l'Aract. Il se réunit à chaque fin d'étape. Une équipe projet (responsable RH, responsable du "
            "service technique, cabinet) se réunit tous les quinze jours.", align="justify")
    sec("VIII. Ce que nous attendons du projet")
    p_(doc, "Des règles d'usage écrites et partagées pour chaque outil ; une grille de choix des outils validée par le comité "
            "social territorial ; une baisse des tensions mesurée par un questionnaire avant/après ; 12 encadrants formés.",
       align="justify")
    sec("IX. Après le projet")
    p_(doc, "La grille et la méthode seront intégrées à la charte de mutualisation. Le Centre de gestion du Jura s'est "
            "engagé à présenter la démarche aux autres intercommunalités du département lors de ses rencontres annuelles.",
       align="justify")
    sec("X. Les partenaires")
    p_(doc, "Nous travaillerons avec le Centre de gestion du Jura (CDG 39), qui apportera son expertise statutaire et son "
            "service de prévention et animera un des groupes de travail ; avec l'Aract Bourgogne-Franche-Comté, qui "
            "accompagnera la méthode et formera les encadrants ; et avec la section CFDT Interco du Jura, qui mobilisera "
            "les agents et siègera au comité de pilotage. Les lettres de soutien du CDG et de l'Aract sont jointes.",
       align="justify")
    p_(doc, "Le budget prévisionnel est joint séparément.", italic=True)
    a1 = Att("doc1.docx", docx_bytes(doc))

    bd = new_docx("Budget prévisionnel", "hmarchetti", when, font="Calibri", size=11)
    p_(bd, "Communauté de communes des Coteaux du Lizon", bold=True)
    p_(bd, "Projet « Agents acteurs » – Budget prévisionnel (novembre 2022 – mars 2024)", bold=True, size=13)
    table(bd, [["DÉPENSES", "Montant"],
               ["Dépenses de personnel", ""],
               ["   Cheffe de projet (0,3 ETP sur 16 mois)", eur(19200, "sp2")],
               ["   Temps des agents en groupes de travail", eur(6400, "sp2")],
               ["Sous-total personnel", eur(25600, "sp2")],
               ["Frais de déplacement et logistique", ""],
               ["   Déplacements entre communes", eur(1800, "sp2")],
               ["   Salles et repas des groupes de travail", eur(1400, "sp2")],
               ["Sous-total déplacements et logistique", eur(3200, "sp2")],
               ["Prestations", ""],
               ["   Cabinet d'ergonomie (diagnostic, animation)", eur(18000, "sp2")],
               ["   Facilitation graphique", eur(2400, "sp2")],
               ["Sous-total prestations", eur(20400, "sp2")],
               ["TOTAL DÉPENSES", eur(49200, "sp2")]], widths=[11, 4], bold_last=True)
    table(bd, [["RECETTES", "Montant"],
               ["Anact – Fabrique CTO (sollicité)", eur(36000, "sp2")],
               ["Communauté de communes (autofinancement)", eur(9200, "sp2")],
               ["Département du Jura – fonds d'innovation territoriale (sollicité)", eur(4000, "sp2")],
               ["TOTAL RECETTES", eur(49200, "sp2")]], widths=[11, 4], bold_last=True)
    p_(bd, "Montants nets de taxe (la Communauté de communes ne récupère pas la TVA sur ces dépenses).", italic=True, size=9)
    a2 = Att("budget.pdf", cx.office.convert(docx_bytes(bd), "budget.docx"))
    a3 = Att("Lettre soutien CDG39.pdf", letter_pdf(
        ["Centre de gestion de la fonction publique territoriale du Jura", "10 rue Lafayette – 39000 Lons-le-Saunier"],
        "Lons-le-Saunier, le 12 août 2022",
        ["Objet : soutien au projet « Agents acteurs » de la Communauté de communes des Coteaux du Lizon",
         "Madame, Monsieur,",
         "Le Centre de gestion du Jura apporte son plein soutien au projet présenté par la Communauté de communes des "
         "Coteaux du Lizon dans le cadre de l'appel à manifestation d'intérêt de la Fabrique CTO.",
         "Notre service de prévention participera au comité de pilotage et animera l'un des groupes de travail ; nous "
         "présenterons par ailleurs la démarche aux autres intercommunalités du département.",
         "Je vous prie d'agréer, Madame, Monsieur, l'expression de mes salutations distinguées."],
        ["Jean-Marc Vuillermoz", "Président du Centre de gestion du Jura"], "Lettre de soutien CDG 39"))
    a4 = Att("courrier Aract.pdf", letter_pdf(
        ["Aract Bourgogne-Franche-Comté", "Dijon"], "Dijon, le 16 août 2022",
        ["Objet : lettre de soutien",
         "Madame, Monsieur,",
         "L'Aract Bourgogne-Franche-Comté soutient la candidature de la Communauté de communes des Coteaux du Lizon. Nous "
         "accompagnerons la méthode du projet et assurerons la formation des encadrants intermédiaires (6 jours).",
         "Bien cordialement,"],
        ["Sophie Girardot", "Directrice, Aract Bourgogne-Franche-Comté"], "Courrier Aract BFC"))
    text = ("Bonjour,\n\n"
            "Veuillez trouver ci-joint la candidature de la Communauté de communes des Coteaux du Lizon à l'appel à "
            "manifestation d'intérêt de la Fabrique CTO, accompagnée du budget prévisionnel et de deux lettres de soutien.\n\n"
            "Je reste à votre disposition pour tout renseignement.\n\n"
            "Cordialement,\n\n"
            "Hélène Marchetti\nResponsable du service commun des ressources humaines\n"
            "Communauté de communes des Coteaux du Lizon\n03 84 25 61 70\n"
            + quote_outlook("Philippe Roux <p.roux@cc-coteauxdulizon.fr>", "lundi 22 août 2022 09:14",
                            "Hélène Marchetti <h.marchetti@cc-coteauxdulizon.fr>", "RE: dossier Anact",
                            "Hélène,\n\nC'est bon pour moi, le bureau communautaire a validé le principe jeudi. Tu peux "
                            "envoyer à l'Anact (fabrique@anact.fr) avec les deux lettres.\n\nPour info le dossier DETR 2022 "
                            "de la médiathèque est parti vendredi, on attend le retour de la préfecture pour les 120 000 €.\n\n"
                            "Philippe\n\nPhilippe Roux\nDirecteur général des services")
            + "\n" + quote_outlook("Hélène Marchetti", "vendredi 19 août 2022 16:02", "Philippe Roux",
                                   "dossier Anact",
                                   "Philippe,\n\nVoici la version finale du dossier pour l'appel de l'Anact (36 000 € "
                                   "demandés sur 49 200 €, le reste en autofinancement et Département). Je l'envoie lundi "
                                   "si tu valides.\n\nHélène") + "\n")
    mid = ids.mid("outlook", "cc-coteauxdulizon.fr", when)
    eml = make_mail("outlook", ids, frm=who, subject="TR: dossier Anact", when=when, mid=mid, text=text,
                    atts=[a1, a2, a3, a4], logo="CC Coteaux du Lizon")
    msgs = [Sent(when, mid, eml, "submission", did)]
    tr = dossier(
        did, msgs=msgs, applicant=who, org=org, title=title, acronym=acr, missing=[],
        budget=dict(total=49200, anact=36000, cofin=13200, personnel=25600, depl=3200, prest=20400),
        partners=["Centre de gestion du Jura", "Aract Bourgogne-Franche-Comté", "CFDT Interco du Jura"],
        flags=["fin_apres_echeance"], end="2024-03-31",
        notes=["project runs 'de novembre 2022 à mars 2024'",
               "description attachment named doc1.docx; budget PDF made by LibreOffice (amounts '12 500,00 €')",
               "mail subject 'TR: dossier Anact' with the internal Outlook quoted history; the quote mentions a DETR grant of 120 000 € for another project (distractor)",
               "partners in prose + two support letters as separate PDFs",
               "inline signature logo image001.png (must not be flagged)"],
        meta=meta("collectivite", "docx_styles", "annex_pdf", "table_sub", "doc+letters", "prose", "outlook",
                  {"num": "roman_dot", "caps": False}, roles=["fin2024", "quoted_history", "bad_names"],
                  attachments=[a.filename for a in (a1, a2, a3, a4)],
                  pdf_renders=[(a2.filename, "libreoffice"), (a3.filename, "reportlab"), (a4.filename, "reportlab")],
                  amounts="12 500,00 €"),
    )
    return tr, msgs


# ===========================================================================
# B705 — hospital, administrative reportlab PDF (1.1, 1.2 …), XLSX with text amounts '31.500,00 EUR',
#        Anact request 95 000 € (above the cap); the applicant's out-of-office answers Anact's acknowledgement


def b705(cx: Cx):
    did = "B705"
    ids = cx.ids(did)
    who = ("Martine Gauthier", "martine.gauthier@ch-vierzac.fr")
    when = d("2022-08-09T16:40:05+02:00")
    org = "Centre hospitalier de Vierzac"
    acr = "DPI ENSEMBLE"
    title = "Dossier patient informatisé : construire les usages avec les équipes soignantes"
    st = rl_styles(size=10)
    S = []
    S.append(Paragraph("CENTRE HOSPITALIER DE VIERZAC", st["title"]))
    S.append(Paragraph("Direction des ressources humaines et des relations sociales", st["sub"]))
    S.append(Paragraph("Appel à manifestation d'intérêt « Développer le dialogue social technologique au travail » – "
                       "La Fabrique CTO (Anact) – Dossier de candidature", st["sub"]))
    S.append(Paragraph(f"Projet {acr} – {esc(title)}", st["sub"]))
    S.append(Spacer(1, 0.6 * cm))

    def H1(t): S.append(Paragraph(esc(t), st["h1"]))
    def H2(t): S.append(Paragraph(esc(t), st["h2"]))
    def P(t): S.append(Paragraph(esc(t), st["body"]))

    H1("1. PRÉSENTATION DU PORTEUR")
    H2("1.1 Identification")
    P("Établissement public de santé de 412 lits et places (médecine, chirurgie, obstétrique, SSR, EHPAD), 780 agents "
      "non médicaux et 74 praticiens. Budget de fonctionnement 2021 : 62 millions d'euros. Référente du dossier : "
      "Martine Gauthier, directrice adjointe chargée des ressources humaines.")
    H2("1.2 Expériences antérieures")
    P("Contrat local d'amélioration des conditions de travail (CLACT) 2019-2020 sur les troubles musculosquelettiques en "
      "EHPAD, financé par l'ARS Centre-Val de Loire à hauteur de 40 000 € ; démarche qualité de vie au travail en "
      "bloc opératoire (2021), avec l'appui de l'Aract.")
    H1("2. LE PROJET")
    H2("2.1 Contexte")
    P("Le Centre hospitalier déploie depuis janvier 2022 un nouveau dossier patient informatisé (DPI) dans le cadre du "
      "programme national HOP'EN. Le déploiement, service par service, doit s'achever en juin 2023. Les trois premiers "
      "services équipés (médecine polyvalente, SSR, maternité) font état d'une forte charge de saisie, de temps soignant "
      "détourné du patient et d'un sentiment de contrôle accru ; l'absentéisme y a progressé de deux points.")
    H2("2.2 Problématique")
    P("Comment faire en sorte que les soignants participent réellement aux choix de paramétrage et d'organisation liés au "
      "DPI, alors que le calendrier est imposé et que les instances (CSE central, formation spécialisée) ne sont "
      "consultées que sur le principe du déploiement ?")
    H2("2.3 Objectifs")
    P("Objectif général : faire du déploiement du DPI un objet de dialogue professionnel et social. Objectifs opérationnels : "
      "(1) analyser l'activité de saisie dans les services déjà équipés ; (2) associer les équipes aux paramétrages des "
      "services restant à équiper ; (3) créer un espace de dialogue entre soignants, direction des soins, service "
      "informatique et représentants du personnel ; (4) outiller la formation spécialisée en santé, sécurité et "
      "conditions de travail pour le suivi du projet.")
    H2("2.4 Publics cibles")
    P("Infirmiers, aides-soignants et cadres de santé des neuf services concernés (environ 320 agents), l'équipe du "
      "service informatique, la direction des soins et les représentants du personnel.")
    H2("2.5 Méthodologie")
    P("Analyse de l'activité (observations, chroniques d'activité, entretiens) conduite par un cabinet d'ergonomie dans "
      "trois services équipés ; ateliers de simulation sur l'environnement de test du DPI avec des soignants volontaires "
      "de chaque service avant sa mise en service ; revues d'usage à trois mois ; évaluation par une équipe universitaire "
      "(questionnaire avant/après, entretiens).")
    H2("2.6 Phasage")
    S.append(rl_table([["Phase", "Calendrier", "Contenu"],
                       ["1. Cadrage", "octobre – novembre 2022", "Installation des instances, recrutement des volontaires"],
                       ["2. Analyse de l'activité", "décembre 2022 – février 2023", "Trois services déjà équipés"],
                       ["3. Ateliers de simulation", "mars – juin 2023", "Six services restant à équiper"],
                       ["4. Revues d'usage", "juillet – octobre 2023", "Ajustements, retours aux instances"],
                       ["5. Évaluation, capitalisation", "novembre – décembre 2023", "Rapport d'évaluation, journée régionale"]],
                      st, [4.2, 4.3, 8.5]))
    P("Fin du projet : décembre 2023.")
    H2("2.7 Pilotage et comitologie")
    P("Comité de pilotage trimestriel présidé par la directrice des ressources humaines (direction des soins, direction "
      "du système d'information, président de la CME, deux représentants du personnel, Aract). Comité technique mensuel "
      "(cadre de santé chef de projet, ingénieur SI, ergonomes). Information de la formation spécialisée à chaque étape.")
    H2("2.8 Résultats attendus")
    P("Paramétrages ajustés dans les neuf services ; réduction du temps de saisie ; un protocole de « revue d'usage » "
      "intégré à la conduite des projets numériques de l'établissement ; un rapport d'évaluation.")
    H2("2.9 Pérennisation et essaimage")
    P("Le protocole sera appliqué aux projets numériques suivants (prescription connectée, planification des blocs). Le "
      "groupement hospitalier de territoire s'est engagé à présenter la démarche aux cinq autres établissements ; une "
      "journée régionale est prévue avec l'Aract.")
    H1("3. PARTENARIAT")
    S.append(rl_table([["Partenaire", "Contribution"],
                       ["Aract Centre-Val de Loire", "Appui méthodologique, participation au comité de pilotage, co-organisation de la journée régionale"],
                       ["Université de Tours – équipe Ergonomie et santé", "Évaluation du projet (questionnaire, entretiens, rapport)"],
                       ["Institut de formation en soins infirmiers de Vierzac", "Intégration des enseignements dans la formation initiale, accueil d'étudiants dans les ateliers"],
                       ["Section CFDT Santé-Sociaux du CH de Vierzac", "Mobilisation des agents, participation au comité de pilotage"]],
                      st, [6.5, 10.5]))
    H1("4. BUDGET")
    P("Le détail des dépenses et des recettes figure dans l'annexe financière (fichier Excel). Le coût total du projet "
      "s'élève à 125.000,00 EUR ; la subvention sollicitée auprès de l'Anact est de 95.000,00 EUR.")
    S.append(Spacer(1, 0.8 * cm))
    P("Fait à Vierzac, le 9 août 2022 – Pour le directeur et par délégation, Martine Gauthier.")
    pdf = rl_pdf(S, "Candidature AMI Fabrique CTO - CH Vierzac", "Martine Gauthier",
                 header="CH de Vierzac – DRH – Candidature AMI Fabrique CTO", footer="DPI ENSEMBLE")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Dépenses"
    ws_rows(ws, [["Nature de la dépense", "Détail", "Montant"],
                 ["DÉPENSES DE PERSONNEL", None, None],
                 ["Cadre de santé chef de projet", "0,5 ETP sur 12 mois", "31.500,00 EUR"],
                 ["Temps soignant en ateliers", "remplacements, 600 heures", "24.000,00 EUR"],
                 ["Ingénieur système d'information", "0,15 ETP sur 14 mois", "10.500,00 EUR"],
                 ["Sous-total personnel", None, "66.000,00 EUR"],
                 ["FRAIS DE DÉPLACEMENT ET LOGISTIQUE", None, None],
                 ["Visites d'établissements équipés", "3 visites, 6 personnes", "2.700,00 EUR"],
                 ["Salles, restauration", None, "1.500,00 EUR"],
                 ["Sous-total déplacements et logistique", None, "4.200,00 EUR"],
                 ["PRESTATIONS", None, None],
                 ["Cabinet d'ergonomie", "analyse de l'activité, ateliers", "34.000,00 EUR"],
                 ["Évaluation universitaire", "Université de Tours", "17.000,00 EUR"],
                 ["Communication", "journée régionale, supports", "3.800,00 EUR"],
                 ["Sous-total prestations", None, "54.800,00 EUR"],
                 ["TOTAL DES DÉPENSES", None, "125.000,00 EUR"]],
            widths=[38, 30, 18], bold_rows=(2, 6, 7, 10, 11, 15, 16))
    wr = wb.create_sheet("Recettes")
    ws_rows(wr, [["Financeur", "Statut", "Montant"],
                 ["Anact – Fabrique CTO", "sollicité", "95.000,00 EUR"],
                 ["ARS Centre-Val de Loire (FIR)", "sollicité", "15.000,00 EUR"],
                 ["Autofinancement CH de Vierzac", "acquis", "15.000,00 EUR"],
                 ["TOTAL DES RECETTES", None, "125.000,00 EUR"]], widths=[38, 12, 18], bold_rows=(5,))
    wd = wb.create_sheet("Détail personnel")
    ws_rows(wd, [["Poste", "Grade", "Coût annuel chargé", "Quotité", "Durée (mois)", "Montant"],
                 ["Cadre de santé", "CS classe normale", "63.000,00 EUR", "50 %", 12, "31.500,00 EUR"],
                 ["Soignants (remplacements)", "IDE / AS", "40,00 EUR / heure", "600 h", None, "24.000,00 EUR"],
                 ["Ingénieur SI", "Ingénieur hospitalier", "60.000,00 EUR", "15 %", 14, "10.500,00 EUR"]],
            widths=[26, 22, 20, 10, 12, 18])
    wb.properties.creator = "DRH - CH Vierzac"
    a1 = Att("CH_VIERZAC_candidature_AMI_FabriqueCTO.pdf", pdf)
    a2 = Att("Annexe financière.xlsx", xlsx_bytes(wb))
    text = ("Madame, Monsieur,\n\n"
            "Je vous prie de bien vouloir trouver ci-joint le dossier de candidature du Centre hospitalier de Vierzac à "
            "l'appel à manifestation d'intérêt de la Fabrique CTO, ainsi que son annexe financière.\n\n"
            "Je vous prie d'agréer, Madame, Monsieur, l'expression de mes salutations distinguées.\n\n"
            "Martine Gauthier\nDirectrice adjointe – Ressources humaines et relations sociales\nCentre hospitalier de Vierzac\n"
            "Tél. 02 48 61 30 00 – poste 4512\n")
    mid = ids.mid("outlook", "ch-vierzac.fr", when)
    eml = make_mail("outlook", ids, frm=who, subject="Candidature AMI Fabrique CTO - CH de Vierzac", when=when, mid=mid,
                    text=text, atts=[a1, a2], logo="CH Vierzac", crlf=True)
    msgs = [Sent(when, mid, eml, "submission", did)]
    # out-of-office in answer to Anact's acknowledgement
    ack = ids.mid("ack", "anact.fr", when)
    w2 = d("2022-08-10T08:01:44+02:00")
    mid2 = ids.mid("outlook", "ch-vierzac.fr", w2)
    eml2 = make_mail("outlook", ids, frm=who, subject="Réponse automatique : Accusé de réception - candidature Fabrique CTO",
                     when=w2, mid=mid2, in_reply_to=ack, auto=True, html_body=True,
                     text="Bonjour,\n\nJe suis absente jusqu'au 29 août 2022 inclus. En cas d'urgence, merci de contacter "
                          "le secrétariat de la direction des ressources humaines au 02 48 61 30 00.\n\nCordialement,\n\n"
                          "Martine Gauthier\n")
    msgs.append(Sent(w2, mid2, eml2, "auto_reply", None, note="out-of-office from the applicant of B705",
                     related=did))
    tr = dossier(
        did, msgs=msgs, applicant=who, org=org, title=title, acronym=acr, missing=[],
        budget=dict(total=125000, anact=95000, cofin=30000, personnel=66000, depl=4200, prest=54800),
        partners=["Aract Centre-Val de Loire", "Université de Tours – équipe Ergonomie et santé",
                  "Institut de formation en soins infirmiers de Vierzac", "Section CFDT Santé-Sociaux du CH de Vierzac"],
        flags=["plafond_depasse"], end="2023-12-31",
        notes=["Anact request 95 000 € above the 80 000 € cap", "XLSX amounts are text cells '31.500,00 EUR' over three sheets",
               "distractors: hospital operating budget 62 M€, ARS CLACT grant of 40 000 € (2019-2020)",
               "'Fin du projet : décembre 2023' (not flagged)", "the applicant's out-of-office answers Anact's acknowledgement",
               "inline signature logo image001.png (must not be flagged)"],
        meta=meta("hopital", "pdf_report", "xlsx", "table_sub", "doc", "table", "outlook",
                  {"num": "decimal_sub", "caps": True}, xlsx_variant="multi_text", roles=["plafond", "ooo"],
                  attachments=[a1.filename, a2.filename], pdf_renders=[(a1.filename, "reportlab")],
                  amounts="12.500,00 EUR"),
    )
    return tr, msgs


# ===========================================================================
# B706 — software SME, DOCX with run-in bold labels, budget lines in the Gmail body, tablet purchase (ineligible)


def b706(cx: Cx):
    did = "B706"
    ids = cx.ids(did)
    who = ("Julien Roche", "julien.roche@planeo-logiciels.fr")
    when = d("2022-08-18T18:22:09+02:00")
    org = "Planéo"
    acr = "CONDUITE PARTAGÉE"
    title = "Associer conducteurs et exploitants au paramétrage d'un logiciel de planification des tournées"
    doc = new_docx("Note projet", "Julien Roche", when, font="Calibri", size=11)
    p_(doc, "Planéo – projet CONDUITE PARTAGÉE", bold=True, size=16)
    p_(doc, "Note de présentation pour l'AMI « Développer le dialogue social technologique au travail »", italic=True)
    p_(doc, "Planéo est une SAS lyonnaise créée en 2014 (22 salariés, chiffre d'affaires 2021 : 2,3 M€) qui édite un "
            "logiciel de planification des tournées et de suivi des temps pour les PME du transport routier de "
            "marchandises. Environ 140 entreprises l'utilisent. Nos formations clients sont facturées 95 € HT de l'heure ; "
            "elles ne font pas partie du projet.", align="justify")
    runin(doc, "Contexte.", "Dans les PME de transport, le logiciel de planification fixe désormais l'ordre des livraisons, "
          "les temps de parcours et les pauses. Les conducteurs reçoivent leur tournée sur tablette la veille au soir et "
          "voient les écarts remonter en temps réel à l'exploitation. Les premiers retours de nos clients montrent des "
          "tensions : tournées irréalistes, pression sur les temps de pause, contestations des relevés.")
    runin(doc, "Ce qui pose question.", "Nos paramètres par défaut (vitesses moyennes, temps de déchargement, marges) sont "
          "fixés sans connaissance fine du travail réel des conducteurs. Comment un éditeur peut-il organiser, chez ses "
          "clients, un dialogue entre conducteurs, exploitants et dirigeants sur ces paramètres, alors que ces PME n'ont "
          "souvent qu'un délégué du personnel et aucune habitude de discuter des outils ?")
    runin(doc, "Nos objectifs.", "Co-construire avec trois entreprises clientes une méthode de paramétrage concerté du "
          "logiciel ; ouvrir aux conducteurs la possibilité de signaler et de faire corriger les temps irréalistes ; "
          "faire évoluer notre propre processus de déploiement.")
    runin(doc, "Pour qui.", "Les conducteurs (environ 90), les exploitants et les dirigeants de trois PME de transport "
          "routier d'Auvergne-Rhône-Alpes de 30 à 80 salariés, et leurs représentants du personnel ; en interne, nos "
          "équipes produit et déploiement.")
    runin(doc, "Méthode.", "Une ergonome consultante accompagne des conducteurs volontaires en tournée (deux jours par "
          "entreprise). Les écarts entre temps planifiés et temps réels sont ensuite discutés en ateliers réunissant "
          "conducteurs, exploitants et direction ; chaque atelier examine une proposition de réglage du logiciel, "
          "mise à l'essai pendant un mois puis réexaminée. Nos développeurs participent aux ateliers.")
    runin(doc, "Déroulé.", "Phase 1 (octobre – décembre 2022) : accompagnement en tournée et analyse des écarts. Phase 2 "
          "(janvier – mai 2023) : trois cycles d'ateliers et de tests par entreprise. Phase 3 (juin – septembre 2023) : "
          "stabilisation des réglages et évolution de notre processus de déploiement. Fin du projet en septembre 2023.")
    runin(doc, "Gouvernance.", "Un comité de pilotage réunit tous les deux mois Planéo, l'Aract, la FNTR Auvergne et un "
          "binôme direction/représentant du personnel de chaque entreprise. Julien Roche, responsable produit, pilote le "
          "projet au quotidien.")
    runin(doc, "Après le projet.", "La méthode de paramétrage concerté sera intégrée à notre processus de déploiement "
          "standard et proposée à l'ensemble de nos clients. La FNTR Auvergne en fera la promotion auprès de ses adhérents.")
    runin(doc, "Partenaires.", "Nous travaillerons avec les Transports Girard (Clermont-Ferrand, 45 salariés), qui "
          "accueilleront la première expérimentation et libéreront du temps de conducteurs pour les ateliers ; avec "
          "l'Aract Auvergne-Rhône-Alpes, qui apportera son regard sur les conditions de travail et co-animera les "
          "ateliers ; et avec la FNTR Auvergne, qui nous aidera à recruter les deux autres entreprises.")
    runin(doc, "Budget.", "Voir le détail dans notre mail d'envoi.")
    a1 = Att("Planeo - note projet.docx", docx_bytes(doc))
    text = ("Bonjour,\n\n"
            "Je vous adresse la candidature de Planéo à l'AMI Fabrique CTO (projet CONDUITE PARTAGÉE). La note de "
            "présentation est en pièce jointe ; voici le budget prévisionnel :\n\n"
            "- Personnel Planéo (cheffe de projet 30 j, UX designer 25 j) : 21 000 € HT\n"
            "- Déplacements Lyon – Clermont et location de salle : 2 400 € HT\n"
            "- Prestation d'une ergonome consultante : 9 800 € HT\n"
            "- Achat de 6 tablettes durcies pour les conducteurs des entreprises pilotes : 3 600 € HT\n\n"
            "Total : 36 800 € HT\n"
            "Demande à l'Anact : 27 000 € – autofinancement Planéo : 9 800 €\n\n"
            "Bonne soirée,\n\n"
            "--\nJulien Roche\nResponsable produit | Planéo\n06 84 22 17 90\n")
    mid = ids.mid("gmail", "", when)
    eml = make_mail("gmail", ids, frm=who, subject="AMI Fabrique CTO - candidature Planéo", when=when, mid=mid,
                    text=text, atts=[a1])
    msgs = [Sent(when, mid, eml, "submission", did)]
    tr = dossier(
        did, msgs=msgs, applicant=who, org=org, title=title, acronym=acr, missing=["description.resultats"],
        budget=dict(total=36800, anact=27000, cofin=9800, personnel=21000, depl=2400, prest=9800, autres=3600),
        partners=["Transports Girard", "Aract Auvergne-Rhône-Alpes", "FNTR Auvergne"],
        flags=["depense_non_eligible"], end="2023-09-30",
        notes=["purchase of 6 rugged tablets (3 600 € HT) is not an eligible kind of spending",
               "budget only as bullet lines in the mail body; description in DOCX with run-in bold labels",
               "distractors: turnover 2,3 M€, training price 95 € HT per hour",
               "partners in prose sentences"],
        meta=meta("pme_editeur", "docx_runin", "body", "list", "doc", "prose", "gmail", {"num": "none", "runin": True},
                  roles=["inelig_equipment"], attachments=[a1.filename], amounts="12 500 € HT"),
    )
    return tr, msgs


# ===========================================================================
# B707 — training body, Apple Mail, "Sans titre.pdf" in flowing prose without headings; budget forgotten,
#        sent the next morning in the same thread as an XLSX


def b707(cx: Cx):
    did = "B707"
    ids = cx.ids(did)
    who = ("Nathalie Bousquet", "n.bousquet@formavenir-occitanie.fr")
    when = d("2022-07-28T17:55:31+02:00")
    org = "Formavenir Occitanie"
    acr = "À DISTANCE, ENSEMBLE"
    title = "Formateurs et plateformes : remettre le métier au centre de la formation à distance"
    st = rl_styles(serif=True, size=11)
    S = [Paragraph("Formavenir Occitanie – projet « À distance, ensemble »", st["h1"]), Spacer(1, 0.3 * cm)]
    paras = [
        "Formavenir Occitanie est un organisme de formation associatif créé en 1994 à Montpellier, qui emploie 38 "
        "formateurs permanents sur trois sites (Montpellier, Nîmes, Béziers) et forme chaque année 2 600 demandeurs "
        "d'emploi et salariés. Depuis la crise sanitaire, près de la moitié de nos parcours se déroulent en partie à "
        "distance, sur une plateforme d'apprentissage choisie en 2020 dans l'urgence, et la Région, notre principal "
        "financeur, en fait désormais une condition de ses marchés.",
        "Pour les formateurs, ce basculement a profondément changé le métier : scénarisation des modules, tutorat par "
        "messagerie le soir, suivi des connexions des stagiaires, tableaux de bord d'assiduité qui servent aussi à "
        "contrôler leur propre activité. Plusieurs ont demandé à revenir au présentiel ; deux arrêts pour épuisement "
        "ont été reconnus en 2021. La question que nous nous posons est simple : comment redonner aux formateurs la "
        "main sur la manière dont la plateforme organise leur travail, au lieu de la subir ?",
        "Nous voulons, en un an, construire avec eux des règles d'usage de la plateforme (disponibilité, tutorat, usage "
        "des données de connexion), obtenir de l'éditeur les réglages qui en découlent, et faire entrer ces sujets dans "
        "le dialogue avec nos instances : le CSE n'a jamais été consulté sur l'outil.",
        "Le projet concerne d'abord nos 38 formateurs et 6 coordinateurs pédagogiques, et, à travers le réseau régional "
        "des organismes de formation, les formateurs d'une dizaine d'autres organismes qui seront invités aux journées "
        "d'échange.",
        "Nous procéderons en trois temps, avec l'appui de l'Aract Occitanie. De novembre 2022 à janvier 2023, une "
        "chercheuse de l'Université Paul-Valéry observera le travail de tutorat et animera des entretiens collectifs sur "
        "chaque site. De février à avril 2023, des groupes de formateurs volontaires, avec un représentant du CSE, "
        "rédigeront des propositions de règles et de réglages, que nous discuterons avec l'éditeur lors d'une journée de "
        "travail. En mai et juin 2023, les règles seront mises à l'essai sur deux parcours, puis ajustées. Le projet "
        "s'achèvera fin juin 2023.",
        "Le pilotage sera assuré par un comité associant la direction, deux formateurs élus par leurs pairs, le secrétaire "
        "du CSE et l'Aract, qui se réunira à la fin de chaque temps. Une coordinatrice pédagogique, Nathalie Bousquet, "
        "suivra le projet au quotidien.",
        "Nous en attendons une charte d'usage de la plateforme signée par la direction et le CSE, des réglages modifiés "
        "par l'éditeur, une baisse des sollicitations en soirée mesurée par la plateforme elle-même, et un court film "
        "où les formateurs racontent la démarche.",
        "La charte sera révisée chaque année avec le CSE. Avec le Réseau des organismes de formation d'Occitanie, nous "
        "proposerons la démarche aux autres organismes, sous la forme d'une journée d'échange et d'un kit en ligne.",
        "Nos partenaires :",
    ]
    for t in paras:
        S.append(Paragraph(esc(t), st["body"]))
    for t in ["Aract Occitanie : appui méthodologique et participation au comité de pilotage (5 jours) ;",
              "Université Paul-Valéry Montpellier 3 : observation du travail de tutorat par une chercheuse en sciences de l'éducation ;",
              "Réseau des organismes de formation d'Occitanie : organisation de la journée d'échange et diffusion du kit."]:
        S.append(Paragraph(esc(t), st["bullet"], bulletText="–"))
    S.append(Spacer(1, 0.3 * cm))
    S.append(Paragraph(esc("Le budget détaillé est joint à ce dossier."), st["body"]))
    pdf = rl_pdf(S, "", "Nathalie Bousquet")
    a1 = Att("Sans titre.pdf", pdf)
    text = ("Bonjour,\n\nVoici notre candidature pour l'appel à projets de la Fabrique CTO.\n\n"
            "Bien à vous,\n\nNathalie Bousquet\nCoordinatrice pédagogique\nFormavenir Occitanie\n04 67 58 21 40\n")
    mid = ids.mid("apple", "formavenir-occitanie.fr", when)
    subj = "Candidature AMI Fabrique CTO - Formavenir Occitanie"
    eml = make_mail("apple", ids, frm=who, subject=subj, when=when, mid=mid, text=text, atts=[a1])
    msgs = [Sent(when, mid, eml, "submission", did)]
    # the budget, next morning
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Budget"
    ws_rows(ws, [["Formavenir Occitanie – « À distance, ensemble » – budget prévisionnel", None, None, None],
                 ["Dépenses", "Quantité", "Coût unitaire", "Montant"],
                 ["Personnel", None, None, None],
                 ["Coordinatrice pédagogique (jours)", 20, 420, 8400],
                 ["Formateurs en groupes de travail (jours)", 28, 300, 8400],
                 ["Déplacements et logistique", None, None, None],
                 ["Déplacements entre les trois sites", None, None, 1900],
                 ["Salles et repas des journées de travail", None, None, 2000],
                 ["Prestations", None, None, None],
                 ["Ingénierie pédagogique numérique", None, None, 4500],
                 ["Réalisation du film", None, None, 2800],
                 ["TOTAL DES DÉPENSES", None, None, 28000],
                 [None, None, None, None],
                 ["Ressources", None, None, "Montant"],
                 ["Anact – Fabrique CTO", None, None, 21000],
                 ["OPCO Akto (sollicité)", None, None, 3500],
                 ["Fonds propres Formavenir", None, None, 3500],
                 ["TOTAL DES RESSOURCES", None, None, 28000]],
            widths=[44, 10, 14, 14], header_rows=(1, 2, 14), money_cols=(3, 4), bold_rows=(3, 6, 9, 12, 18))
    a2 = Att("Budget Formavenir.xlsx", xlsx_bytes(wb))
    w2 = d("2022-07-29T09:12:10+02:00")
    mid2 = ids.mid("apple", "formavenir-occitanie.fr", w2)
    text2 = ("Bonjour,\n\nJe m'aperçois que le budget n'était pas joint à mon envoi d'hier, le voici. Toutes mes excuses.\n\n"
             "Nathalie\n\n" + quote_gt("> Le 28 juil. 2022 à 17:55, Nathalie Bousquet <n.bousquet@formavenir-occitanie.fr> a écrit :",
                                       "\n" + _strip_markup(text)))
    eml2 = make_mail("apple", ids, frm=who, subject="Re: " + subj, when=w2, mid=mid2, text=text2, atts=[a2],
                     in_reply_to=mid, references=[mid])
    msgs.append(Sent(w2, mid2, eml2, "reply", did))
    tr = dossier(
        did, msgs=msgs, applicant=who, org=org, title=title, acronym=acr, missing=[],
        budget=dict(total=28000, anact=21000, cofin=7000, personnel=16800, depl=3900, prest=7300),
        partners=["Aract Occitanie", "Université Paul-Valéry Montpellier 3", "Réseau des organismes de formation d'Occitanie"],
        flags=[], end="2023-06-30",
        notes=["description in 'Sans titre.pdf', flowing prose without any heading",
               "budget forgotten, sent next morning in the same thread (Re:) as an XLSX",
               "'OPCO Akto' appears only as a co-funder, not as a partner"],
        meta=meta("organisme_formation", "pdf_prose", "xlsx_reply", "table_qty", "doc", "bullets", "apple",
                  {"num": "none", "caps": False}, xlsx_variant="single", missing_first=BUDGET_ALL, reply="same",
                  attachments=[a1.filename, a2.filename], pdf_renders=[(a1.filename, "reportlab")], amounts="numeric cells"),
    )
    return tr, msgs


# ===========================================================================
# B708 — home-care association on gmail.com, whole proposal in the body (capitalised headings), k€ amounts,
#        Anact asked for the whole cost (no co-financing)


def b708(cx: Cx):
    did = "B708"
    ids = cx.ids(did)
    who = ("Karima Benali", "karima.benali.ads@gmail.com")
    when = d("2022-08-20T22:14:48+02:00")
    org = "Association Aide & Domicile Val de Sambre"
    acr = "TÉLÉGESTION EN PARTAGE"
    title = "Télégestion et planification mobile : redonner la parole aux aides à domicile"
    text = (
        "Bonjour,\n\n"
        "Je vous envoie notre projet directement dans ce mail, j'espère que ce format convient.\n\n"
        "# LE CONTEXTE\n"
        "Notre association (Maubeuge, 170 salariées, un budget annuel de fonctionnement de 2,1 M€ financé "
        "principalement par le Conseil départemental du Nord et les caisses de retraite) accompagne 900 personnes âgées "
        "ou handicapées à domicile. Depuis 2021, la télégestion nous est imposée : les aides à domicile pointent avec leur "
        "smartphone chez chaque bénéficiaire, reçoivent leur planning par application et voient leurs temps de trajet "
        "calculés automatiquement.\n\n"
        "# CE QUI NOUS INTERROGE\n"
        "Les salariées vivent l'application comme un outil de contrôle ; les plannings modifiés au dernier moment et les "
        "temps de trajet sous-estimés sont devenus la première cause de conflit. Comment faire de cet outil un sujet de "
        "discussion entre intervenantes, responsables de secteur et direction, plutôt qu'une source de tensions ?\n\n"
        "# NOS OBJECTIFS\n"
        "- revoir avec les salariées les règles de planification et de modification des plannings ;\n"
        "- corriger le paramétrage des temps de trajet ;\n"
        "- mettre en place un temps d'échange régulier sur les outils avec le CSE.\n\n"
        "# QUI EST CONCERNÉ\n"
        "Les 150 aides à domicile et auxiliaires de vie, les 8 responsables de secteur et les membres du CSE.\n\n"
        "# NOTRE DÉMARCHE\n"
        "Une consultante ergonome suivra des tournées et animera des groupes d'expression (trois secteurs). Les "
        "propositions seront travaillées en groupe mixte (intervenantes, responsables de secteur, élus) puis testées dans "
        "un secteur. Une formation de deux jours sera proposée aux responsables de secteur.\n\n"
        "# LES ÉTAPES\n"
        "- octobre – décembre 2022 : suivi des tournées et groupes d'expression ;\n"
        "- janvier – avril 2023 : groupe mixte et propositions ;\n"
        "- mai – juillet 2023 : test dans le secteur de Jeumont ;\n"
        "- septembre 2023 : bilan et généralisation. Fin du projet : septembre 2023.\n\n"
        "# L'ORGANISATION DU PROJET\n"
        "Un comité de pilotage (directrice, deux responsables de secteur, deux élues du CSE, Aract) se réunit à chaque "
        "étape. Je coordonne le projet.\n\n"
        "# CE QUE NOUS ATTENDONS\n"
        "Des règles de planification écrites et connues de toutes, des temps de trajet recalculés, moins de "
        "modifications de dernière minute, et un point « outils » à l'ordre du jour du CSE chaque trimestre.\n\n"
        "# LA SUITE\n"
        "Les règles seront intégrées à notre accord d'entreprise sur l'organisation du travail. La fédération UNA Nord "
        "présentera la démarche aux autres services d'aide à domicile du département.\n\n"
        "# NOS PARTENAIRES\n"
        "- Aract Hauts-de-France : appui à la démarche et participation au comité de pilotage ;\n"
        "- UNA Nord (fédération départementale) : échanges avec d'autres associations et diffusion ;\n"
        "- CFDT Santé-Sociaux du Nord : soutien aux élues du CSE et participation au groupe mixte.\n\n"
        "# LE BUDGET\n"
        "Personnel (temps des salariées en groupes, coordination) : 18,4 k€\n"
        "Déplacements et réunions : 3,1 k€\n"
        "Prestations (consultante ergonome, formation des responsables de secteur) : 12,5 k€\n"
        "Total : 34 k€\n"
        "Nous sollicitons la totalité, soit 34 k€, auprès de l'Anact.\n\n"
        "Je reste disponible au 06 51 87 20 33.\n\n"
        "Karima Benali\nDirectrice\nAssociation Aide & Domicile Val de Sambre\n")
    mid = ids.mid("gmail", "", when)
    eml = make_mail("gmail", ids, frm=who, subject="Projet pour l'appel Fabrique CTO", when=when, mid=mid, text=text)
    msgs = [Sent(when, mid, eml, "submission", did)]
    tr = dossier(
        did, msgs=msgs, applicant=who, org=org, title=title, acronym=acr, missing=["budget.cofinancements"],
        budget=dict(total=34000, anact=34000, cofin=None, personnel=18400, depl=3100, prest=12500),
        partners=["Aract Hauts-de-France", "UNA Nord", "CFDT Santé-Sociaux du Nord"],
        flags=["cofinancement_insuffisant"], end="2023-09-30",
        notes=["whole proposal in a Gmail body (gmail.com address) with capitalised headings; amounts in k€",
               "the whole cost asked from Anact: 0 % co-financing",
               "distractor: association's operating budget 2,1 M€ funded by the Conseil départemental du Nord (not a partner)"],
        meta=meta("asso", "body", "body", "list_k", "body", "bullets", "gmail", {"num": "none", "caps": True},
                  roles=["cofi0"], amounts="k€", length="long body"),
    )
    return tr, msgs


def numbered_heading(doc, text):
    """Heading with automatic Word numbering (List Number, bold), as people do when they avoid heading styles."""
    par = doc.add_paragraph(style="List Number")
    r = par.add_run(text)
    r.bold = True
    r.font.size = Pt(12.5)
    r.font.color.rgb = RGBColor(0x1F, 0x4E, 0x79)
    par.paragraph_format.space_before = Pt(10)
    return par


# ===========================================================================
# B709 — two-person consultancy, Thunderbird, DOCX with auto-numbered headings and a quantity budget table;
#        partners announced as "to follow", sent the same afternoon by a colleague in a new thread


def b709(cx: Cx):
    did = "B709"
    ids = cx.ids(did)
    who = ("Thomas Lemaire", "thomas@atelier-praxis.fr")
    when = d("2022-08-16T10:05:56+02:00")
    org = "Atelier Praxis"
    acr = "TRACES"
    title = "Traçabilité numérique et travail réel dans les ateliers de maintenance aéronautique sous-traitants"
    doc = new_docx("TRACES", "Thomas Lemaire", when, font="Cambria", size=11)
    p_(doc, "Atelier Praxis", bold=True, size=12)
    p_(doc, "TRACES – Traçabilité numérique et travail réel dans les ateliers de maintenance aéronautique", bold=True, size=15)
    p_(doc, "Candidature à l'AMI de la Fabrique CTO – août 2022", italic=True)
    numbered_heading(doc, "Contexte du projet")
    p_(doc, "Autour de Bordeaux-Mérignac, une quarantaine de PME sous-traitantes assurent la maintenance de pièces et "
            "d'équipements aéronautiques. Sous la pression des donneurs d'ordre, elles ont toutes adopté en deux ans des "
            "logiciels de traçabilité : chaque opération est scannée, photographiée et validée sur tablette, et le "
            "technicien engage sa signature électronique sur chaque étape.", align="justify")
    numbered_heading(doc, "Problématique")
    p_(doc, "La traçabilité est indiscutable dans son principe, mais sa mise en œuvre numérique a été conçue sans les "
            "techniciens : étapes qui ne correspondent pas à l'ordre réel des opérations, saisies impossibles avec des "
            "gants, responsabilité individuelle accrue. Comment ouvrir, dans des PME sans tradition de dialogue social, "
            "une discussion sur la façon dont l'outil découpe et contrôle le travail ?", align="justify")
    numbered_heading(doc, "Objectifs")
    bullets(doc, ["rapprocher le découpage des opérations dans le logiciel du travail réel ;",
                  "définir avec les techniciens et les CSE des règles d'usage de la signature électronique ;",
                  "outiller les PME pour discuter des futures évolutions avec les éditeurs et les donneurs d'ordre."])
    numbered_heading(doc, "Publics")
    p_(doc, "Techniciens de maintenance, chefs d'atelier, responsables qualité et élus de CSE de trois PME de 20 à 120 "
            "salariés.", align="justify")
    numbered_heading(doc, "Méthode")
    p_(doc, "Analyse de l'activité dans chaque atelier (observations, autoconfrontations filmées), puis groupes de travail "
            "mixtes chargés de proposer des modifications du découpage des opérations et des règles d'usage ; les "
            "propositions sont présentées aux éditeurs lors d'une rencontre commune aux trois PME. Des supports visuels "
            "(fiches illustrées) facilitent les échanges avec les techniciens dont le français n'est pas la langue "
            "maternelle.", align="justify")
    numbered_heading(doc, "Calendrier")
    table(doc, [["Phase", "Période"],
                ["Analyse de l'activité", "octobre – décembre 2022"],
                ["Groupes de travail", "janvier – avril 2023"],
                ["Rencontre avec les éditeurs, tests", "mai – juin 2023"],
                ["Bilan", "juillet 2023"]], widths=[9, 6])
    numbered_heading(doc, "Pilotage")
    p_(doc, "Un comité de pilotage (Atelier Praxis, direction et un élu de chaque PME, partenaires) se réunit en début "
            "de projet, à mi-parcours et au bilan. Thomas Lemaire assure la coordination.", align="justify")
    numbered_heading(doc, "Résultats attendus")
    p_(doc, "Des gammes de traçabilité révisées dans les trois PME, une charte d'usage de la signature électronique, un "
            "cahier de propositions remis aux éditeurs, une série de fiches illustrées.", align="justify")
    numbered_heading(doc, "Suites et diffusion")
    p_(doc, "Les fiches et la démarche seront mises à disposition des autres sous-traitants via le cluster aéronautique "
            "régional ; Atelier Praxis intégrera la méthode à ses accompagnements.", align="justify")
    numbered_heading(doc, "Budget")
    p_(doc, "Nos interventions en entreprise sont habituellement facturées 85 € HT de l'heure ; le budget ci-dessous "
            "valorise notre temps au coût.", italic=True, size=9.5)
    table(doc, [["Poste", "Quantité", "Coût unitaire", "Montant"],
                ["Dépenses de personnel", "", "", ""],
                ["Consultant senior (jours)", "32", "600 €", "19 200 € HT"],
                ["Consultante (jours)", "28", "480 €", "13 440 € HT"],
                ["Sous-total personnel", "", "", "32 640 € HT"],
                ["Frais de déplacement et logistique", "", "", ""],
                ["Déplacements Bordeaux – ateliers", "18", "90 €", "1 620 € HT"],
                ["Location de salle (rencontres)", "4", "250 €", "1 000 € HT"],
                ["Sous-total déplacements et logistique", "", "", "2 620 € HT"],
                ["Prestations", "", "", ""],
                ["Illustratrice (fiches illustrées)", "1", "3 200 €", "3 200 € HT"],
                ["Vidéaste (autoconfrontations)", "1", "2 800 €", "2 800 € HT"],
                ["Sous-total prestations", "", "", "6 000 € HT"],
                ["TOTAL", "", "", "41 260 € HT"]], widths=[8, 2, 3, 3.5], bold_last=True)
    table(doc, [["Financement", "Montant"],
                ["Anact – Fabrique CTO", "31 000 €"],
                ["Bordeaux Métropole (sollicité)", "4 000 €"],
                ["Autofinancement Atelier Praxis", "6 260 €"],
                ["Total", "41 260 €"]], widths=[9, 4], bold_last=True)
    numbered_heading(doc, "Partenaires")
    p_(doc, "Les derniers accords sont en cours de finalisation : la liste des partenaires et leur contribution vous "
            "seront transmises séparément par ma collègue Aurélie Fabre.", align="justify")
    a1 = Att("Praxis_AMI.docx", docx_bytes(doc))
    text = ("Bonjour,\n\nVeuillez trouver ci-joint notre candidature (projet TRACES). Ma collègue Aurélie Fabre vous "
            "enverra les éléments sur les partenaires dans la journée.\n\nCordialement,\n\n-- \nThomas Lemaire\n"
            "Atelier Praxis – ergonomie & organisation\n33000 Bordeaux – 06 20 45 81 37\n")
    mid = ids.mid("thunderbird", "atelier-praxis.fr", when)
    eml = make_mail("thunderbird", ids, frm=who, subject="Candidature Fabrique CTO - projet TRACES", when=when, mid=mid,
                    text=text, atts=[a1])
    msgs = [Sent(when, mid, eml, "submission", did)]
    # colleague, new thread
    who2 = ("Aurélie Fabre", "aurelie@atelier-praxis.fr")
    w2 = d("2022-08-16T15:40:12+02:00")
    mid2 = ids.mid("apple", "atelier-praxis.fr", w2)
    text2 = ("Bonjour,\n\n"
             "Comme annoncé par Thomas Lemaire dans l'envoi de ce matin (candidature Atelier Praxis, projet TRACES), voici "
             "les partenaires du projet et leur contribution :\n\n"
             "• Aract Nouvelle-Aquitaine : appui méthodologique, participation au comité de pilotage (4 jours)\n"
             "• UIMM Gironde-Landes : mise en relation avec les PME et organisation de la rencontre avec les éditeurs\n"
             "• Aérotech Mérignac : entreprise pilote (65 salariés), accueil des observations et des groupes de travail\n"
             "• CFE-CGC Métallurgie Gironde : relais auprès des élus de CSE, participation aux groupes de travail\n\n"
             "Vous trouverez également la lettre de soutien de l'UIMM.\n\n"
             "Belle fin de journée,\n\nAurélie Fabre\nErgonome – Atelier Praxis\n")
    a2 = Att("Lettre UIMM.pdf", letter_pdf(
        ["UIMM Gironde-Landes", "Mérignac"], "Mérignac, le 11 août 2022",
        ["Objet : soutien au projet TRACES",
         "Madame, Monsieur,",
         "L'UIMM Gironde-Landes soutient le projet TRACES porté par Atelier Praxis et facilitera la mise en relation avec "
         "les entreprises de maintenance aéronautique de notre territoire ainsi que l'organisation d'une rencontre avec "
         "les éditeurs de logiciels.",
         "Veuillez agréer, Madame, Monsieur, nos salutations distinguées."],
        ["Bernard Lacoste", "Délégué général, UIMM Gironde-Landes"], "Lettre UIMM"))
    eml2 = make_mail("apple", ids, frm=who2, subject="Partenaires - candidature TRACES (Atelier Praxis)", when=w2,
                     mid=mid2, text=text2, atts=[a2])
    msgs.append(Sent(w2, mid2, eml2, "reply", did))
    tr = dossier(
        did, msgs=msgs, applicant=who, org=org, title=title, acronym=acr, missing=[],
        budget=dict(total=41260, anact=31000, cofin=10260, personnel=32640, depl=2620, prest=6000),
        partners=["Aract Nouvelle-Aquitaine", "UIMM Gironde-Landes", "Aérotech Mérignac", "CFE-CGC Métallurgie Gironde"],
        flags=[], end="2023-07-31",
        notes=["missing piece (partners) sent later by a colleague from the same organisation (new thread, other client)",
               "DOCX headings use automatic list numbering, not heading styles",
               "distractor: hourly rate 85 € HT in prose"],
        meta=meta("cabinet", "docx_autonum", "doc", "table_qty", "body_reply", "bullets", "thunderbird",
                  {"num": "auto_list", "caps": False}, missing_first=PARTNERS, reply="colleague",
                  roles=["colleague"], attachments=[a1.filename, a2.filename], pdf_renders=[(a2.filename, "reportlab")],
                  amounts="12 500 € HT"),
    )
    return tr, msgs


# ===========================================================================
# B710 — activity cooperative, Apple Mail (windows-1252) one day late; LibreOffice PDF with lettered headings;
#        budget by year over three XLSX sheets with formulas


def b710(cx: Cx):
    did = "B710"
    ids = cx.ids(did)
    who = ("Mathieu Klein", "mathieu.klein@ruches-actives.coop")
    when = d("2022-08-24T09:12:03+02:00")
    org = "Coopérative d'activité et d'emploi Les Ruches Actives"
    acr = "COOP'OUTILS"
    title = "Décider ensemble des outils numériques partagés d'une coopérative d'activité et d'emploi"
    doc = new_docx("COOP'OUTILS", "Mathieu Klein", when, font="Liberation Sans", size=10.5)
    header_footer(doc, "Les Ruches Actives – COOP'OUTILS", None)
    p_(doc, "COOP'OUTILS", bold=True, size=20, align="center")
    p_(doc, "Décider ensemble des outils numériques partagés d'une coopérative d'activité et d'emploi", size=13, align="center")
    p_(doc, "Candidature à l'AMI « Développer le dialogue social technologique au travail » – Fabrique CTO", italic=True,
       align="center")
    H = lambda t: doc.add_heading(t, level=2)  # noqa: E731
    H("A. Notre coopérative et son contexte")
    p_(doc, "Les Ruches Actives est une coopérative d'activité et d'emploi (SCOP) installée à Strasbourg depuis 2008. Elle "
            "héberge 320 entrepreneurs-salariés – formateurs, graphistes, artisans, consultants – qui ont réalisé en 2021 un "
            "chiffre d'affaires cumulé de 6,8 M€, et une équipe d'appui de 14 permanents. Depuis 2021, tout passe par une "
            "plateforme numérique commune : facturation, notes de frais, agenda partagé, messagerie, parcours "
            "d'accompagnement en ligne.", align="justify")
    H("B. La question posée")
    p_(doc, "Dans une coopérative, les outils sont en principe l'affaire de tous les associés ; dans les faits, la "
            "plateforme a été choisie par l'équipe d'appui et s'impose aux entrepreneurs, qui en contestent l'ergonomie et "
            "la logique de contrôle (validation des frais, délais de paiement). Comment faire vivre la gouvernance "
            "coopérative sur des choix techniques que peu de sociétaires maîtrisent ?", align="justify")
    H("C. Objectifs")
    bullets(doc, ["associer entrepreneurs-salariés et permanents à l'évaluation et à l'évolution de la plateforme ;",
                  "créer une commission « outils » reconnue par les instances de la SCOP ;",
                  "élaborer une méthode de choix participatif applicable aux prochains outils."])
    H("D. Publics")
    p_(doc, "Les 320 entrepreneurs-salariés, les 14 permanents de l'équipe d'appui, les sociétaires et le conseil "
            "d'administration.", align="justify")
    H("E. Méthode")
    p_(doc, "Enquête par questionnaire auprès de tous les entrepreneurs ; ateliers de conception participative animés par "
            "une designer de service, mêlant entrepreneurs et permanents ; prototypage de modifications avec l'éditeur ; "
            "débat et vote en assemblée des associés ; appui d'une équipe de recherche pour analyser la démarche.",
       align="justify")
    H("F. Calendrier")
    table(doc, [["Étape", "Période"],
                ["Enquête et premiers ateliers", "octobre – décembre 2022"],
                ["Ateliers de conception et prototypes", "janvier – mai 2023"],
                ["Tests, assemblée des associés", "juin – septembre 2023"],
                ["Bilan, guide de la méthode", "octobre – novembre 2023"]], widths=[9, 6])
    H("G. Gouvernance du projet")
    p_(doc, "Le conseil d'administration mandate un comité de projet (deux administrateurs, trois entrepreneurs tirés au "
            "sort, deux permanents, Aract Grand Est) qui se réunit tous les deux mois ; l'assemblée des associés valide les "
            "choix finaux.", align="justify")
    H("H. Résultats attendus")
    p_(doc, "Une plateforme modifiée sur les points prioritaires, une commission « outils » permanente, un guide de la "
            "méthode de choix participatif, un article de recherche.", align="justify")
    H("I. Pérennité et essaimage")
    p_(doc, "La commission « outils » sera inscrite au règlement intérieur. L'Union régionale des Scop diffusera le guide "
            "aux autres coopératives du Grand Est, et le réseau national des CAE en sera destinataire.", align="justify")
    H("J. Partenaires")
    table(doc, [["Partenaire", "Rôle dans le projet"],
                ["Aract Grand Est", "Appui méthodologique, membre du comité de projet"],
                ["Union régionale des Scop Grand Est", "Diffusion auprès des coopératives, partage d'expériences"],
                ["Université de Strasbourg – laboratoire SAGE", "Analyse de la démarche, article de recherche"]], widths=[7, 9])
    H("K. Budget")
    p_(doc, "Le budget détaillé, par année, figure dans le fichier joint. Coût total : 46 000 € ; demande à l'Anact : "
            "34 000 €.", align="justify")
    pdf = cx.office.convert(docx_bytes(doc), "COOP_OUTILS_dossier.docx")
    wb = openpyxl.Workbook()
    sheets = {"2022": (6000, 800, 2000), "2023": (22000, 3200, 12000)}
    first = True
    for name, (pe, de, pr) in sheets.items():
        w = wb.active if first else wb.create_sheet(name)
        w.title = name
        first = False
        ws_rows(w, [[f"Dépenses {name}", "Montant"],
                    ["Personnel (équipe d'appui, temps des entrepreneurs)", pe],
                    ["Déplacements et logistique", de],
                    ["Prestations (designer de service, recherche)", pr],
                    [f"Total {name}", "=SUM(B2:B4)"]], widths=[48, 14], money_cols=(2,), bold_rows=(5,))
    ws = wb.create_sheet("Synthèse")
    ws_rows(ws, [["Poste", "2022", "2023", "Total"],
                 ["Personnel", "='2022'!B2", "='2023'!B2", "=B2+C2"],
                 ["Déplacements et logistique", "='2022'!B3", "='2023'!B3", "=B3+C3"],
                 ["Prestations", "='2022'!B4", "='2023'!B4", "=B4+C4"],
                 ["Total dépenses", "=SUM(B2:B4)", "=SUM(C2:C4)", "=SUM(D2:D4)"],
                 [None, None, None, None],
                 ["Ressources", None, None, "Montant"],
                 ["Anact – Fabrique CTO", None, None, 34000],
                 ["Eurométropole de Strasbourg (acquis)", None, None, 5000],
                 ["Autofinancement Les Ruches Actives", None, None, 7000],
                 ["Total ressources", None, None, "=SUM(D8:D10)"]],
            widths=[40, 12, 12, 14], header_rows=(1, 7), money_cols=(2, 3, 4), bold_rows=(5, 11))
    xlsx = cx.office.recalc_xlsx(xlsx_bytes(wb), "budget ruches 2022-2023.xlsx")
    a1 = Att("RUCHES_dossier_AMI.pdf", pdf)
    a2 = Att("budget ruches 2022-2023.xlsx", xlsx)
    text = ("Bonjour,\n\n"
            "Avec un jour de retard – toutes nos excuses, l'assemblée extraordinaire de la coopérative a mobilisé toute "
            "l'équipe la semaine dernière – voici notre candidature à l'AMI de la Fabrique CTO et son budget.\n\n"
            "En espérant qu'elle pourra tout de même être examinée,\n\n"
            "Mathieu Klein\nChargé de développement\nLes Ruches Actives – CAE\n03 88 32 71 05\n")
    mid = ids.mid("apple", "ruches-actives.coop", when)
    eml = make_mail("apple", ids, frm=who, subject="Candidature Fabrique CTO – Les Ruches Actives (COOP'OUTILS)",
                    when=when, mid=mid, text=text, atts=[a1, a2], charset="windows-1252")
    msgs = [Sent(when, mid, eml, "submission", did)]
    tr = dossier(
        did, msgs=msgs, applicant=who, org=org, title=title, acronym=acr, missing=[],
        budget=dict(total=46000, anact=34000, cofin=12000, personnel=28000, depl=4000, prest=14000),
        partners=["Aract Grand Est", "Union régionale des Scop Grand Est", "Université de Strasbourg – laboratoire SAGE"],
        flags=["hors_delai"], end="2023-11-30",
        notes=["sent 24 Aug 2022 09:12 +0200, one day after the deadline (the mail apologises)",
               "budget by year on sheets '2022' and '2023' plus a 'Synthèse' sheet with formulas (cached by LibreOffice)",
               "body in windows-1252", "distractor: cumulated turnover 6,8 M€"],
        meta=meta("cooperative", "pdf_report", "xlsx", "years", "doc", "table", "apple",
                  {"num": "alpha_dot", "caps": False}, xlsx_variant="years_formulas", roles=["late"],
                  attachments=[a1.filename, a2.filename], pdf_renders=[(a1.filename, "libreoffice")], amounts="numeric cells"),
    )
    return tr, msgs


# ===========================================================================
# B711 — foundry SME, slide deck exported to PDF; no phasing, no governance, partners named without roles;
#        co-financing exactly 20 %


def b711(cx: Cx):
    did = "B711"
    ids = cx.ids(did)
    who = ("Sylvie Hubert", "s.hubert@fonderie-marchal.fr")
    when = d("2022-08-05T11:20:44+02:00")
    org = "Fonderie Marchal"
    acr = "FONDERIE 4.0 & DIALOGUE"
    title = "Capteurs, supervision et tablettes dans une fonderie : construire les usages avec les opérateurs"
    slides = [
        ("FONDERIE 4.0 & DIALOGUE", ["Fonderie Marchal – Nouzonville (Ardennes)", "Candidature à l'AMI « Développer le "
                                     "dialogue social technologique au travail » – Fabrique CTO / Anact", "Août 2022"]),
        ("Qui sommes-nous ?", ["• Fonderie de pièces en fonte pour l'automobile et le ferroviaire",
                               "• 85 salariés – chiffre d'affaires 2021 : 14 M€", "• Entreprise familiale depuis 1921",
                               "• Lauréate de France Relance en 2021 (modernisation des lignes de moulage, 450 k€)"]),
        ("Le contexte", ["• Installation en 2022 de capteurs et d'une supervision temps réel sur les deux lignes de moulage",
                         "• Tablettes aux postes : consignes, déclarations de rebuts, arrêts",
                         "• Premiers mois difficiles : alarmes incessantes, opérateurs « pistés », chefs d'équipe débordés",
                         "• Un CSE de 5 élus peu outillé sur ces sujets"]),
        ("Le problème", ["Comment faire en sorte que les opérateurs et leurs représentants aient leur mot à dire sur ce que "
                         "mesurent les capteurs, sur les seuils d'alarme et sur l'usage des données, dans une entreprise où "
                         "la modernisation a été décidée et financée sans eux ?"]),
        ("Nos objectifs", ["• Revoir avec les opérateurs les alarmes et les écrans de supervision",
                           "• Fixer des règles écrites sur l'usage des données de production (pas d'évaluation individuelle)",
                           "• Donner au CSE les moyens de suivre les projets numériques"]),
        ("Qui est concerné ?", ["• 60 opérateurs de production (moulage, noyautage, parachèvement)",
                                "• 6 chefs d'équipe et le service maintenance", "• Le CSE (5 élus) et la direction"]),
        ("La démarche", ["• Observations du travail sur les lignes par une ergonome",
                         "• Groupes d'expression des opérateurs, atelier par atelier",
                         "• Atelier de paramétrage avec l'intégrateur de la supervision",
                         "• Formation des élus du CSE aux enjeux des données de production"]),
        ("Résultats attendus", ["• Moins d'alarmes, mieux ciblées", "• Une charte d'usage des données signée avec le CSE",
                                "• Des opérateurs formés au paramétrage de base",
                                "• Un retour d'expérience partageable avec d'autres fonderies"]),
        ("Et ensuite ?", ["• Les groupes d'expression deviennent un rendez-vous trimestriel",
                          "• Présentation de la démarche à d'autres fonderies de la région"]),
        ("Partenaires", ["• UIMM Champagne-Ardenne", "• Aract Grand Est", "• Pôle de compétitivité Materalia"]),
        ("Budget", [("table", [["Poste", "Montant"],
                               ["Dépenses de personnel", "30 000 €"],
                               ["Frais de déplacement et logistique", "4 000 €"],
                               ["Prestations (ergonome, formation des élus)", "26 000 €"],
                               ["Coût total", "60 000 €"]], [14, 6]),
                    "Financement : Anact 48 000 € – autofinancement Fonderie Marchal 12 000 € (20 %)"]),
    ]
    pdf = rl_slides(slides, "FONDERIE 4.0 & DIALOGUE", "Sylvie Hubert")
    a1 = Att("Présentation projet FCTO.pdf", pdf)
    text = ("Bonjour,\n\nVous trouverez ci-joint la présentation de notre projet pour l'appel de la Fabrique CTO.\n"
            "Nous sommes à votre disposition pour en parler.\n\nCordialement\n\nSylvie Hubert\nResponsable ressources humaines\n"
            "FONDERIE MARCHAL\n03 24 53 18 00\n")
    mid = ids.mid("outlook", "fonderie-marchal.fr", when)
    eml = make_mail("outlook", ids, frm=who, subject="Appel à projet Fabrique CTO", when=when, mid=mid, text=text,
                    atts=[a1], logo="FONDERIE MARCHAL")
    msgs = [Sent(when, mid, eml, "submission", did)]
    tr = dossier(
        did, msgs=msgs, applicant=who, org=org, title=title, acronym=acr,
        missing=["description.phasage", "description.pilotage", "partenaires.contributions"],
        budget=dict(total=60000, anact=48000, cofin=12000, personnel=30000, depl=4000, prest=26000),
        partners=["UIMM Champagne-Ardenne", "Aract Grand Est", "Pôle de compétitivité Materalia"],
        flags=[], end=None,
        notes=["slide deck exported to PDF (one slide per element, bullets)", "co-financing exactly 20 % (not flagged)",
               "partners listed without any role", "distractors: turnover 14 M€, France Relance grant of 450 k€ in 2021",
               "inline signature logo image001.png (must not be flagged)"],
        meta=meta("pme_industrie", "pdf_slides", "doc", "table_cat", "doc", "bullets", "outlook",
                  {"num": "none", "slides": True}, roles=["cofi_exact20"], attachments=[a1.filename],
                  pdf_renders=[(a1.filename, "reportlab")], amounts="12 500 €"),
    )
    return tr, msgs


# ===========================================================================
# B712 — think tank association, long DOCX (styled headings in its own words), budget table, partners in prose


def b712(cx: Cx):
    did = "B712"
    ids = cx.ids(did)
    who = ("Léa Moreau", "lea.moreau@travail-numerique.org")
    when = d("2022-08-19T23:12:30+02:00")
    org = "Collectif Travail & Numérique"
    acr = "PLATEFORMES EN DIALOGUE"
    title = "Les outils de répartition algorithmique du travail dans les PME de services à la personne et de la propreté"
    doc = new_docx("PLATEFORMES EN DIALOGUE", "Léa Moreau", when, font="Georgia", size=11)
    header_footer(doc, "Collectif Travail & Numérique – PLATEFORMES EN DIALOGUE", "AMI Fabrique CTO 2022")
    p_(doc, "PLATEFORMES EN DIALOGUE", bold=True, size=22)
    p_(doc, "Les outils de répartition algorithmique du travail dans les PME de services à la personne et de la propreté",
       size=14)
    p_(doc, "Proposition du Collectif Travail & Numérique à l'appel à manifestation d'intérêt de la Fabrique CTO", italic=True)
    p_(doc, "")
    H = lambda t, lvl=1: doc.add_heading(t, level=lvl)  # noqa: E731
    J = lambda t: p_(doc, t, align="justify")  # noqa: E731
    H("Qui sommes-nous")
    J("Le Collectif Travail & Numérique est une association loi 1901 fondée en 2017 par des chercheurs, des syndicalistes, "
      "des consultants et des responsables d'entreprise qui partagent une conviction : les transformations numériques du "
      "travail ne sont ni une fatalité ni un simple sujet technique, et c'est dans le dialogue entre ceux qui font le "
      "travail et ceux qui l'organisent que se jouent leurs effets. L'association compte 240 adhérents et une équipe "
      "salariée de trois personnes.")
    J("De 2020 à 2021, nous avons animé un Observatoire des plateformes, soutenu par la Fondation Travailler autrement à "
      "hauteur de 60 000 €, qui a documenté le travail de 80 livreurs, chauffeurs et aides à domicile employés ou "
      "missionnés via des applications. Nous publions chaque année un cahier thématique et organisons une université d'été. "
      "Nous avons par ailleurs déposé cette année une réponse à l'appel à projets « Transitions » de la Fondation de "
      "France, sur un tout autre sujet (les mobilités des salariés en zone rurale).")
    H("Ce que nous avons observé")
    J("Les travaux de l'Observatoire ont montré que la répartition algorithmique du travail n'est pas réservée aux grandes "
      "plateformes. Dans les PME de services à la personne et de la propreté, des logiciels de planification attribuent "
      "désormais automatiquement les interventions, calculent les temps de trajet, notent la ponctualité et proposent "
      "des remplacements en quelques minutes par notification. Ces outils sont vendus comme des gains de productivité et "
      "de qualité de service ; ils sont adoptés par des directions souvent seules face aux éditeurs.")
    J("Sur le terrain, les salariées – ce sont très majoritairement des femmes – décrivent des journées morcelées, des "
      "modifications de planning à toute heure, une pression diffuse liée à la notation, et une perte du lien avec les "
      "responsables de secteur, dont le rôle d'arbitrage est absorbé par l'outil. Les représentants du personnel, quand "
      "ils existent, découvrent l'outil après son installation. Les dirigeants, eux, disent ne pas savoir quels "
      "réglages sont possibles ni comment associer les équipes sans ralentir l'activité.")
    H("La question qui nous anime")
    J("À quelles conditions la répartition algorithmique du travail peut-elle devenir un objet de dialogue professionnel "
      "et social dans des PME qui n'ont ni service informatique, ni ingénierie sociale, ni, souvent, d'instance "
      "représentative active ? Plus précisément : quelles prises donner aux salariées et à l'encadrement de proximité "
      "sur les règles que l'algorithme applique, et comment associer les éditeurs à cette discussion ?")
    H("Ce que nous voulons faire bouger")
    bullets(doc, ["rendre lisibles, pour les salariées et les encadrants, les règles de répartition appliquées par les outils ;",
                  "installer dans six PME un espace de discussion régulier sur ces règles, avec un pouvoir réel de "
                  "proposition sur leur paramétrage ;",
                  "obtenir des éditeurs qu'ils ouvrent certains réglages et documentent leurs algorithmes pour leurs clients ;",
                  "construire une méthode et des outils transférables à d'autres PME et à d'autres secteurs."])
    H("Avec qui, pour qui")
    J("Le projet s'adresse aux salariées d'intervention (aides à domicile, agents de propreté), aux responsables de secteur "
      "et aux dirigeants de six PME de 20 à 150 salariés – trois en Île-de-France, trois en Provence-Alpes-Côte d'Azur –, "
      "ainsi qu'à leurs représentants du personnel. Il associe aussi deux éditeurs de logiciels de planification utilisés "
      "par ces entreprises. Au-delà, il vise les réseaux professionnels des deux secteurs.")
    H("Comment nous comptons travailler")
    H("Une enquête courte dans chaque entreprise", 2)
    J("Une demi-journée d'observation par métier, des entretiens avec les salariées, les responsables de secteur et la "
      "direction, et l'analyse des paramètres de l'outil avec l'éditeur : ce qu'il optimise, sur quelles données, avec "
      "quelles marges de réglage.")
    H("Des ateliers « règles du jeu »", 2)
    J("Dans chaque entreprise, trois ateliers réunissent salariées volontaires, encadrants, direction et, pour le dernier, "
      "l'éditeur. Une facilitatrice aide le groupe à formuler les règles actuelles de l'outil en langage courant, à "
      "identifier celles qui posent problème et à proposer des alternatives. Les propositions sont mises à l'essai pendant "
      "deux mois.")
    H("Des rencontres entre entreprises", 2)
    J("Deux rencontres régionales (Paris et Marseille) et une rencontre nationale permettent aux entreprises de comparer "
      "leurs choix et aux éditeurs d'entendre les demandes communes.")
    H("Un travail de design", 2)
    J("Une designer conçoit avec les participants des supports permettant d'expliquer l'algorithme aux salariées : "
      "affiches, fiches, petit simulateur en ligne.")
    H("Le chemin, étape par étape")
    table(doc, [["Étape", "Période", "Contenu"],
                ["1. Mise en route", "octobre – novembre 2022", "Recrutement des entreprises, conventions, comité d'orientation"],
                ["2. Enquêtes", "décembre 2022 – février 2023", "Observations, entretiens, analyse des outils"],
                ["3. Ateliers et essais", "mars – septembre 2023", "Trois ateliers par entreprise, essais de deux mois"],
                ["4. Rencontres", "juin et octobre 2023", "Deux rencontres régionales, une rencontre nationale"],
                ["5. Capitalisation", "novembre – décembre 2023", "Guide, supports, note d'analyse"]], widths=[4, 4.5, 8])
    J("Le projet s'achèvera en décembre 2023.")
    H("Qui tient la barre")
    J("Un comité d'orientation réunit trois fois par an le Collectif, les deux Aract, l'IRES, l'Union régionale CFDT "
      "Île-de-France, Alliance Services Domicile et un représentant de chaque entreprise. Il valide les choix de méthode "
      "et discute les enseignements. L'équipe projet (chargée de projet, directrice, facilitatrice) se réunit chaque "
      "semaine ; dans chaque entreprise, un binôme direction/salariée suit les essais.")
    H("Ce qui devrait en sortir")
    bullets(doc, ["dans chaque entreprise, des règles de répartition modifiées et un rendez-vous régulier pour en discuter ;",
                  "un guide « Discuter des règles de l'algorithme » et des supports d'explication réutilisables ;",
                  "des engagements écrits des deux éditeurs sur l'ouverture de réglages ;",
                  "une note d'analyse rédigée avec l'IRES, versée aux communs de la Fabrique CTO."])
    H("Pour que cela dure")
    J("Les supports seront publiés sous licence libre et présentés lors de notre université d'été 2024. Alliance Services "
      "Domicile s'est engagée à proposer la démarche à ses 40 adhérents ; les deux Aract envisagent de l'intégrer à "
      "leur offre d'appui aux TPE-PME. Nous chercherons enfin à étendre l'expérience au secteur de la livraison.")
    H("Nos alliés")
    J("L'Aract Île-de-France et l'Aract Provence-Alpes-Côte d'Azur co-animeront les ateliers dans leurs régions et "
      "participeront au comité d'orientation. L'Institut de recherches économiques et sociales (IRES) apportera un regard "
      "de chercheur sur la démarche et coordonnera la note d'analyse. L'Union régionale CFDT Île-de-France mobilisera les "
      "représentants du personnel des entreprises participantes. Enfin, Alliance Services Domicile, réseau de 40 PME de "
      "services à la personne, nous ouvrira les portes de ses adhérents et accueillira la rencontre nationale.")
    H("Les moyens")
    table(doc, [["Dépenses", "Montant"],
                ["Chargée de projet (0,5 ETP sur 12 mois)", eur(27000)],
                ["Direction (temps consacré)", eur(4500)],
                ["Stagiaire de master (6 mois)", eur(7000)],
                ["Total dépenses de personnel", eur(38500)],
                ["Déplacements (trois territoires)", eur(3900)],
                ["Salles et repas (rencontres)", eur(2400)],
                ["Total déplacements et logistique", eur(6300)],
                ["Facilitation des ateliers", eur(6000)],
                ["Design des supports", eur(5200)],
                ["Vidéo", eur(4000)],
                ["Simulateur en ligne", eur(4000)],
                ["Total prestations", eur(19200)],
                ["COÛT TOTAL", eur(64000)]], widths=[11, 4], bold_last=True)
    table(doc, [["Ressources", "Montant"],
                ["Anact – Fabrique CTO", eur(48000)],
                ["Fondation Macif (sollicitée)", eur(10000)],
                ["Autofinancement du Collectif", eur(6000)],
                ["TOTAL", eur(64000)]], widths=[11, 4], bold_last=True)
    H("Bibliographie indicative")
    for ref in ["Collectif Travail & Numérique (2021), Cahier n° 4 – Le travail des plateformes, au-delà des plateformes.",
                "Observatoire des plateformes (2021), Rapport final, 112 p.",
                "Accord-cadre des partenaires sociaux européens sur la numérisation (juin 2020).",
                "Anact (2021), Outils numériques et conditions de travail : repères pour agir."]:
        doc.add_paragraph(ref, style="List Bullet")
    a1 = Att("Proposition_CTN_AMI_Fabrique_CTO.docx", docx_bytes(doc))
    text = ("Bonsoir,\n\n"
            "Vous trouverez ci-joint la proposition du Collectif Travail & Numérique, « Plateformes en dialogue », en "
            "réponse à l'AMI de la Fabrique CTO. Budget et partenaires figurent dans le document.\n\n"
            "Bien à vous,\n\nLéa Moreau\nChargée de projets – Collectif Travail & Numérique\nwww.travail-numerique.org\n")
    mid = ids.mid("gmail", "", when)
    eml = make_mail("gmail", ids, frm=who, subject="Proposition AMI Fabrique CTO – Plateformes en dialogue", when=when,
                    mid=mid, text=text, atts=[a1])
    msgs = [Sent(when, mid, eml, "submission", did)]
    tr = dossier(
        did, msgs=msgs, applicant=who, org=org, title=title, acronym=acr, missing=[],
        budget=dict(total=64000, anact=48000, cofin=16000, personnel=38500, depl=6300, prest=19200),
        partners=["Aract Île-de-France", "Aract Provence-Alpes-Côte d'Azur", "Institut de recherches économiques et sociales",
                  "Union régionale CFDT Île-de-France", "Alliance Services Domicile"],
        flags=[], end="2023-12-31",
        notes=["long DOCX, headings in the association's own words ('Qui tient la barre', 'Pour que cela dure', 'Nos alliés')",
               "partners only in prose", "'s'achèvera en décembre 2023' (not flagged)",
               "distractors: past Observatoire funded 60 000 € by a foundation; another call (Fondation de France 'Transitions')"],
        meta=meta("thinktank", "docx_styles", "doc", "table_sub", "doc", "prose", "gmail",
                  {"num": "none", "own_words": True}, attachments=[a1.filename], amounts="12 500 €", length="long"),
    )
    return tr, msgs


# ===========================================================================
# B713 — occupational-health service co-signing with the Aract (co-sender in the signature block and Cc),
#        "doc1.docx" + one-sheet XLSX with text amounts; expected results sent the next working day (RE:, quoted)


def b713(cx: Cx):
    did = "B713"
    ids = cx.ids(did)
    who = ("Bruno Lefèvre", "b.lefevre@spst41.fr")
    co = ("Camille Dupuis", "c.dupuis@aract-cvl.fr")
    when = d("2022-08-12T09:45:18+02:00")
    org = "Service de prévention et de santé au travail du Loir-et-Cher"
    acr = "TPE CONNECTÉES"
    title = "Télétravail et outils collaboratifs dans les TPE : outiller le dialogue sur les usages"
    doc = new_docx("Projet TPE connectées", "blefevre", when, font="Calibri", size=11)
    p_(doc, "Projet « TPE connectées »", bold=True, size=16)
    p_(doc, "SPST 41 – Aract Centre-Val de Loire", size=12)
    H = lambda t: doc.add_heading(t, level=2)  # noqa: E731
    J = lambda t: p_(doc, t, align="justify")  # noqa: E731
    H("Contexte")
    J("Le Service de prévention et de santé au travail du Loir-et-Cher (SPST 41) suit 6 200 entreprises adhérentes, dont "
      "85 % de TPE. Depuis 2020, nos équipes pluridisciplinaires constatent lors des visites et des actions en milieu de "
      "travail la généralisation d'outils collaboratifs (visioconférence, messageries, agendas partagés, logiciels "
      "métiers en ligne) et du télétravail partiel, y compris dans de très petites structures : cabinets comptables, "
      "agences immobilières, petites entreprises du BTP pour la partie administrative.")
    H("Objectifs et problématique")
    J("Dans une TPE, il n'y a ni représentant du personnel, ni service RH : les règles d'usage des outils se fixent de "
      "manière implicite, et les difficultés (hyperconnexion, isolement, brouillage des horaires) ne trouvent pas "
      "d'espace pour être discutées. Comment susciter un dialogue professionnel sur les usages du numérique là où aucune "
      "instance n'existe ?")
    J("Le projet vise à (1) construire un format d'atelier court permettant au dirigeant et aux salariés d'une TPE de "
      "discuter de leurs usages ; (2) former nos préventeurs à l'animer ; (3) tester le format dans 15 TPE.")
    H("Publics visés")
    J("Les dirigeants et salariés de 15 TPE adhérentes (moins de 20 salariés) du tertiaire et de l'artisanat ; les "
      "préventeurs et infirmiers en santé au travail du SPST 41 (12 personnes).")
    H("Déroulé méthodologique")
    J("Co-conception du format d'atelier avec l'Aract Centre-Val de Loire ; formation de 12 préventeurs (3 jours) ; "
      "ateliers de deux heures dans chaque TPE, suivis d'un second atelier à trois mois ; deux ateliers inter-entreprises "
      "pour partager les pratiques entre dirigeants ; recueil systématique des règles adoptées par les TPE.")
    H("Phasage")
    table(doc, [["Phase", "Période"],
                ["Conception du format, formation des préventeurs", "septembre – novembre 2022"],
                ["Premiers ateliers dans les TPE", "décembre 2022 – février 2023"],
                ["Seconds ateliers, ateliers inter-entreprises", "mars – mai 2023"],
                ["Bilan", "juin 2023 (fin du projet le 30 juin 2023)"]], widths=[9, 7])
    H("Pilotage")
    J("Comité de pilotage SPST 41 / Aract / CPME / CMA, réuni trois fois. Un groupe projet interne (médecin du travail "
      "coordonnateur, deux préventeurs) se réunit chaque mois. Le conseil d'administration paritaire du SPST est informé "
      "à chaque étape.")
    H("Pérennisation et essaimage")
    J("Le format d'atelier sera intégré à l'offre socle du SPST 41 à partir de septembre 2023 ; l'Aract le proposera aux "
      "autres services de santé au travail de la région.")
    H("Partenaires")
    bullets(doc, [("CPME Loir-et-Cher", " : mobilisation des TPE adhérentes, participation au comité de pilotage ;"),
                  ("Chambre de métiers et de l'artisanat de Loir-et-Cher", " : relais auprès des artisans, accueil des "
                   "ateliers inter-entreprises.")])
    J("Le rôle de l'Aract Centre-Val de Loire, qui dépose ce dossier avec nous, est précisé dans notre courriel d'envoi.")
    a1 = Att("doc1.docx", docx_bytes(doc))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Feuil1"
    ws_rows(ws, [["BUDGET PROJET TPE CONNECTEES", None],
                 ["Dépenses de personnel (préventeurs, IST, coordination – 40 j)", "22 400 € "],
                 ["Frais de déplacement et logistique", "3 100 € "],
                 ["Prestations (conception graphique des supports, animation inter-entreprises)", "9 500 € "],
                 ["TOTAL DEPENSES", "35 000 € "],
                 [None, None],
                 ["Subvention Anact", "26 000 € "],
                 ["Fonds propres SPST 41", "9 000 € "],
                 ["TOTAL RECETTES", "35 000 € "]], widths=[70, 14], header_rows=(1,), bold_rows=(5, 9))
    a2 = Att("budget SPST41.xlsx", xlsx_bytes(wb))
    sig = ("Bruno Lefèvre\nDirecteur\nService de prévention et de santé au travail du Loir-et-Cher (SPST 41)\n02 54 78 40 10\n\n"
           "Camille Dupuis\nChargée de mission\nAract Centre-Val de Loire\nc.dupuis@aract-cvl.fr – 02 38 42 19 90\n")
    text = ("Madame, Monsieur,\n\n"
            "Le Service de prévention et de santé au travail du Loir-et-Cher et l'Aract Centre-Val de Loire ont le plaisir "
            "de vous adresser conjointement leur candidature au projet « TPE connectées ».\n\n"
            "L'Aract Centre-Val de Loire co-concevra le format d'atelier, formera nos préventeurs (8 jours d'intervention) "
            "et co-animera les ateliers inter-entreprises.\n\n"
            "Vous trouverez ci-joint la description du projet et son budget.\n\n"
            "Bien cordialement,\n\n" + sig)
    subj = "Candidature TPE connectées - SPST 41 / Aract CVL"
    mid = ids.mid("outlook", "spst41.fr", when)
    eml = make_mail("outlook", ids, frm=who, subject=subj, when=when, mid=mid, text=text, atts=[a1, a2], cc=[co],
                    logo="SPST 41")
    msgs = [Sent(when, mid, eml, "submission", did)]
    w2 = d("2022-08-16T08:50:02+02:00")
    mid2 = ids.mid("outlook", "spst41.fr", w2)
    text2 = ("Bonjour,\n\n"
             "En relisant notre envoi, nous constatons que la partie sur les résultats attendus a disparu du document lors "
             "de la dernière mise en forme. La voici :\n\n"
             "Résultats attendus\n"
             "- un format d'atelier « usages du numérique » validé et documenté ;\n"
             "- 12 préventeurs formés à son animation ;\n"
             "- 15 TPE ayant adopté des règles d'usage écrites (horaires de connexion, canaux, droit à la déconnexion) ;\n"
             "- un recueil anonymisé de ces règles, diffusé aux adhérents.\n\n"
             "Avec nos excuses,\n\nBruno Lefèvre\nDirecteur – SPST 41\n"
             + quote_outlook("Bruno Lefèvre <b.lefevre@spst41.fr>", "vendredi 12 août 2022 09:45", "fabrique@anact.fr",
                             subj, _strip_markup(text), cc="Camille Dupuis <c.dupuis@aract-cvl.fr>"))
    eml2 = make_mail("outlook", ids, frm=who, subject="RE: " + subj, when=w2, mid=mid2, text=text2, cc=[co],
                     in_reply_to=mid, references=[mid], logo="SPST 41")
    msgs.append(Sent(w2, mid2, eml2, "reply", did))
    tr = dossier(
        did, msgs=msgs, applicant=who, org=org, title=title, acronym=acr, missing=[],
        budget=dict(total=35000, anact=26000, cofin=9000, personnel=22400, depl=3100, prest=9500),
        partners=["Aract Centre-Val de Loire", "CPME Loir-et-Cher", "Chambre de métiers et de l'artisanat de Loir-et-Cher"],
        flags=[], end="2023-06-30",
        notes=["co-applicant Aract Centre-Val de Loire appears only in the mail (Cc, joint signature block, role sentence)",
               "expected results missing from doc1.docx, sent in a reply four days later (RE:, Outlook quoted history)",
               "XLSX amounts are text cells with a trailing space ('22 400 € ')",
               "inline signature logo image001.png (must not be flagged)"],
        meta=meta("sante_travail", "docx_styles", "xlsx", "table_cat", "doc+signature", "bullets+signature", "outlook",
                  {"num": "none", "call_words": True}, xlsx_variant="single_text", missing_first=["description.resultats"],
                  reply="same", roles=["cosender_signature"], attachments=[a1.filename, a2.filename],
                  amounts="12 500 € (text cells)"),
    )
    return tr, msgs


# ===========================================================================
# B714 — management centre for local civil servants: a question first, then a Zimbra body proposal with
#        only the total, the Anact request and own funds (no detail by category)


def b714(cx: Cx):
    did = "B714"
    ids = cx.ids(did)
    who = ("Anne-Sophie Brunel", "as.brunel@cdg23.fr")
    org = "Centre de gestion de la fonction publique territoriale de la Creuse"
    acr = "SECRÉTAIRES EN RÉSEAU"
    title = "Les secrétaires de mairie face à la dématérialisation : construire des règles communes"
    wq = d("2022-07-15T10:21:40+02:00")
    midq = ids.mid("zimbra", "cdg23.fr", wq)
    textq = ("Bonjour,\n\n"
             "Le centre de gestion de la Creuse envisage de répondre à l'appel « Développer le dialogue social technologique "
             "au travail ». Nous ne sommes ni un laboratoire ni un cabinet de conseil : un établissement public comme le "
             "nôtre peut-il porter un projet ? Par ailleurs, les dépenses de personnel du centre de gestion sont-elles "
             "éligibles ?\n\n"
             "Merci par avance,\n\nAnne-Sophie Brunel\nResponsable du pôle prévention\nCDG 23\n")
    emlq = make_mail("zimbra", ids, frm=who, subject="Question AMI Fabrique CTO - éligibilité d'un centre de gestion",
                     when=wq, mid=midq, text=textq)
    msgs = [Sent(wq, midq, emlq, "correspondence", None, note="question about the call from the future applicant of B714",
                 related=did)]
    when = d("2022-08-08T15:33:09+02:00")
    mid = ids.mid("zimbra", "cdg23.fr", when)
    text = (
        "Bonjour,\n\n"
        "Suite à votre réponse de juillet, voici la proposition du Centre de gestion de la Creuse.\n\n"
        "# — Contexte —\n"
        "La Creuse compte 256 communes, dont les trois quarts de moins de 500 habitants. Leurs 180 secrétaires de mairie, "
        "souvent seules et à temps partagé entre plusieurs communes, voient arriver depuis 2021 la dématérialisation des "
        "actes, de la comptabilité (M57), de l'état civil et des demandes d'urbanisme, chacune avec son logiciel.\n\n"
        "# — Problématique —\n"
        "Ces outils s'empilent sans que les secrétaires soient consultées, et les maires, leurs employeurs, n'ont pas les "
        "moyens d'organiser un dialogue sur leur usage. Comment construire un dialogue sur le numérique quand l'employeur "
        "est une petite commune et que l'agente travaille seule ?\n\n"
        "# — Objectifs —\n"
        "Faire émerger des règles communes d'usage des outils (horaires, délais, entraide) discutées entre secrétaires, "
        "maires et représentants du personnel, et les faire adopter par les communes.\n\n"
        "# — Publics —\n"
        "Les secrétaires de mairie du département (40 volontaires pour les groupes, 180 pour l'enquête) et les maires "
        "de leurs communes.\n\n"
        "# — Méthode —\n"
        "Enquête auprès de toutes les secrétaires ; quatre groupes territoriaux d'échange animés par une consultante en "
        "ergonomie et notre psychologue du travail ; rédaction de règles communes soumises au comité social territorial "
        "départemental ; présentation aux maires lors des assemblées de l'association des maires.\n\n"
        "# — Calendrier —\n"
        "Octobre – novembre 2022 : enquête. Décembre 2022 – mars 2023 : groupes territoriaux. Avril – mai 2023 : "
        "rédaction et passage en comité social territorial. Juin 2023 : présentation aux maires et fin du projet.\n\n"
        "# — Pilotage —\n"
        "Comité de pilotage présidé par le président du CDG, avec l'association des maires, les organisations syndicales "
        "siégeant au comité social territorial et l'Aract ; réuni à chaque étape.\n\n"
        "# — Résultats attendus —\n"
        "Une charte départementale d'usage du numérique pour les secrétaires de mairie, adoptée par au moins 60 communes ; "
        "un réseau d'entraide entre secrétaires.\n\n"
        "# — Suites —\n"
        "Le réseau d'entraide sera animé par le CDG après le projet ; la charte sera proposée aux centres de gestion de la "
        "région.\n\n"
        "# — Partenaires —\n"
        "- Aract Nouvelle-Aquitaine : appui méthodologique, membre du comité de pilotage\n"
        "- Association des maires de la Creuse : mobilisation des maires, présentation de la charte\n"
        "- Syndicat FO des personnels territoriaux de la Creuse : relais auprès des agents, participation aux groupes\n\n"
        "# — Budget —\n"
        "Coût total estimé : 70 000 €, dont 55 000 € demandés à l'Anact ; le CDG apportera 15 000 € sur ses fonds propres.\n\n"
        "Cordialement,\n\nAnne-Sophie Brunel\nResponsable du pôle prévention\nCentre de gestion de la fonction publique "
        "territoriale de la Creuse\n05 55 51 93 20\n")
    eml = make_mail("zimbra", ids, frm=who, subject="Candidature AMI Fabrique CTO - CDG 23 - Secrétaires en réseau",
                    when=when, mid=mid, text=text)
    msgs.append(Sent(when, mid, eml, "submission", did))
    tr = dossier(
        did, msgs=msgs, applicant=who, org=org, title=title, acronym=acr,
        missing=["budget.personnel", "budget.deplacements_logistique", "budget.prestations"],
        budget=dict(total=70000, anact=55000, cofin=15000),
        partners=["Aract Nouvelle-Aquitaine", "Association des maires de la Creuse",
                  "Syndicat FO des personnels territoriaux de la Creuse"],
        flags=[], end="2023-06-30",
        notes=["the applicant asked a question about the call three weeks before (separate correspondence)",
               "proposal in a Zimbra body with '— Heading —' lines", "budget only total / Anact request / own funds"],
        meta=meta("collectivite", "body", "body", "totals_only", "body", "bullets", "zimbra",
                  {"num": "none", "dashes": True}, roles=["question_first"], amounts="12 500 €"),
    )
    return tr, msgs


# ===========================================================================
# B715 — insertion association, Thunderbird, description as .odt, two-sheet XLSX; no governance; ends June 2024


def b715(cx: Cx):
    did = "B715"
    ids = cx.ids(did)
    who = ("Patrick Lemoine", "coordination@rebonds-normandie.org")
    when = d("2022-08-10T20:30:51+02:00")
    org = "Association Rebonds"
    acr = "PAS À PAS NUMÉRIQUE"
    title = "Outils numériques et encadrement technique dans un atelier et chantier d'insertion"
    blocks = [
        ("h1", "Pas à pas numérique"),
        ("p", "Projet de l'Association Rebonds (Rouen) – appel à manifestation d'intérêt de la Fabrique CTO"),
        ("h2", "Notre association"),
        ("p", "Rebonds porte depuis 2003 deux ateliers et chantiers d'insertion (espaces verts, second œuvre du bâtiment) "
              "et emploie 64 salariés en parcours d'insertion, 9 encadrants techniques et 3 accompagnatrices "
              "socioprofessionnelles."),
        ("h2", "Le contexte"),
        ("p", "Nos financeurs nous demandent depuis 2021 de tout tracer en ligne : suivi des parcours sur la plateforme "
              "de l'État, pointage des heures sur tablette, évaluations des compétences dans un logiciel dédié, modules "
              "de formation en e-learning. Les encadrants techniques, recrutés pour leur savoir-faire de métier, passent "
              "désormais une heure par jour sur écran, au détriment de l'accompagnement sur le chantier ; une partie des "
              "salariés en insertion, peu à l'aise avec l'écrit, vit ces outils comme une épreuve de plus."),
        ("h2", "Notre question"),
        ("p", "Comment faire des outils numériques un support de l'accompagnement et non une charge supplémentaire, en "
              "partant de ce qu'en disent les encadrants et les salariés en insertion ?"),
        ("h2", "Ce que nous voulons"),
        ("ul", ["réduire le temps de saisie des encadrants en réorganisant qui saisit quoi et quand ;",
                "faire des évaluations numériques un moment partagé avec le salarié plutôt qu'un formulaire rempli seul ;",
                "permettre aux salariés en insertion d'acquérir les gestes numériques utiles à leur suite de parcours."]),
        ("h2", "Les personnes concernées"),
        ("p", "Les 9 encadrants techniques, les 3 accompagnatrices et les 64 salariés en insertion des deux chantiers, ainsi "
              "que, par le réseau Chantier École, les encadrants d'autres structures de la région."),
        ("h2", "Comment"),
        ("p", "Une formatrice spécialisée dans le numérique pour les publics éloignés de l'écrit et une intervenante de "
              "l'Aract observeront des journées de chantier et animeront des ateliers d'analyse des pratiques avec les "
              "encadrants. Des binômes encadrant/salarié testeront de nouvelles façons de réaliser ensemble les "
              "évaluations. Un court film réalisé avec les salariés servira de support d'échange avec d'autres chantiers."),
        ("h2", "Calendrier"),
        ("table", [["Période", "Étape"],
                   ["septembre – décembre 2022", "observations sur les chantiers"],
                   ["janvier – juin 2023", "ateliers d'analyse des pratiques"],
                   ["septembre 2023 – mars 2024", "tests en binômes, nouvelle organisation des saisies"],
                   ["avril – juin 2024", "film, rencontre avec d'autres chantiers, bilan"]]),
        ("p", "Le projet se terminera en juin 2024."),
        ("h2", "Ce que nous espérons"),
        ("p", "Une heure de saisie par jour ramenée à vingt minutes ; des évaluations réalisées à deux ; un livret "
              "« gestes numériques » pour les salariés ; un film de dix minutes."),
        ("h2", "Et après"),
        ("p", "La nouvelle organisation des saisies sera inscrite dans notre projet associatif. Chantier École Normandie "
              "présentera le film et le livret aux 40 structures du réseau régional."),
        ("h2", "Partenaires"),
        ("ul", ["Chantier École Normandie : diffusion auprès des structures d'insertion de la région, organisation de la "
                "rencontre inter-chantiers",
                "Aract Normandie : intervenante pour les observations et les ateliers (6 jours)",
                "Métropole Rouen Normandie : soutien financier et mise en relation avec les autres chantiers du territoire"]),
        ("p", "Budget : voir le tableau joint."),
    ]
    a1 = Att("Rebonds_projet_AMI.odt", odt_doc(blocks, "Pas à pas numérique", "Patrick Lemoine"))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Dépenses"
    ws_rows(ws, [["Dépenses", "Montant"],
                 ["Personnel (encadrants techniques, accompagnatrices – temps projet)", 26000],
                 ["Déplacements et logistique (rencontre inter-chantiers, repas)", 2000],
                 ["Prestations (formatrice numérique, réalisation du film)", 12000],
                 ["Total", 40000]], widths=[62, 14], money_cols=(2,), bold_rows=(5,))
    wr = wb.create_sheet("Recettes")
    ws_rows(wr, [["Recettes", "Montant"],
                 ["Anact – Fabrique CTO", 30000],
                 ["Métropole Rouen Normandie", 6000],
                 ["Fonds propres de l'association", 4000],
                 ["Total", 40000]], widths=[40, 14], money_cols=(2,), bold_rows=(5,))
    a2 = Att("budget pas a pas.xlsx", xlsx_bytes(wb))
    text = ("Bonsoir,\n\nJe vous transmets le projet de l'association Rebonds pour l'appel de la Fabrique CTO : le texte "
            "(fichier LibreOffice) et le budget.\n\nBonne soirée,\n\n-- \nPatrick Lemoine\nCoordinateur – Association Rebonds\n"
            "Ateliers et chantiers d'insertion – Rouen\n")
    mid = ids.mid("thunderbird", "rebonds-normandie.org", when)
    eml = make_mail("thunderbird", ids, frm=who, subject="Projet Pas à pas numérique - Rebonds", when=when, mid=mid,
                    text=text, atts=[a1, a2])
    msgs = [Sent(when, mid, eml, "submission", did)]
    tr = dossier(
        did, msgs=msgs, applicant=who, org=org, title=title, acronym=acr, missing=["description.pilotage"],
        budget=dict(total=40000, anact=30000, cofin=10000, personnel=26000, depl=2000, prest=12000),
        partners=["Chantier École Normandie", "Aract Normandie", "Métropole Rouen Normandie"],
        flags=["fin_apres_echeance"], optional_flags=["piece_jointe_non_supportee"], end="2024-06-30",
        notes=["description only in an .odt attachment (piece_jointe_non_supportee optional)",
               "project ends juin 2024", "no governance / steering described anywhere",
               "Métropole Rouen Normandie is both a partner and a co-funder"],
        meta=meta("asso", "odt", "xlsx", "table_cat", "doc", "bullets", "thunderbird", {"num": "none", "caps": False},
                  xlsx_variant="two_sheets", roles=["fin2024", "odt"], attachments=[a1.filename, a2.filename],
                  amounts="numeric cells"),
    )
    return tr, msgs


# ===========================================================================
# B716 — digital services SME, Gmail; budget in the body as '80.000,00 EUR' (request exactly at the cap,
#        co-financing exactly 20 %), DOCX with run-in labels and a partner table


def b716(cx: Cx):
    did = "B716"
    ids = cx.ids(did)
    who = ("Sophie Tessier", "s.tessier@numeria-conseil.fr")
    when = d("2022-08-22T14:30:27+02:00")
    org = "Numeria Conseil"
    acr = "LOGICIELS À HAUTEUR D'HOMME"
    title = "Impliquer les salariés des PME industrielles ligériennes dans le choix et le déploiement de leurs ERP"
    doc = new_docx("Numeria - AMI", "Sophie Tessier", when, font="Calibri", size=11)
    p_(doc, "Numeria Conseil – « Logiciels à hauteur d'homme »", bold=True, size=15)
    p_(doc, "Réponse à l'AMI Fabrique CTO 2022", italic=True)
    L = lambda a, b: runin(doc, a, b, sep=" — ")  # noqa: E731
    L("Contexte", "Numeria Conseil (Nantes, 14 salariés) accompagne depuis 2015 des PME industrielles des Pays de la Loire "
      "dans le choix et le déploiement de leurs ERP. Nous constatons que ces projets, conduits par la direction et "
      "l'intégrateur, ignorent presque toujours le travail des utilisateurs : magasiniers, acheteurs, agents de "
      "planification, opérateurs qui déclarent leur production.")
    L("Problématique", "Les déploiements d'ERP échouent moins pour des raisons techniques que parce que les processus "
      "modélisés ne correspondent pas au travail réel. Comment organiser, dans des PME sans habitude de dialogue social "
      "sur ces sujets, la participation des salariés et de leurs élus aux choix structurants ?")
    L("Objectifs", "Tester dans quatre PME une démarche de « conception participative » des processus ERP ; produire un "
      "cahier des charges type intégrant le travail réel ; former les élus de CSE à suivre un projet ERP.")
    L("Cibles", "Utilisateurs clés, encadrement et élus de CSE de quatre PME industrielles de 40 à 200 salariés ; "
      "directions et intégrateurs ERP.")
    L("Méthodologie", "Cartographie du travail réel par observation ; ateliers de simulation des processus avec les "
      "utilisateurs avant paramétrage ; revue des choix avec le CSE ; retour d'expérience trois mois après la mise en "
      "production. Un designer de service conçoit les supports des ateliers.")
    L("Phasage", "Phase 1, novembre 2022 – janvier 2023 : cartographie. Phase 2, février – juin 2023 : ateliers de "
      "simulation. Phase 3, juillet – octobre 2023 : mise en production, retour d'expérience et capitalisation. Fin du "
      "projet : octobre 2023.")
    L("Pilotage", "Comité de pilotage trimestriel (Numeria, Aract, Cetim, un binôme direction/élu par entreprise) ; "
      "comité projet mensuel dans chaque entreprise.")
    L("Résultats", "Quatre ERP déployés avec des processus validés par les utilisateurs ; un cahier des charges type ; "
      "un module de formation des élus ; un film de retour d'expérience.")
    L("Pérennisation", "La démarche devient une offre standard de Numeria ; le Cetim la présentera dans ses journées "
      "techniques ; l'Aract l'intègrera à ses ressources sur la conduite de projets numériques.")
    p_(doc, "Partenaires", bold=True)
    table(doc, [["Partenaire", "Contribution"],
                ["Aract Pays de la Loire", "Appui méthodologique, formation des élus (4 jours), comité de pilotage"],
                ["Cetim (Centre technique des industries mécaniques)", "Expertise industrielle, diffusion dans ses journées techniques"],
                ["Chaudronnerie Bretaud", "Entreprise pilote (120 salariés)"],
                ["Atlantique Découpe", "Entreprise pilote (45 salariés)"]], widths=[7, 9])
    p_(doc, "Budget : voir notre courriel.", italic=True)
    a1 = Att("Numeria - AMI Fabrique CTO.docx", docx_bytes(doc))
    text = ("Bonjour,\n\n"
            "Veuillez trouver ci-joint la candidature de Numeria Conseil. Le budget prévisionnel est le suivant :\n\n"
            "Dépenses de personnel : 62.000,00 EUR\n"
            "Frais de déplacement et logistique : 8.000,00 EUR\n"
            "Prestations externes (designer de service, vidéo) : 30.000,00 EUR\n"
            "Coût total : 100.000,00 EUR\n\n"
            "Financement demandé à l'Anact : 80.000,00 EUR\n"
            "Autofinancement Numeria Conseil : 20.000,00 EUR (20 %)\n\n"
            "Cordialement,\n\nSophie Tessier\nDirectrice associée\nNumeria Conseil – Nantes\n")
    mid = ids.mid("gmail", "", when)
    eml = make_mail("gmail", ids, frm=who, subject="Candidature Numeria Conseil - AMI dialogue social technologique",
                    when=when, mid=mid, text=text, atts=[a1])
    msgs = [Sent(when, mid, eml, "submission", did)]
    tr = dossier(
        did, msgs=msgs, applicant=who, org=org, title=title, acronym=acr, missing=[],
        budget=dict(total=100000, anact=80000, cofin=20000, personnel=62000, depl=8000, prest=30000),
        partners=["Aract Pays de la Loire", "Cetim", "Chaudronnerie Bretaud", "Atlantique Découpe"],
        flags=[], end="2023-10-31",
        notes=["Anact request exactly 80 000 € and co-financing exactly 20 %: no flag",
               "amounts written '80.000,00 EUR' in the mail body", "DOCX with run-in labels 'Contexte — …'"],
        meta=meta("pme_services", "docx_runin", "body", "list", "doc", "table", "gmail", {"num": "none", "runin": True},
                  roles=["cap_exact", "cofi_exact20"], attachments=[a1.filename], amounts="12.500,00 EUR"),
    )
    return tr, msgs


# ===========================================================================
# B717 — consultancy, Outlook; first budget asks Anact 92 000 €, corrected two days later in the same thread
#        (budget v2 "annule et remplace": 78 000 €)


def _b717_budget(version: int) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Budget"
    rows = [["ERGO&CO CONSEIL – PAYSAGES NUMÉRIQUES – BUDGET PRÉVISIONNEL" + (" (v2 corrigée)" if version == 2 else ""), None],
            ["Dépenses", "Montant € HT"],
            ["Dépenses de personnel (ergonomes, cheffe de projet – 130 jours)", 70000],
            ["Frais de déplacement et logistique", 12000],
            ["Achats de prestations (vidéo, graphisme, juriste)", 36000],
            ["Total des dépenses", 118000],
            [None, None],
            ["Ressources", "Montant"]]
    if version == 1:
        rows += [["Anact – Fabrique CTO", 92000], ["Autofinancement Ergo&Co", 26000], ["Total des ressources", 118000]]
    else:
        rows += [["Anact – Fabrique CTO", 78000], ["Région Sud – dispositif Innovation sociale (sollicité)", 14000],
                 ["Autofinancement Ergo&Co", 26000], ["Total des ressources", 118000]]
    ws_rows(ws, rows, widths=[64, 16], header_rows=(1, 2, 8), money_cols=(2,), bold_rows=(6, len(rows)))
    wb.properties.creator = "Vincent Fabre"
    return xlsx_bytes(wb)


def b717(cx: Cx):
    did = "B717"
    ids = cx.ids(did)
    who = ("Vincent Fabre", "v.fabre@ergoco-conseil.fr")
    when = d("2022-08-03T15:10:40+02:00")
    org = "Ergo&Co Conseil"
    acr = "PAYSAGES NUMÉRIQUES"
    title = "Applications de gestion de chantier et tablettes dans les PME du paysage : dialoguer sur les usages"
    doc = new_docx("PAYSAGES NUMÉRIQUES", "Vincent Fabre", when, font="Calibri", size=11)
    p_(doc, "PAYSAGES NUMÉRIQUES", bold=True, size=18, align="center")
    p_(doc, "Ergo&Co Conseil – candidature à l'AMI Fabrique CTO 2022", align="center")
    P = lambda t: p_(doc, t, bold=True, size=12.5)  # noqa: E731
    J = lambda t: p_(doc, t, align="justify")  # noqa: E731
    P("PARTIE 1 – CONTEXTE ET PROBLÉMATIQUE")
    J("Les 1 900 entreprises du paysage de la région Sud sont à 90 % des TPE-PME. En trois ans, la plupart se sont "
      "équipées d'applications de gestion de chantier : bons d'intervention sur tablette, géolocalisation des véhicules, "
      "photos de fin de chantier, suivi des heures. Les salariés – jardiniers, chefs d'équipe – y voient un outil de "
      "surveillance et de justification permanente ; les dirigeants, un moyen de facturer au plus juste.")
    J("Comment construire, dans des entreprises de 5 à 50 salariés, un dialogue entre dirigeants, chefs d'équipe et "
      "jardiniers sur ce que ces applications doivent tracer, et sur l'usage qui est fait des données ?")
    P("PARTIE 2 – OBJECTIFS ET PUBLICS")
    J("Objectifs : élaborer dans huit entreprises des règles d'usage négociées des applications ; outiller les chefs "
      "d'équipe pour porter la parole des équipes ; produire avec la branche des repères communs. Publics : jardiniers, "
      "chefs d'équipe, conducteurs de travaux et dirigeants de huit PME du paysage des Bouches-du-Rhône et du Var, "
      "représentants du personnel lorsqu'ils existent.")
    P("PARTIE 3 – MÉTHODE ET PHASAGE")
    J("Observation de journées de chantier et entretiens (deux ergonomes) ; ateliers « ce que l'application voit de "
      "notre travail » ; négociation de règles d'usage entre dirigeant et salariés ; journée de la branche. Phase 1 "
      "(octobre 2022 – janvier 2023) : observations. Phase 2 (février – juin 2023) : ateliers et règles d'usage. Phase 3 "
      "(septembre – novembre 2023) : repères de branche et journée de restitution. Fin du projet : novembre 2023.")
    P("PARTIE 4 – PILOTAGE")
    J("Comité de pilotage (Ergo&Co, Aract, Unep, lycée agricole, un représentant syndical) réuni quatre fois ; "
      "cheffe de projet : Nadia Benhamou, ergonome.")
    P("PARTIE 5 – RÉSULTATS ET SUITES")
    J("Huit chartes d'usage, un guide de repères pour la branche, des modules intégrés à la formation des futurs chefs "
      "d'équipe au lycée agricole d'Aix-Valabre. L'Unep diffusera les repères à ses adhérents au niveau national.")
    P("PARTIE 6 – PARTENAIRES")
    table(doc, [["Partenaire", "Apport"],
                ["Aract Provence-Alpes-Côte d'Azur", "Appui méthodologique, comité de pilotage"],
                ["Unep Provence-Alpes-Côte d'Azur", "Recrutement des entreprises, repères de branche, diffusion"],
                ["Lycée agricole d'Aix-Valabre", "Intégration des enseignements dans la formation des chefs d'équipe"],
                ["Union départementale CGT des Bouches-du-Rhône", "Participation au comité de pilotage, relais auprès des salariés"]],
          widths=[7, 9])
    p_(doc, "Le budget figure dans le fichier Excel joint.", italic=True)
    a1 = Att("PAYSAGES NUMERIQUES - dossier.docx", docx_bytes(doc))
    a2 = Att("Budget_v1.xlsx", _b717_budget(1))
    text = ("Bonjour,\n\nVeuillez trouver ci-joint notre dossier de candidature et le budget prévisionnel du projet "
            "PAYSAGES NUMÉRIQUES.\n\nBien cordialement,\n\nVincent Fabre\nGérant – Ergo&Co Conseil\n"
            "27 boulevard Longchamp – 13001 Marseille\n04 91 62 08 55\n")
    subj = "Candidature Fabrique CTO – PAYSAGES NUMÉRIQUES"
    mid = ids.mid("outlook", "ergoco-conseil.fr", when)
    eml = make_mail("outlook", ids, frm=who, subject=subj, when=when, mid=mid, text=text, atts=[a1, a2], crlf=True)
    msgs = [Sent(when, mid, eml, "submission", did)]
    w2 = d("2022-08-05T09:31:15+02:00")
    mid2 = ids.mid("outlook", "ergoco-conseil.fr", w2)
    a3 = Att("Budget_v2_corrigé.xlsx", _b717_budget(2))
    text2 = ("Bonjour,\n\n"
             "En relisant l'appel, nous nous apercevons que notre demande dépassait le plafond de 80 000 €. Nous ramenons "
             "la subvention sollicitée auprès de l'Anact à 78 000 € ; l'écart est couvert par une demande auprès de la "
             "Région Sud (14 000 €). Le budget corrigé ci-joint annule et remplace le précédent ; les dépenses sont "
             "inchangées.\n\nBien cordialement,\n\nVincent Fabre\nGérant – Ergo&Co Conseil\n"
             + quote_outlook("Vincent Fabre", "mercredi 3 août 2022 15:10", "fabrique@anact.fr", subj, _strip_markup(text)))
    eml2 = make_mail("outlook", ids, frm=who, subject="RE: " + subj, when=w2, mid=mid2, text=text2, atts=[a3],
                     in_reply_to=mid, references=[mid], crlf=True)
    msgs.append(Sent(w2, mid2, eml2, "reply", did))
    tr = dossier(
        did, msgs=msgs, applicant=who, org=org, title=title, acronym=acr, missing=[],
        budget=dict(total=118000, anact=78000, cofin=40000, personnel=70000, depl=12000, prest=36000),
        partners=["Aract Provence-Alpes-Côte d'Azur", "Unep Provence-Alpes-Côte d'Azur", "Lycée agricole d'Aix-Valabre",
                  "Union départementale CGT des Bouches-du-Rhône"],
        flags=[], optional_flags=["plafond_depasse"], end="2023-11-30",
        notes=["first budget asked 92 000 € from Anact (above the cap); corrected two days later in the same thread "
               "to 78 000 € with a Région Sud co-financing (plafond_depasse optional)",
               "headings as bold capital 'PARTIE n –' paragraphs"],
        meta=meta("cabinet", "docx_bold", "xlsx", "table_cat", "doc", "table", "outlook", {"num": "partie", "caps": True},
                  xlsx_variant="single", reply="corrected", roles=["corrected", "plafond_corr"],
                  attachments=[a1.filename, a2.filename, a3.filename], amounts="numeric cells"),
    )
    return tr, msgs


# ===========================================================================
# B718 — farm employers' group, Roundcube; PDF made by LibreOffice with lower-case headings and a budget by year;
#        no partner at all


def b718(cx: Cx):
    did = "B718"
    ids = cx.ids(did)
    who = ("Laurent Chabert", "l.chabert@agriemploi-da.fr")
    when = d("2022-08-14T19:02:26+02:00")
    org = "Groupement d'employeurs Agri'Emploi Drôme-Ardèche"
    acr = "SALARIÉS PARTAGÉS, OUTILS PARTAGÉS"
    title = "Applications de planification et de pointage pour les salariés agricoles partagés"
    doc = new_docx("Projet GE", "Laurent Chabert", when, font="Liberation Serif", size=11.5)
    header_footer(doc, None, "Agri'Emploi Drôme-Ardèche", page_numbers=True)
    p_(doc, "Salariés partagés, outils partagés", bold=True, size=17)
    p_(doc, "projet du groupement d'employeurs Agri'Emploi Drôme-Ardèche pour l'AMI de la Fabrique CTO", italic=True)
    H = lambda t: doc.add_heading(t, level=2)  # noqa: E731
    J = lambda t: p_(doc, t, align="justify")  # noqa: E731
    H("pourquoi ce projet")
    J("Notre groupement emploie 120 salariés mis à disposition de 60 exploitations adhérentes (arboriculture, "
      "viticulture, élevage). Depuis 2021, les plannings sont envoyés par une application et les heures pointées sur "
      "smartphone, exploitation par exploitation. Les salariés jonglent entre plusieurs employeurs utilisateurs, des "
      "consignes contradictoires et des modifications de planning de dernière minute.")
    H("la question")
    J("Qui décide des règles de l'application quand un salarié travaille pour cinq exploitants ? Comment organiser un "
      "dialogue entre le groupement, les exploitants et les salariés sur un outil qui les relie tous ?")
    H("objectifs")
    J("Définir des règles communes de planification et de modification des plannings ; simplifier le pointage ; donner "
      "aux salariés un droit de regard sur leurs données.")
    H("pour qui")
    J("Les 120 salariés partagés, les 60 exploitants utilisateurs, l'équipe administrative du groupement (4 personnes).")
    H("démarche")
    J("Entretiens avec des salariés et des exploitants par un cabinet spécialisé en organisation du travail agricole ; "
      "trois réunions de secteur mêlant salariés et exploitants ; test de nouvelles règles sur un secteur pendant une "
      "saison ; paramétrage de l'application en conséquence.")
    H("calendrier")
    table(doc, [["quand", "quoi"],
                ["octobre – décembre 2022", "entretiens"],
                ["janvier – mars 2023", "réunions de secteur, projet de règles"],
                ["avril – septembre 2023", "test sur le secteur de Tain-l'Hermitage (saison)"],
                ["octobre 2023", "bilan, fin du projet"]], widths=[6, 10])
    H("organisation")
    J("Un comité de suivi formé de trois membres du bureau du groupement et de trois salariés élus se réunit tous les deux "
      "mois. Le directeur du groupement conduit le projet.")
    H("résultats")
    J("Un règlement de planification annexé aux conventions de mise à disposition ; une application paramétrée selon ces "
      "règles ; un pointage simplifié.")
    H("après")
    J("Le règlement sera révisé chaque année en assemblée générale. La démarche pourra être proposée aux autres "
      "groupements d'employeurs agricoles de la région.")
    H("budget")
    table(doc, [["", "2022", "2023", "total"],
                ["personnel (direction, équipe administrative, temps des salariés)", eur(4000), eur(20000), eur(24000)],
                ["déplacements et logistique", eur(1000), eur(5000), eur(6000)],
                ["prestations (cabinet, paramétrage de l'application)", eur(3000), eur(11000), eur(14000)],
                ["total", eur(8000), eur(36000), eur(44000)]], widths=[8, 2.6, 2.6, 2.6], bold_last=True)
    J("Financement : Anact 35 000 € ; autofinancement du groupement (fonds propres) 9 000 €.")
    pdf = cx.office.convert(docx_bytes(doc), "Projet GE - Fabrique CTO.docx")
    a1 = Att("Projet GE - Fabrique CTO.pdf", pdf)
    text = ("Bonsoir,\n\nCi-joint notre projet pour l'appel de la Fabrique CTO.\n\nCordialement\n\nLaurent Chabert\n"
            "Directeur – Agri'Emploi Drôme-Ardèche\n04 75 07 62 33\n")
    mid = ids.mid("roundcube", "agriemploi-da.fr", when)
    eml = make_mail("roundcube", ids, frm=who, subject="Fabrique CTO", when=when, mid=mid, text=text, atts=[a1])
    msgs = [Sent(when, mid, eml, "submission", did)]
    tr = dossier(
        did, msgs=msgs, applicant=who, org=org, title=title, acronym=acr, missing=PARTNERS,
        budget=dict(total=44000, anact=35000, cofin=9000, personnel=24000, depl=6000, prest=14000),
        partners=[], flags=[], end="2023-10-31",
        notes=["no partner named anywhere (the unnamed consultancy is a supplier)",
               "co-financing 9 000 / 44 000 = 20,45 % (not flagged)",
               "lower-case headings; budget by year in the PDF made by LibreOffice"],
        meta=meta("groupement_employeurs", "pdf_report", "doc", "years", "none", "none", "roundcube",
                  {"num": "none", "lower": True}, roles=["cofi_edge"], attachments=[a1.filename],
                  pdf_renders=[(a1.filename, "libreoffice")], amounts="12 500 €"),
    )
    return tr, msgs


# ===========================================================================
# B719 — youth-employment association (mission locale), Gmail sent 23:41 on deadline day; DOCX with bold-paragraph
#        headings; one-sheet XLSX; the Aract's support letter is a scan (image-only PDF)


def b719(cx: Cx):
    did = "B719"
    ids = cx.ids(did)
    who = ("Aurélie Garnier", "a.garnier@ml-voironnais.org")
    when = d("2022-08-23T23:41:57+02:00")
    org = "Mission locale du Pays Voironnais"
    acr = "CONSEILLERS CONNECTÉS"
    title = "Dématérialisation de l'accompagnement des jeunes : remettre le travail des conseillers au cœur des outils"
    doc = new_docx("Dossier candidature", "agarnier", when, font="Calibri", size=11)
    p_(doc, "Mission locale du Pays Voironnais", bold=True, size=13)
    p_(doc, "Dossier de candidature – AMI Fabrique CTO – « Conseillers connectés »", bold=True, size=15)
    B = lambda t: p_(doc, t, bold=True, size=11.5)  # noqa: E731
    J = lambda t: p_(doc, t, align="justify")  # noqa: E731
    B("Le contexte")
    J("La Mission locale accompagne chaque année 2 300 jeunes de 16 à 25 ans. Depuis 2022, le nouveau système "
      "d'information national, la généralisation des rendez-vous en visio et l'application de messagerie avec les jeunes "
      "ont profondément changé le travail de nos 24 conseillers : multiplication des saisies, sollicitations des jeunes "
      "à toute heure, indicateurs de suivi des « contrats d'engagement » consultés chaque semaine par les financeurs.")
    B("Notre problématique")
    J("Les outils sont imposés par le réseau national et par l'État ; la marge de manœuvre locale porte sur leurs "
      "usages et sur l'organisation du travail. Comment en faire un objet de discussion entre conseillers, encadrement et "
      "représentants du personnel, sans que cela se réduise à une plainte contre l'outil ?")
    B("Les objectifs")
    J("Construire des règles collectives d'usage de la messagerie et de la visio ; réorganiser les temps de saisie ; "
      "rouvrir le dialogue avec le CSE sur les indicateurs.")
    B("Les publics")
    J("Les 24 conseillers et les 3 chargées d'accueil, l'équipe de direction, les élus du CSE ; indirectement, les "
      "jeunes accompagnés.")
    B("La méthode")
    J("Analyse de l'activité (observations, entretiens) par un cabinet d'ergonomie ; groupes de travail de conseillers ; "
      "expérimentation de nouvelles règles dans deux antennes (Voiron, Tullins) ; formation des managers ; restitution "
      "au CSE et au conseil d'administration.")
    B("Les étapes")
    bullets(doc, ["octobre – décembre 2022 : analyse de l'activité ;",
                  "janvier – mars 2023 : groupes de travail ;",
                  "avril – juillet 2023 : expérimentation dans deux antennes ;",
                  "septembre 2023 : bilan et fin du projet."])
    B("Le pilotage")
    J("Comité de pilotage (direction, deux conseillers, deux élus du CSE, Aract, Pôle emploi) toutes les six semaines ; "
      "référente projet : Aurélie Garnier, responsable de secteur.")
    B("Les résultats attendus")
    J("Une charte des usages numériques, des plages protégées sans saisie, une baisse des sollicitations hors horaires, "
      "des indicateurs discutés avec le CSE.")
    B("La pérennisation")
    J("La charte sera annexée au règlement intérieur et révisée chaque année ; l'Union régionale des missions locales "
      "sera destinataire de la démarche pour les autres missions locales.")
    B("Les partenaires")
    bullets(doc, [("Aract Auvergne-Rhône-Alpes", " : appui méthodologique, comité de pilotage (lettre de soutien jointe) ;"),
                  ("Pôle emploi Voiron", " : articulation avec les outils partagés du contrat d'engagement jeune ;"),
                  ("Union locale CGT de Voiron", " : appui aux élus du CSE.")])
    B("Le budget")
    J("Voir le tableau joint.")
    a1 = Att("Dossier candidature ML.docx", docx_bytes(doc))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Budget"
    ws_rows(ws, [["Poste", "Montant"],
                 ["Personnel (temps des conseillers en groupes de travail, référente projet)", 24600],
                 ["Déplacements et logistique", 2900],
                 ["Prestations (cabinet d'ergonomie, formation des managers)", 11500],
                 ["TOTAL", 39000],
                 [None, None],
                 ["Financement", "Montant"],
                 ["Anact", 29000],
                 ["Communauté d'agglomération du Pays Voironnais", 4000],
                 ["Fonds propres", 6000],
                 ["TOTAL", 39000]], widths=[66, 14], header_rows=(1, 7), money_cols=(2,), bold_rows=(5, 11))
    a2 = Att("Budget.xlsx", xlsx_bytes(wb))
    a3 = Att("Lettre soutien Aract.pdf", scan_pdf(
        ["Aract Auvergne-Rhône-Alpes", "Lyon, le 18 août 2022", "Objet : soutien à la candidature de la Mission locale du "
         "Pays Voironnais", "Madame, Monsieur,", "L'Aract Auvergne-Rhône-Alpes soutient le projet « Conseillers connectés » "
         "et participera à son comité de pilotage ; elle apportera un appui méthodologique aux groupes de travail.",
         "Veuillez agréer nos salutations distinguées.", "Le directeur"], seed=719, signature="x"))
    text = ("Bonsoir,\n\nVoici la candidature de la Mission locale du Pays Voironnais, in extremis ! Vous trouverez le "
            "dossier, le budget et la lettre de soutien de l'Aract.\n\nBien cordialement,\n\nAurélie Garnier\n"
            "Responsable de secteur – Mission locale du Pays Voironnais\n04 76 93 17 40\n")
    mid = ids.mid("gmail", "", when)
    eml = make_mail("gmail", ids, frm=who, subject="Candidature AMI Fabrique CTO - Mission locale Pays Voironnais",
                    when=when, mid=mid, text=text, atts=[a1, a2, a3])
    msgs = [Sent(when, mid, eml, "submission", did)]
    tr = dossier(
        did, msgs=msgs, applicant=who, org=org, title=title, acronym=acr, missing=[],
        budget=dict(total=39000, anact=29000, cofin=10000, personnel=24600, depl=2900, prest=11500),
        partners=["Aract Auvergne-Rhône-Alpes", "Pôle emploi Voiron", "Union locale CGT de Voiron"],
        flags=["document_illisible"], end="2023-09-30",
        notes=["sent 23 Aug 2022 23:41 +0200: on time", "support letter is a scan (image-only PDF), content duplicated in the DOCX",
               "headings are bold paragraphs, not styles"],
        meta=meta("asso", "docx_bold", "xlsx", "table_cat", "doc", "bullets", "gmail", {"num": "none", "bold_par": True},
                  xlsx_variant="single", roles=["ontime_edge", "scan_letter"],
                  attachments=[a1.filename, a2.filename, a3.filename], pdf_renders=[(a3.filename, "pillow_scan")],
                  amounts="numeric cells"),
    )
    return tr, msgs


# ===========================================================================
# B720 — training centre, Outlook with a UTC Date header (22:30 +0000 = 00:30 Paris, late); LibreOffice PDF with
#        capitalised headings; budget in prose "euros HT"; no phasing, no continuation; co-financing 14 %


def b720(cx: Cx):
    did = "B720"
    ids = cx.ids(did)
    who = ("Éric Dumont", "e.dumont@horizonspro-formation.fr")
    when = datetime(2022, 8, 23, 22, 30, 12, tzinfo=UTC)
    org = "Horizons Pro Formation"
    acr = "ALTERNANCE CONNECTÉE"
    title = "Livret d'apprentissage numérique et suivi à distance : un dialogue entre tuteurs, apprentis et formateurs"
    doc = new_docx("ALTERNANCE CONNECTEE", "edumont", when, font="Arial", size=10.5)
    header_footer(doc, "HORIZONS PRO FORMATION", None)
    p_(doc, "ALTERNANCE CONNECTÉE", bold=True, size=18)
    p_(doc, "Candidature d'Horizons Pro Formation (Amiens) à l'AMI de la Fabrique CTO", italic=True)
    H = lambda t: doc.add_heading(t, level=1)  # noqa: E731
    J = lambda t: p_(doc, t, align="justify")  # noqa: E731
    H("CONTEXTE")
    J("Horizons Pro Formation est un centre de formation d'apprentis (CFA) de 1 100 apprentis dans les métiers de la "
      "logistique, de la maintenance et du commerce. Depuis la réforme de 2018, le suivi de l'alternance passe par un "
      "livret d'apprentissage numérique, des visites à distance et une plateforme où formateurs et tuteurs doivent "
      "renseigner les progrès de l'apprenti.")
    H("PROBLÉMATIQUE")
    J("Les tuteurs en entreprise, souvent des salariés d'exécution sans temps dédié, ne remplissent pas le livret ; les "
      "formateurs relancent, compensent et saisissent à leur place ; les apprentis se retrouvent évalués sur des "
      "données incomplètes. Comment faire de l'outil un support de dialogue entre le centre de formation et les "
      "entreprises plutôt qu'une contrainte administrative ?")
    H("OBJECTIFS")
    J("Redéfinir avec les tuteurs et les formateurs ce qui doit être saisi, par qui et dans quel but ; obtenir des "
      "entreprises un temps de tutorat reconnu ; simplifier le livret.")
    H("PUBLICS")
    J("Les 45 formateurs du CFA, les tuteurs de 30 entreprises d'accueil (PME de la logistique et de la maintenance), "
      "leurs apprentis et les responsables RH de ces entreprises.")
    H("MÉTHODE")
    J("Entretiens croisés tuteur/apprenti/formateur ; ateliers de conception du livret avec un designer ; temps "
      "d'échange entre responsables RH des entreprises d'accueil et direction du CFA sur la reconnaissance du temps de "
      "tutorat ; test de la nouvelle version du livret sur deux filières.")
    H("PILOTAGE")
    J("Comité de pilotage réunissant la direction du CFA, trois formateurs, trois tuteurs, l'Aract et l'OPCO ; "
      "réunions trimestrielles. Chef de projet : Éric Dumont, responsable pédagogique.")
    H("RÉSULTATS ATTENDUS")
    J("Un livret simplifié co-construit ; un temps de tutorat formalisé dans au moins 20 entreprises ; une baisse des "
      "saisies faites par les formateurs à la place des tuteurs.")
    H("PARTENAIRES")
    J("Le projet est mené avec l'Aract Hauts-de-France, qui accompagnera la conception des ateliers et participera au "
      "comité de pilotage, et avec l'OPCO EP Hauts-de-France, qui mobilisera les entreprises d'accueil et "
      "participera au comité de pilotage.")
    H("BUDGET")
    J("Le budget total s'élève à 52 500 euros HT : 30 000 euros HT de dépenses de personnel (formateurs, chef de projet), "
      "4 500 euros HT de déplacements et de logistique et 18 000 euros HT de prestations (designer, entretiens). Nous "
      "sollicitons 45 000 euros auprès de l'Anact ; le solde, soit 7 500 euros, est autofinancé par le CFA.")
    J("Pour information, notre chiffre d'affaires 2021 s'élève à 8,4 M€ et le coût horaire moyen d'un formateur à 48 euros.")
    pdf = cx.office.convert(docx_bytes(doc), "HORIZONS PRO - PROJET.docx")
    a1 = Att("HORIZONS PRO - PROJET.pdf", pdf)
    text = ("Bonsoir,\n\nVeuillez trouver ci-joint notre candidature au titre de l'AMI Fabrique CTO.\n\nCordialement,\n\n"
            "Éric Dumont\nResponsable pédagogique\nHorizons Pro Formation – CFA\nAmiens\n")
    mid = ids.mid("outlook", "horizonspro-formation.fr", when)
    eml = make_mail("outlook", ids, frm=who, subject="AMI Fabrique CTO - candidature Horizons Pro Formation", when=when,
                    mid=mid, text=text, atts=[a1])
    msgs = [Sent(when, mid, eml, "submission", did)]
    tr = dossier(
        did, msgs=msgs, applicant=who, org=org, title=title, acronym=acr,
        missing=["description.phasage", "description.perennisation"],
        budget=dict(total=52500, anact=45000, cofin=7500, personnel=30000, depl=4500, prest=18000),
        partners=["Aract Hauts-de-France", "OPCO EP Hauts-de-France"],
        flags=["cofinancement_insuffisant", "hors_delai"], end=None,
        notes=["Date header 'Tue, 23 Aug 2022 22:30:12 +0000' = 24 Aug 00:30 Paris: late",
               "budget only in prose with 'euros HT'; co-financing 7 500 / 52 500 = 14,3 %",
               "distractors: turnover 8,4 M€, hourly cost of a trainer 48 euros",
               "no phasing and no continuation / dissemination anywhere; no dates, so no project end"],
        meta=meta("organisme_formation", "pdf_report", "doc", "prose", "doc", "prose", "outlook",
                  {"num": "none", "caps": True}, roles=["late_utc", "cofi14"], attachments=[a1.filename],
                  pdf_renders=[(a1.filename, "libreoffice")], amounts="12 500 euros HT"),
    )
    return tr, msgs


# ===========================================================================
# build

DOSSIERS = [b701, b702, b703, b704, b705, b706, b707, b708, b709, b710,
            b711, b712, b713, b714, b715, b716, b717, b718, b719, b720]


def build(out: Path, work: Path) -> dict:
    out = Path(out)
    work = Path(work) / "blind7-build"
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True, exist_ok=True)
    if (out / "mail").exists():
        shutil.rmtree(out / "mail")
    (out / "mail").mkdir(parents=True, exist_ok=True)
    office = Office(work)
    cx = Cx(office)
    dossiers, sent, skipped = [], [], []
    for fn in DOSSIERS:
        did = fn.__name__.upper()
        seen_before = set(cx.seen)
        try:
            tr, msgs = fn(cx)
        except NoSoffice:
            skipped.append(did)
            cx.seen = seen_before
            continue
        dossiers.append(tr)
        sent.extend(msgs)
    sent.sort(key=lambda m: (m.when.astimezone(UTC), m.mid))
    mids = [m.mid for m in sent]
    assert len(mids) == len(set(mids)), "duplicate Message-ID"
    messages = []
    for i, m in enumerate(sent, 1):
        fn = f"mail/{i:04d}.eml"
        (out / fn).write_bytes(m.eml)
        e = {"message_id": m.mid, "file": fn, "classification": m.classification, "dossier_id": m.dossier_id}
        if m.accept:
            e["accept"] = m.accept
        if m.related:
            e["related_dossier"] = m.related
        if m.note:
            e["note"] = m.note
        messages.append(e)
    import reportlab
    truth = {
        "schema": 1,
        "call": "fabrique-cto-2022",
        "generator": "blind set 7 — written independently of the project (real small organisations, own styles)",
        "deadline": "2022-08-23T23:59:59+02:00",
        "cap_eur": CAP,
        "project_end_limit": "2023-12-30",
        "pdf_renderers": {"libreoffice": office.version, "reportlab": f"reportlab {reportlab.Version}",
                          "pillow_scan": "image-only PDF written by Pillow",
                          "note": "meta.pdf_renders: which renderer drew each PDF an applicant sent"},
        "conventions": CONVENTIONS + SET_NOTES,
        "dossiers": dossiers,
        "messages": messages,
        "skipped": skipped,
    }
    (out / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
    return truth


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if not argv:
        print("usage: generate.py OUT_DIR [WORK_DIR]", file=sys.stderr)
        return 2
    out = Path(argv[0])
    work = Path(argv[1]) if len(argv) > 1 else out.parent / "work"
    t = build(out, work)
    print(f"{len(t['dossiers'])} dossiers, {len(t['messages'])} messages written to {out} (skipped: {t['skipped']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
