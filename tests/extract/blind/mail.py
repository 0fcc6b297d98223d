"""Mails as the clients of French applicants really write them: Exchange Online / Outlook (UTC
dates, related inline logo, cells on their own lines in text/plain), Outlook for Mac, Gmail (with or
without a text part, quoted history), Apple Mail (PDF inline between two HTML parts), Thunderbird
(format=flowed), Zimbra, Roundcube, SOGo, Orange webmail, iPhone."""
from __future__ import annotations

import html
import random
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from email import charset as _charset
from email.header import Header
from email.message import Message
from email.mime.application import MIMEApplication
from email.mime.base import MIMEBase
from email.mime.image import MIMEImage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import format_datetime, formataddr

from .docgen import html_to_plain

ANACT = "fabrique@anact.fr"

QP = _charset.Charset("utf-8")
QP.header_encoding = _charset.QP
QP.body_encoding = _charset.QP
B64 = _charset.Charset("utf-8")
B64.body_encoding = _charset.BASE64
B64.header_encoding = _charset.BASE64

CTYPES = {"pdf": ("application", "pdf"), "docx": ("application", "vnd.openxmlformats-officedocument."
                                                                  "wordprocessingml.document"),
          "xlsx": ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
          "odt": ("application", "vnd.oasis.opendocument.text"), "doc": ("application", "msword"),
          "jpg": ("image", "jpeg"), "png": ("image", "png"), "key": ("application", "x-iwork-keynote-sffkey")}


@dataclass
class Att:
    filename: str
    data: bytes
    inline: bool = False
    cid: str | None = None
    octet: bool = False   # sent as application/octet-stream (some webmails do)

    @property
    def ext(self) -> str:
        return self.filename.rsplit(".", 1)[-1].lower()


def msgid(rng: random.Random, client: str, domain: str, when: datetime) -> str:
    hx = lambda n: "".join(rng.choice("0123456789ABCDEF") for _ in range(n))  # noqa: E731
    ts = int(when.timestamp())
    if client == "outlook":
        box = rng.choice(["PAXP193MB", "DB9PR01MB", "PR1P264MB", "MRZP264MB", "AM6PR02MB"])
        n = rng.randrange(1000, 9999)
        return f"<{box}{n}{hx(28)}@{box}{n}.EURP193.PROD.OUTLOOK.COM>"
    if client in ("gmail", "gmail_html"):
        alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-+="
        return "<CA" + "".join(rng.choice(alphabet) for _ in range(44)) + "@mail.gmail.com>"
    if client in ("apple", "outlook_mac", "iphone"):
        return f"<{uuid.UUID(int=rng.getrandbits(128))}@{domain}>".upper().replace("@" + domain.upper(), "@" + domain)
    if client == "zimbra":
        return f"<{rng.randrange(10**8, 10**9)}.{rng.randrange(10**6, 10**8)}.{ts}{rng.randrange(100, 999)}" \
               f".JavaMail.zimbra@{domain}>"
    if client == "orange":
        return f"<{rng.randrange(10**8, 10**9)}.{rng.randrange(10**5, 10**6)}.{ts}{rng.randrange(100, 999)}" \
               f"@wwinf2{rng.randrange(100, 299)}>"
    if client == "sogo":
        return f"<{hx(8).lower()}-{hx(4).lower()}-{hx(4).lower()}@{domain}>"
    if client == "roundcube":
        return f"<{hx(32).lower()}@{domain}>"
    return f"<{uuid.UUID(int=rng.getrandbits(128))}@{domain}>"


def _text(text: str, subtype: str = "plain", flowed: bool = False, b64: bool = False) -> MIMEText:
    p = MIMEText(text, subtype, B64 if b64 else QP)
    if flowed:
        p.set_param("format", "flowed")
    return p


def _att(a: Att, style: str) -> MIMEBase:
    maintype, subtype = ("application", "octet-stream") if a.octet else CTYPES.get(a.ext, ("application",
                                                                                         "octet-stream"))
    if maintype == "image":
        p = MIMEImage(a.data, subtype)
    else:
        p = MIMEApplication(a.data, subtype) if maintype == "application" else MIMEBase(maintype, subtype)
    disp = "inline" if a.inline else "attachment"
    ascii_name = all(ord(c) < 128 for c in a.filename)
    if style == "rfc2047" and not ascii_name:
        enc = Header(a.filename, B64).encode()
        p.set_param("name", enc)
        p.add_header("Content-Disposition", disp, filename=enc)
    elif ascii_name:
        p.set_param("name", a.filename)
        p.add_header("Content-Disposition", disp, filename=a.filename)
    else:
        p.set_param("name", ("utf-8", "", a.filename))
        p.add_header("Content-Disposition", disp, filename=("utf-8", "", a.filename))
    if a.cid:
        p.add_header("Content-ID", f"<{a.cid}>")
    return p


