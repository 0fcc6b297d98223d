"""Documents other than outlines: spreadsheets, letters of support, scans, protected PDFs, a
Keynote file, and the LibreOffice conversions (one soffice call per target format)."""
from __future__ import annotations

import io
import os
import random
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from .budget import CAT_LABELS, CATS, Budget
from .docgen import _fonts

# ============================================================================ LibreOffice


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


class Converter:
    """Collects conversions and runs one soffice call per target format, with a private profile."""

    def __init__(self, work: Path):
        self.work = work
        self.jobs: dict[str, list[tuple[str, bytes, str]]] = {}  # target -> [(stem, data, source ext)]

    def add(self, stem: str, data: bytes, src_ext: str, target: str) -> None:
        self.jobs.setdefault(target, []).append((stem, data, src_ext))

    def run(self) -> dict[tuple[str, str], bytes]:
        exe = soffice()
        out: dict[tuple[str, str], bytes] = {}
        if not exe or not self.jobs:
            return out
        profile = self.work / "lo-profile"
        for target, jobs in self.jobs.items():
            src = self.work / f"in-{target.split(':')[0]}"
            dst = self.work / f"out-{target.split(':')[0]}"
            src.mkdir(parents=True, exist_ok=True)
            dst.mkdir(parents=True, exist_ok=True)
            files = []
            for stem, data, ext in jobs:
                p = src / f"{stem}.{ext}"
                p.write_bytes(data)
                files.append(str(p))
            cmd = [exe, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                   "--convert-to", target, "--outdir", str(dst)] + files
            subprocess.run(cmd, check=False, capture_output=True, timeout=240,
                           env={**os.environ, "HOME": str(self.work)})
            ext = target.split(":")[0]
            for stem, _, _ in jobs:
                p = dst / f"{stem}.{ext}"
                if p.exists():
                    out[(stem, ext)] = p.read_bytes()
        return out


