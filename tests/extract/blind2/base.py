"""Small shared helpers: the seeded random source, dates, money formats, deterministic zips."""
from __future__ import annotations

import calendar
import hashlib
import io
import os
import random
import zipfile
from datetime import date, datetime, timedelta, timezone

DEFAULT_SEED = 20220823

MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
          "octobre", "novembre", "décembre"]
MONTHS_ABBR = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.",
               "nov.", "déc."]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]
DAYS_EN = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def base_seed() -> int:
    raw = os.environ.get("BLIND2_SEED", "").strip()
    return int(raw) if raw.lstrip("-").isdigit() else DEFAULT_SEED


class Rand(random.Random):
    """random.Random with a few helpers; one per dossier, seeded from the set's seed and a label."""

    def __init__(self, seed: int, label: str):
        digest = hashlib.sha256(f"{seed}:{label}".encode()).digest()
        super().__init__(int.from_bytes(digest[:8], "big"))

    def chance(self, p: float) -> bool:
        return self.random() < p

    def pick(self, seq):
        return seq[self.randrange(len(seq))]

    def some(self, seq, k):
        return self.sample(list(seq), min(k, len(seq)))

    def hexid(self, n: int) -> str:
        return "".join(self.choice("0123456789abcdef") for _ in range(n))

    def upid(self, n: int) -> str:
        return "".join(self.choice("0123456789ABCDEF") for _ in range(n))

    def alnum(self, n: int) -> str:
        return "".join(self.choice("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") for _ in range(n))


# ---------------------------------------------------------------- dates

def month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def add_months(y: int, m: int, k: int) -> tuple[int, int]:
    i = y * 12 + (m - 1) + k
    return i // 12, i % 12 + 1


def month_label(y: int, m: int, style: str = "long") -> str:
    if style == "abbr":
        return f"{MONTHS_ABBR[m - 1]} {y}"
    if style == "num":
        return f"{m:02d}/{y}"
    if style == "en":
        return f"{MONTHS_EN[m - 1]} {y}"
    return f"{MONTHS[m - 1]} {y}"


def quarter_label(y: int, m: int) -> str:
    return f"T{(m - 1) // 3 + 1} {y}"


def paris(dt: datetime) -> datetime:
    """A naive Paris summer-time wall clock (the whole set lies in CEST or CET)."""
    off = 2 if 3 < dt.month < 11 else 1
    return dt.replace(tzinfo=timezone(timedelta(hours=off)))


def rfc2822(dt: datetime) -> str:
    off = dt.utcoffset() or timedelta(0)
    sign = "+" if off >= timedelta(0) else "-"
    mins = abs(int(off.total_seconds())) // 60
    return (f"{DAYS_EN[dt.weekday()]}, {dt.day:02d} {MONTHS_EN[dt.month - 1][:3]} {dt.year} "
            f"{dt:%H:%M:%S} {sign}{mins // 60:02d}{mins % 60:02d}")


# ---------------------------------------------------------------- money

NBSP, NNBSP = "\u00a0", "\u202f"


def group(n: int, sep: str) -> str:
    s = str(abs(n))
    parts = []
    while s:
        parts.append(s[-3:])
        s = s[:-3]
    return ("-" if n < 0 else "") + sep.join(reversed(parts))


def money(x: float, style: str = "fr", unit: str = " €") -> str:
    """Write an amount the way a given tool or person does.

    fr: 12 500 €   fr_nb: 12 500 € (no-break)   fr_nn: narrow no-break   fr_dec: 12 500,00 €
    dot: 12.500 €  dot_dec: 12.500,00   comma: 12,500   comma_dec: 12,500.00
    plain: 12500 €   k: 12,5 k€   eur: 12 500 EUR
    """
    neg = x < 0
    x = abs(x)
    cents = round(x * 100) % 100
    n = int(round(x * 100)) // 100
    if style == "k":
        k = x / 1000
        s = (f"{k:.2f}".rstrip("0").rstrip(".")).replace(".", ",")
        out = f"{s} k€"
    elif style == "knum":
        out = (f"{x / 1000:.2f}".rstrip("0").rstrip(".")).replace(".", ",")
    elif style == "fr":
        out = group(n, " ") + unit
    elif style == "fr_nb":
        out = group(n, NBSP) + unit.replace(" ", NBSP)
    elif style == "fr_nn":
        out = group(n, NNBSP) + unit.replace(" ", NNBSP)
    elif style == "fr_dec":
        out = f"{group(n, ' ')},{cents:02d}{unit}"
    elif style == "dot":
        out = group(n, ".") + unit
    elif style == "dot_dec":
        out = f"{group(n, '.')},{cents:02d}"
    elif style == "comma":
        out = group(n, ",")
    elif style == "comma_dec":
        out = f"{group(n, ',')}.{cents:02d}"
    elif style == "plain":
        out = f"{n}{unit}"
    elif style == "eur":
        out = group(n, " ") + " EUR"
    elif style == "bare":
        out = group(n, " ")
    else:
        raise ValueError(style)
    if neg:
        out = f"({out})" if style in ("comma_dec", "dot_dec", "comma") else "-" + out
    return out


def pct(x: float) -> str:
    v = round(x * 100, 1)
    return (f"{v:.1f}".rstrip("0").rstrip(".")).replace(".", ",") + " %"


# ---------------------------------------------------------------- zips

FIXED_ZIP_TIME = (2022, 8, 1, 9, 0, 0)


def freeze_zip(data: bytes, when: tuple = FIXED_ZIP_TIME) -> bytes:
    """Rewrite an Office zip with fixed member timestamps, so the same input gives the same bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=when)
            zi.compress_type = zipfile.ZIP_DEFLATED if info.filename != "mimetype" else zipfile.ZIP_STORED
            zi.external_attr = info.external_attr
            data = src.read(info.filename)
            if info.filename in ("docProps/core.xml", "meta.xml"):  # save times written by the libraries
                import re
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)", rb"\g<1>2022-08-01T09:00:00Z\2", data)
                data = re.sub(rb"(<meta:creation-date>|<dc:date>)[^<]*(<)", rb"\g<1>2022-08-01T09:00:00\2", data)
            if info.filename == "word/comments.xml":
                import re
                data = re.sub(rb'w:date="[^"]*"', b'w:date="2022-08-10T10:00:00Z"', data)
            dst.writestr(zi, data)
    return out.getvalue()