def _html_doc(fragment: str, client: str) -> str:
    if client == "outlook" or client == "outlook_mac":
        return ('<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:'
                'word"><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><style><!--'
                'p.MsoNormal{margin:0cm;font-size:11.0pt;font-family:"Calibri",sans-serif;}--></style></head>'
                f'<body lang="FR" link="#0563C1" style="word-wrap:break-word"><div class="WordSection1">{fragment}'
                '</div></body></html>')
    if client in ("gmail", "gmail_html"):
        return f'<div dir="ltr">{fragment}</div>'
    if client == "apple":
        return f'<html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"></head>' \
               f'<body style="word-wrap: break-word; -webkit-nbsp-mode: space; line-break: after-white-space;">' \
               f'{fragment}</body></html>'
    return f"<html><head></head><body>{fragment}</body></html>"


def text_to_html(text: str, client: str) -> str:
    tag = {"outlook": ('<p class="MsoNormal">', "</p>"), "outlook_mac": ('<p class="MsoNormal">', "</p>")}.get(
        client, ("<div>", "</div>"))
    out = []
    for line in text.split("\n"):
        out.append(f"{tag[0]}{html.escape(line) if line.strip() else '<br>'}{tag[1]}")
    return "".join(out)


def build(client: str, *, sender: tuple[str, str], subject: str, when: datetime, mid: str, text: str | None = None,
          html_fragment: str | None = None, atts: list[Att] = (), rng: random.Random, to: str = ANACT,
          cc: str | None = None, in_reply_to: str | None = None, references: str | None = None,
          extra: dict | None = None, quoted_html: str | None = None, logo: bytes | None = None,
          inline_between: tuple[str, str] | None = None) -> bytes:
    """One mail. `text` is the body as typed; `html_fragment` replaces the HTML made from it;
    `quoted_html` is Gmail's quoted history; `logo` an inline signature image (Outlook)."""
    name, addr = sender
    domain = addr.split("@")[1]
    if html_fragment is None and text is not None:
        html_fragment = text_to_html(text, client)
    if text is None and html_fragment is not None:
        text = html_to_plain(html_fragment)
    style = "rfc2047" if client in ("outlook", "zimbra", "orange") else "rfc2231"
    flowed = client in ("thunderbird", "roundcube", "apple", "iphone")

    if client == "gmail_html":
        body = _text(_html_doc(html_fragment + (quoted_html or ""), client), "html")
    elif client in ("thunderbird", "iphone") and not inline_between:
        body = _text(text, flowed=flowed)
    elif client == "apple" and inline_between:
        alt = MIMEMultipart("alternative")
        alt.attach(_text(text + "\n" + inline_between[1], flowed=True))
        mixed = MIMEMultipart("mixed")
        mixed.attach(_text(_html_doc(text_to_html(text, client), client), "html"))
        for a in atts:
            mixed.attach(_att(Att(a.filename, a.data, inline=True), style))
        mixed.attach(_text(_html_doc(text_to_html(inline_between[1], client), client), "html"))
        alt.attach(mixed)
        body = alt
        atts = []
    else:
        alt = MIMEMultipart("alternative")
        alt.attach(_text(text + ("\n" + html_to_plain(quoted_html) if quoted_html else ""), flowed=flowed))
        alt.attach(_text(_html_doc(html_fragment + (quoted_html or ""), client), "html"))
        body = alt
        if logo is not None:
            rel = MIMEMultipart("related")
            rel.attach(alt)
            rel.attach(_att(Att("image001.png", logo, inline=True, cid="image001.png@01D8B2C4.5E3A1F20"), style))
            body = rel
    if atts:
        msg = MIMEMultipart("mixed")
        msg.attach(body)
        for a in atts:
            msg.attach(_att(a, style))
    else:
        msg = body

    hdr = []
    relay = {"outlook": "EUR05-AM6-obe.outbound.protection.outlook.com", "gmail": "mail-wr1-f54.google.com",
             "gmail_html": "mail-ej1-f41.google.com"}.get(client, f"smtp.{domain}")
    hdr.append(("Received", f"from {relay} ({relay} [{rng.randrange(20, 220)}.{rng.randrange(256)}."
                            f"{rng.randrange(256)}.{rng.randrange(1, 255)}]) by mx1.anact.fr (Postfix) with ESMTPS id "
                            f"{rng.getrandbits(40):X} for <{to}>; {format_datetime(when)}"))
    date = when.astimezone(timezone.utc) if client == "outlook" else when
    hdr += [("From", formataddr((str(Header(name, QP)) if any(ord(c) > 127 for c in name) else name, addr))
             if name else addr), ("To", to)]
    if cc:
        hdr.append(("Cc", cc))
    hdr += [("Subject", Header(subject, QP).encode() if any(ord(c) > 127 for c in subject) else subject),
            ("Date", format_datetime(date)), ("Message-ID", mid)]
    if in_reply_to:
        hdr.append(("In-Reply-To", in_reply_to))
    if references or in_reply_to:
        hdr.append(("References", references or in_reply_to))
    ua = {"outlook": None, "outlook_mac": ("User-Agent", "Microsoft-MacOutlook/16.63.22070801"),
          "thunderbird": ("User-Agent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:91.0) Gecko/20100101 "
                                        "Thunderbird/91.12.0"),
          "apple": ("X-Mailer", "Apple Mail (2.3696.120.41.1.1)"), "iphone": ("X-Mailer", "iPhone Mail (19G82)"),
          "zimbra": ("X-Mailer", "Zimbra 8.8.15_GA_4372 (ZimbraWebClient - FF103 (Linux)/8.8.15_GA_4372)"),
          "roundcube": ("User-Agent", "Roundcube Webmail/1.5.3"), "sogo": ("User-Agent", "SOGoMail 5.7.1"),
          "orange": ("X-Mailer", "Webmail Orange")}.get(client)
    if ua:
        hdr.append(ua)
    if client == "outlook":
        hdr += [("Thread-Topic", subject if all(ord(c) < 128 for c in subject) else Header(subject, QP).encode()),
                ("Thread-Index", "AdiY" + "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefgh0123456789")
                                                  for _ in range(24)) + "=="),
                ("Accept-Language", "fr-FR, en-US"), ("Content-Language", "fr-FR"),
                ("X-MS-Has-Attach", "yes" if atts else ""), ("X-MS-TNEF-Correlator", "")]
    for k, v in (extra or {}).items():
        hdr.append((k, v))
    for k, v in hdr:
        msg[k] = v
    if client == "apple":
        del msg["MIME-Version"]
        msg["Mime-Version"] = "1.0 (Mac OS X Mail 15.0 \\(3693.60.0.1.1\\))"
    _boundaries(msg, client, rng)
    # headers first, in the order a client writes them
    items = msg._headers
    front = [h for h in items if h[0] in {k for k, _ in hdr} | {"Mime-Version"}]
    back = [h for h in items if h not in front]
    msg._headers = front + back
    return msg.as_bytes()