def fixed_zip(data: bytes) -> bytes:
    """The same bytes on every run: fixed entry times and fixed creation dates in docProps/core.xml."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            raw = src.read(item.filename)
            if item.filename == "docProps/core.xml":
                raw = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*", rb"\g<1>2022-08-01T09:00:00Z", raw)
            info = zipfile.ZipInfo(item.filename, date_time=(2022, 8, 1, 9, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = item.external_attr
            dst.writestr(info, raw)
    return out.getvalue()


# ============================================================================ XLSX
def xlsx_multi(b: Budget, title: str, money_fmt: str = '#,##0 "€"', partners: list | None = None,
               qty_formulas: bool = True, cached: bool = False) -> bytes:
    """Synthèse / Dépenses / Ressources (/ Partenaires) with formulas; with `cached`, each formula
    also holds its value, as Excel saves it (openpyxl alone writes none)."""
    import openpyxl
    from openpyxl.styles import Font, PatternFill

    wb = openpyxl.Workbook()
    syn = wb.active
    syn.title = "Synthèse"
    dep = wb.create_sheet("Dépenses")
    res = wb.create_sheet("Ressources")
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    dep.append(["Catégorie", "Poste", "Quantité", "Coût unitaire", "Montant"])
    for c in dep[1]:
        c.font = bold
        c.fill = fill
    sub_rows = []
    vals: dict[int, dict[str, float]] = {0: {}, 1: {}, 2: {}}
    for cat in CATS + ["autres"]:
        ls = b.of(cat)
        if not ls:
            continue
        first = dep.max_row + 1
        for l_ in ls:
            r = dep.max_row + 1
            if l_.qty is not None:
                dep.append([CAT_LABELS[cat][0], l_.label, l_.qty, l_.rate,
                            f"=C{r}*D{r}" if qty_formulas else l_.amount])
                vals[1][f"E{r}"] = l_.amount
            else:
                dep.append([CAT_LABELS[cat][0], l_.label, None, None, l_.amount])
        last = dep.max_row
        dep.append([None, f"Sous-total {CAT_LABELS[cat][0].lower()}", None, None, f"=SUM(E{first}:E{last})"])
        vals[1][f"E{dep.max_row}"] = sum(l_.amount for l_ in ls)
        dep.cell(dep.max_row, 2).font = bold
        sub_rows.append(dep.max_row)
    dep.append([None, "TOTAL DES DÉPENSES", None, None, "=" + "+".join(f"E{r}" for r in sub_rows)])
    total_row = dep.max_row
    vals[1][f"E{total_row}"] = b.total
    dep.cell(total_row, 2).font = bold
    for row in dep.iter_rows(min_row=2, min_col=4, max_col=5):
        for c in row:
            c.number_format = money_fmt
    dep.column_dimensions["A"].width = 28
    dep.column_dimensions["B"].width = 52
    dep.column_dimensions["E"].width = 14

    res.append(["Financeur", "Nature", "Statut", "Montant", "Part du total"])
    for c in res[1]:
        c.font = bold
        c.fill = fill
    for r in b.resources:
        i = res.max_row + 1
        res.append([r.label, r.nature if r.nature != "anact" else "subvention", r.status, r.amount,
                    f"=D{i}/'Dépenses'!E{total_row}"])
        vals[2][f"E{i}"] = r.amount / b.total
    last = res.max_row
    res.append(["Total des ressources", None, None, f"=SUM(D2:D{last})", f"=SUM(E2:E{last})"])
    vals[2][f"D{res.max_row}"] = sum(r.amount for r in b.resources)
    vals[2][f"E{res.max_row}"] = sum(r.amount for r in b.resources) / b.total
    for row in res.iter_rows(min_row=2, min_col=4, max_col=4):
        for c in row:
            c.number_format = money_fmt
    for row in res.iter_rows(min_row=2, min_col=5, max_col=5):
        for c in row:
            c.number_format = "0.0%"
    res.column_dimensions["A"].width = 44

    syn["A1"] = title
    syn["A1"].font = Font(bold=True, size=14)
    syn["A3"] = "Coût total du projet"
    syn["B3"] = f"='Dépenses'!E{total_row}"
    syn["A4"] = "Montant demandé à l'Anact"
    anact_rows = [i for i, r in enumerate(b.resources, 2) if r.nature == "anact"]
    syn["B4"] = f"=Ressources!D{anact_rows[0]}"
    syn["A5"] = "Cofinancements"
    syn["B5"] = f"=B3-B4"
    syn["A6"] = "Taux de cofinancement"
    syn["B6"] = "=B5/B3"
    vals[0].update({"B3": b.total, "B4": b.anact, "B5": b.total - b.anact, "B6": (b.total - b.anact) / b.total})
    syn["B6"].number_format = "0%"
    for c in ("B3", "B4", "B5"):
        syn[c].number_format = money_fmt
    syn.column_dimensions["A"].width = 34
    syn.column_dimensions["B"].width = 16
    if partners:
        ps = wb.create_sheet("Partenaires")
        ps.append(["Structure", "Type", "Apport au projet"])
        for c in ps[1]:
            c.font = bold
        for name, kind, contrib in partners:
            ps.append([name, kind, contrib])
        ps.column_dimensions["A"].width = 46
        ps.column_dimensions["C"].width = 60
    buf = io.BytesIO()
    wb.save(buf)
    return fixed_zip(with_cached_values(buf.getvalue(), vals) if cached else buf.getvalue())


def with_cached_values(data: bytes, values: dict[int, dict[str, float]]) -> bytes:
    """Write each formula's value next to it (<f>..</f><v>value</v>), sheet by sheet (0-based index)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            raw = src.read(item.filename)
            m = re.fullmatch(r"xl/worksheets/sheet(\d+)\.xml", item.filename)
            if m and values.get(int(m.group(1)) - 1):
                xml = raw.decode("utf-8")
                for coord, v in values[int(m.group(1)) - 1].items():
                    xml = re.sub(rf'(<c r="{coord}"[^>]*><f>[^<]*</f>)<v\s*/?>(</v>)?', rf"\g<1><v>{v:g}</v>", xml)
                raw = xml.encode("utf-8")
            dst.writestr(item, raw)
    return out.getvalue()