def _boundaries(msg, client: str, rng: random.Random) -> None:
    """Deterministic boundaries in each client's own pattern."""
    hx = lambda n: "".join(rng.choice("0123456789abcdef") for _ in range(n))  # noqa: E731
    for part in msg.walk():
        if not part.is_multipart():
            continue
        if client == "outlook":
            b = f"_00{rng.randrange(10)}_PAXP193MB{rng.randrange(1000, 9999)}{hx(12).upper()}_"
        elif client in ("gmail", "gmail_html"):
            b = "0000000000" + hx(16)
        elif client in ("apple", "iphone"):
            b = f"Apple-Mail={uuid.UUID(int=rng.getrandbits(128))}".upper().replace("APPLE-MAIL", "Apple-Mail")
        elif client in ("thunderbird",):
            b = "------------" + "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") for _ in range(24))
        else:
            b = f"=_{hx(32)}"
        part.set_boundary(b)


def gmail_quote(when_text: str, who: str, addr: str, body_html: str) -> str:
    return (f'<br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">{html.escape(when_text)}, '
            f'{html.escape(who)} &lt;<a href="mailto:{addr}">{addr}</a>&gt; a écrit&nbsp;:<br></div>'
            f'<blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid '
            f'rgb(204,204,204);padding-left:1ex">{body_html}</blockquote></div>')


def dsn(*, when: datetime, mid: str, original_to: str, original_subject: str, original_mid: str,
        rng: random.Random) -> bytes:
    """A Postfix delivery-status notification about a mail the intake service sent."""
    msg = MIMEMultipart("report", report_type="delivery-status")
    msg.attach(MIMEText("This is the mail system at host mx1.anact.fr.\n\nI'm sorry to have to inform you that your "
                        "message could not\nbe delivered to one or more recipients.\n\n"
                        f"<{original_to}>: host mx.{original_to.split('@')[1]} said: 550 5.1.1 <{original_to}>: "
                        "Recipient address rejected: User unknown in virtual mailbox table\n", "plain", "us-ascii"))
    status = MIMEBase("message", "delivery-status")
    per_message, per_recipient = Message(), Message()
    per_message["Reporting-MTA"] = "dns; mx1.anact.fr"
    per_message["Arrival-Date"] = format_datetime(when)
    for k, v in [("Final-Recipient", f"rfc822; {original_to}"), ("Action", "failed"), ("Status", "5.1.1"),
                 ("Diagnostic-Code", "smtp; 550 5.1.1 User unknown")]:
        per_recipient[k] = v
    status.set_payload([per_message, per_recipient])
    msg.attach(status)
    headers = MIMEBase("text", "rfc822-headers")
    subject = Header(original_subject, QP).encode()
    headers.set_payload(f"From: Fabrique CTO <{ANACT}>\nTo: {original_to}\nSubject: {subject}\n"
                        f"Message-ID: {original_mid}\nAuto-Submitted: auto-replied\n")
    msg.attach(headers)
    msg["Received"] = f"by mx1.anact.fr (Postfix) id {rng.getrandbits(40):X}; {format_datetime(when)}"
    msg["From"] = "MAILER-DAEMON@mx1.anact.fr (Mail Delivery System)"
    msg["To"] = ANACT
    msg["Subject"] = "Undelivered Mail Returned to Sender"
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = mid
    msg["Auto-Submitted"] = "auto-replied"
    msg.set_boundary(f"{rng.getrandbits(40):X}.{int(when.timestamp())}/mx1.anact.fr")
    return msg.as_bytes()