def xlsx_flat_text(b: Budget, money, title: str) -> bytes:
    """One sheet, amounts typed as text ("12 500 €"), a blank column and a merged title."""
    import openpyxl
    from openpyxl.styles import Font

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Budget"
    ws["A1"] = f"BUDGET PRÉVISIONNEL – {title}"
    ws["A1"].font = Font(bold=True, size=13)
    ws.merge_cells("A1:D1")
    ws.append([])
    ws.append(["Dépenses", None, "Montant"])
    for cat in CATS + ["autres"]:
        for l_ in b.of(cat):
            ws.append([l_.label, None, money(l_.amount)])
    ws.append(["Total dépenses", None, money(b.total)])
    ws.append([])
    ws.append(["Recettes", None, "Montant"])
    for r in b.resources:
        ws.append([r.label, r.status, money(r.amount)])
    ws.append(["Total recettes", None, money(b.total)])
    ws.column_dimensions["A"].width = 55
    buf = io.BytesIO()
    wb.save(buf)
    return fixed_zip(buf.getvalue())


def xlsx_form(fields: list[tuple[str, str]], b: Budget | None, partners: list | None, title: str) -> bytes:
    """A whole application in a workbook: 'Fiche projet' (label | answer), 'Budget', 'Partenaires'."""
    import openpyxl
    from openpyxl.styles import Alignment, Font

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Fiche projet"
    ws["A1"] = "APPEL À MANIFESTATION D'INTÉRÊT – FABRIQUE CTO"
    ws["A1"].font = Font(bold=True, size=13)
    ws["A2"] = title
    ws.append([])
    for label, text in fields:
        ws.append([label, text])
        ws.cell(ws.max_row, 1).font = Font(bold=True)
        ws.cell(ws.max_row, 2).alignment = Alignment(wrap_text=True, vertical="top")
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 110
    if b is not None:
        bs = wb.create_sheet("Budget")
        bs.append(["Poste", "Catégorie", "Montant (€)"])
        for l_ in b.lines:
            bs.append([l_.label, CAT_LABELS[l_.category][0], l_.amount])
        n = bs.max_row
        bs.append(["Total", None, f"=SUM(C2:C{n})"])
        bs.append([])
        bs.append(["Financement", "Nature", "Montant (€)"])
        first = bs.max_row + 1
        for r in b.resources:
            bs.append([r.label, r.nature, r.amount])
        bs.append(["Total", None, f"=SUM(C{first}:C{bs.max_row})"])
        bs.column_dimensions["A"].width = 50
    if partners:
        ps = wb.create_sheet("Partenaires")
        ps.append(["Partenaire", "Contribution"])
        for name, contrib in partners:
            ps.append([name, contrib])
        ps.column_dimensions["A"].width = 45
        ps.column_dimensions["B"].width = 70
    buf = io.BytesIO()
    wb.save(buf)
    return fixed_zip(buf.getvalue())


# ============================================================================ letters, scans, protected files
def letter_lines(partner: str, signer: str, role: str, applicant: str, acronym: str, contribution: str,
                 city: str, date: str) -> list[str]:
    return [partner, "", f"{city}, le {date}", "", "À l'attention de l'Anact – La Fabrique CTO", "",
            f"Objet : soutien au projet {acronym} porté par {applicant}", "", "Madame, Monsieur,", "",
            f"Par la présente, {partner} apporte son soutien au projet {acronym} présenté par {applicant} dans le "
            "cadre de l'appel à manifestation d'intérêt de la Fabrique CTO.",
            f"Nous nous engageons à y contribuer par : {contribution}.",
            "Nous restons à votre disposition pour tout complément.", "",
            "Veuillez agréer, Madame, Monsieur, l'expression de nos salutations distinguées.", "", signer, role]


def letter_pdf(lines: list[str]) -> bytes:
    _fonts()
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import cm
    from reportlab.pdfgen import canvas
    from reportlab.lib.utils import simpleSplit

    from reportlab import rl_config
    rl_config.invariant = 1
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    y = A4[1] - 2.5 * cm
    c.setFont("DVSe-B", 13)
    c.drawString(2.5 * cm, y, lines[0])
    y -= 1.2 * cm
    c.setFont("DVSe", 10.5)
    for line in lines[1:]:
        for part in simpleSplit(line, "DVSe", 10.5, A4[0] - 5 * cm) or [""]:
            c.drawString(2.5 * cm, y, part)
            y -= 14
    c.showPage()
    c.save()
    return buf.getvalue()


def scan_image(lines: list[str], seed: int, fmt: str = "JPEG"):
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    rng = random.Random(seed)
    w, h = 1240, 1754
    img = Image.new("L", (w, h), 245)
    d = ImageDraw.Draw(img)
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf", 24)
    bold = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf", 30)
    y = 150
    for i, line in enumerate(lines):
        words, cur = line.split(" "), ""
        for word in words:
            if d.textlength(cur + " " + word, font=font) > w - 300 and cur:
                d.text((150, y), cur.strip(), fill=30, font=bold if i == 0 else font)
                y += 36
                cur = ""
            cur += " " + word
        d.text((150, y), cur.strip(), fill=30, font=bold if i == 0 else font)
        y += 40 if line else 24
    for _ in range(1500):
        d.point((rng.randrange(w), rng.randrange(h)), fill=rng.randrange(120, 200))
    img = img.rotate(rng.uniform(-1.2, 1.2), fillcolor=235, resample=Image.BICUBIC)
    img = img.filter(ImageFilter.GaussianBlur(0.6))
    buf = io.BytesIO()
    img.convert("RGB").save(buf, fmt, quality=70)
    return buf.getvalue()


def scan_pdf(lines: list[str], seed: int) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    from reportlab import rl_config
    rl_config.invariant = 1
    jpg = scan_image(lines, seed)
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.drawImage(ImageReader(io.BytesIO(jpg)), 0, 0, A4[0], A4[1])
    c.showPage()
    c.save()
    return buf.getvalue()


def encrypted_pdf(outline, password: str) -> bytes:
    """A report a reader can open only with the password (reportlab standard encryption)."""
    _fonts()
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.lib.units import cm
    from reportlab.pdfgen import canvas
    from reportlab.lib.utils import simpleSplit

    from reportlab import rl_config
    rl_config.invariant = 1
    buf = io.BytesIO()
    enc = StandardEncryption(password, ownerPassword=password + "-owner", canPrint=1, canModify=0)
    c = canvas.Canvas(buf, pagesize=A4, encrypt=enc)
    y = A4[1] - 2 * cm
    for b in outline:
        rows = [b[1]] if b[0] == "p" else ([" | ".join(r) for r in b[1]] if b[0] == "table" else [])
        for row in rows:
            for part in simpleSplit(row, "DVS", 10, A4[0] - 4 * cm):
                c.setFont("DVS", 10)
                c.drawString(2 * cm, y, part)
                y -= 14
                if y < 2 * cm:
                    c.showPage()
                    y = A4[1] - 2 * cm
    c.showPage()
    c.save()
    return buf.getvalue()


def keynote_file(seed: int) -> bytes:
    """What a Keynote document looks like to anyone without Keynote: a zip of IWA protobuf chunks."""
    rng = random.Random(seed)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        for name, data in [("Index/Document.iwa", bytes(rng.randrange(256) for _ in range(6000))),
                           ("Index/Slide.iwa", bytes(rng.randrange(256) for _ in range(3000))),
                           ("Metadata/Properties.plist",
                            b"<?xml version=\"1.0\"?><plist version=\"1.0\"><dict/></plist>"),
                           ("Metadata/DocumentIdentifier", b"6F1C2B7E-4A1D-4B55-9A3E-2C0F5B6D7E81")]:
            z.writestr(zipfile.ZipInfo(name, date_time=(2022, 8, 4, 18, 0, 0)), data)
    return buf.getvalue()


def logo_png(seed: int, text: str) -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    rng = random.Random(seed)
    img = Image.new("RGB", (180, 60), (255, 255, 255))
    d = ImageDraw.Draw(img)
    d.rectangle((0, 0, 50, 59), fill=(rng.randrange(40, 200), rng.randrange(40, 200), rng.randrange(40, 200)))
    d.text((58, 20), text[:14], fill=(40, 40, 40), font=ImageFont.truetype(
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", 14))
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def scratch() -> Path:
    return Path(tempfile.mkdtemp(prefix="blind-gen-"))
