"""Spreadsheets (openpyxl, odfpy), letters of support, zip bundles, files no reader opens, and the
LibreOffice batch (one soffice call per target format, with a private profile)."""
from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

from .base import freeze_zip, money
from .docs import Doc
from .world import org_prep
from .money import CAT_TITLE, CATS, Budget


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def soffice_version() -> str | None:
    exe = soffice()
    if not exe:
        return None
    try:
        out = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=60).stdout.strip()
        return out or None
    except (OSError, subprocess.SubprocessError):
        return None


FILTERS = {"pdf": "pdf", "doc": "doc:MS Word 97", "odt": "odt", "xlsx": "xlsx:Calc MS Excel 2007 XML"}


def convert_batch(jobs: list[tuple[str, bytes, str, str]], work: Path) -> dict[str, bytes]:
    """jobs: (key, source bytes, source extension, target extension) -> {key: converted bytes}."""
    exe = soffice()
    out: dict[str, bytes] = {}
    if not exe or not jobs:
        return out
    profile = work / "lo-profile"
    by_target: dict[str, list] = {}
    for key, data, sext, target in jobs:
        by_target.setdefault(target, []).append((key, data, sext))
    for target, items in sorted(by_target.items()):
        src = work / f"src-{target}"
        dst = work / f"out-{target}"
        src.mkdir(parents=True, exist_ok=True)
        dst.mkdir(parents=True, exist_ok=True)
        files = []
        for i, (key, data, sext) in enumerate(items):
            p = src / f"f{i:03d}.{sext}"
            p.write_bytes(data)
            files.append(str(p))
        subprocess.run([exe, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore", "--convert-to",
                        FILTERS[target], "--outdir", str(dst), *files], capture_output=True, timeout=300)
        for i, (key, _, _) in enumerate(items):
            q = dst / f"f{i:03d}.{target}"
            if q.exists():
                data = q.read_bytes()
                out[key] = freeze_zip(data) if target in ("xlsx", "odt") else data
    return out


# ---------------------------------------------------------------- XLSX

def _wb():
    import datetime as _dt

    from openpyxl import Workbook
    wb = Workbook()
    wb.properties.creator = "Utilisateur"
    wb.properties.created = wb.properties.modified = _dt.datetime(2022, 8, 1, 9, 0, 0)
    return wb


def _save(wb) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return freeze_zip(buf.getvalue())


def xlsx_merged(b: Budget, c, old: Budget | None = None, comments: bool = True) -> bytes:
    """A workbook as a treasurer keeps it: merged title and header cells (Montants en euros over
    2022 | 2023 | Total), comments on cells, a hidden sheet of daily rates and, first and hidden, the
    June version of the budget with other figures."""
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    wb = _wb()
    ws = wb.active
    ws.title = "Budget prévisionnel"
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    ws["A1"] = f"Projet {c.acr} – Budget prévisionnel"
    ws["A1"].font = Font(bold=True, size=14)
    ws.merge_cells("A1:E1")
    ws["A2"] = f"Porteur : {c.org.name}"
    ws.merge_cells("A2:E2")
    ws["A4"] = "Poste de dépense"
    ws.merge_cells("A4:A5")
    ws["B4"] = "Montants en euros"
    ws.merge_cells("B4:D4")
    ws["E4"] = "Observations"
    ws.merge_cells("E4:E5")
    for col, t in zip("BCD", (*b.year_labels, "Total")):
        ws[f"{col}5"] = t
    for cell in ("A4", "B4", "E4", "B5", "C5", "D5"):
        ws[cell].font = bold
        ws[cell].fill = fill
        ws[cell].alignment = Alignment(horizontal="center", vertical="center")
    row = 6
    fmt = '#,##0 "€"'
    noted = 0
    for cat in CATS:
        ls = b.of(cat)
        if not ls:
            continue
        ws.cell(row, 1, CAT_TITLE[cat]).font = bold
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=5)
        row += 1
        for x in ls:
            y = x.years or (0, x.amount)
            ws.cell(row, 1, x.label)
            for j, v in enumerate((y[0], y[1], x.amount)):
                cell = ws.cell(row, 2 + j, v)
                cell.number_format = fmt
            if x.qty:
                ws.cell(row, 5, f"{x.qty:g} {x.unit} à {money(x.rate, 'fr')}")
            if comments and noted < 2:
                ws.cell(row, 4).comment = Comment(["Montant à confirmer après devis.", "Calculé sur la grille de l'onglet caché."][noted], "Trésorerie")
                noted += 1
            row += 1
    ws.cell(row, 1, "TOTAL DES DÉPENSES").font = bold
    s22 = sum((x.years or (0, 0))[0] for x in b.lines)
    for j, v in enumerate((s22, b.total - s22, b.total)):
        ws.cell(row, 2 + j, v).number_format = fmt
        ws.cell(row, 2 + j).font = bold
    row += 3
    ws.cell(row, 1, "Plan de financement").font = Font(bold=True, size=12)
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=5)
    row += 1
    for j, t in enumerate(("Financeur", "Montant", "Part", "Statut")):
        ws.cell(row, 1 + j, t).font = bold
    row += 1
    for x in b.resources:
        ws.cell(row, 1, x.label)
        ws.cell(row, 2, x.amount).number_format = fmt
        ws.cell(row, 3, round(x.amount / b.total, 4)).number_format = "0.0%"
        ws.cell(row, 4, x.status or "sollicité")
        row += 1
    ws.cell(row, 1, "Total des ressources").font = bold
    ws.cell(row, 2, b.total).number_format = fmt
    ws.column_dimensions["A"].width = 52
    for col in "BCD":
        ws.column_dimensions[col].width = 14
    ws.column_dimensions["E"].width = 30
    hyp = wb.create_sheet("Hypothèses")
    hyp.append(["Fonction", "Coût journalier chargé"])
    for x in b.lines:
        if x.rate:
            hyp.append([x.label, x.rate])
    hyp.sheet_state = "hidden"
    if old is not None:
        v1 = wb.create_sheet("Budget V1 (juin)", 0)
        v1.append(["Version de juin – ne plus utiliser"])
        v1.append(["Poste", "Montant"])
        for x in old.lines:
            v1.append([x.label, x.amount])
        v1.append(["TOTAL", old.total])
        v1.append([])
        for x in old.resources:
            v1.append([x.label, x.amount])
        v1.sheet_state = "hidden"
    wb.active = wb.sheetnames.index("Budget prévisionnel")
    return _save(wb)


def xlsx_formulas(b: Budget, c) -> bytes:
    """Totals and shares as formulas (=SUM, =B12/B$20): LibreOffice recalculates them when it saves."""
    wb = _wb()
    ws = wb.active
    ws.title = "BP"
    ws.append([f"BUDGET PRÉVISIONNEL – {c.acr}"])
    ws.append([])
    ws.append(["Dépenses", "Montant TTC"])
    first = 4
    for x in b.lines:
        ws.append([x.label, x.amount])
    last = ws.max_row
    ws.append(["TOTAL DÉPENSES", f"=SUM(B{first}:B{last})"])
    tot = ws.max_row
    ws.append([])
    ws.append(["Recettes", "Montant", "%"])
    r0 = ws.max_row + 1
    for x in b.resources:
        ws.append([x.label, x.amount, f"=B{ws.max_row + 1}/B{tot}"])
    ws.append(["TOTAL RECETTES", f"=SUM(B{r0}:B{ws.max_row})", f"=SUM(C{r0}:C{ws.max_row})"])
    ws.column_dimensions["A"].width = 50
    return _save(wb)


def xlsx_text_amounts(b: Budget, c, ms: str = "fr_dec") -> bytes:
    """Amounts typed as text ("12 500,00 €"), a summary sheet first, and the partners' sheet."""
    wb = _wb()
    syn = wb.active
    syn.title = "Synthèse"
    syn.append(["Projet", c.acr])
    syn.append(["Coût total", money(b.total, ms)])
    syn.append(["Demande Anact", money(b.anact, ms)])
    det = wb.create_sheet("Détail")
    det.append(["Catégorie", "Libellé", "Montant"])
    for x in b.lines:
        det.append([CAT_TITLE[x.cat], x.label, money(x.amount, ms)])
    det.append(["", "Total", money(b.total, ms)])
    fin = wb.create_sheet("Financements")
    fin.append(["Source", "Nature", "Montant"])
    for x in b.resources:
        fin.append([x.label, x.nature, money(x.amount, ms)])
    return _save(wb)


def add_partner_sheet(xlsx: bytes, partners, contributions: bool) -> bytes:
    from openpyxl import load_workbook
    wb = load_workbook(io.BytesIO(xlsx))
    ws = wb.create_sheet("Partenaires")
    ws.append(["Structure", "Type", "Contribution"] if contributions else ["Structure", "Type"])
    kinds = {"aract": "Réseau Anact-Aract", "syndicat": "Organisation syndicale", "patronat": "Organisation patronale", "opco": "OPCO",
             "labo": "Recherche", "carsat": "Prévention", "branche": "Branche", "pilote": "Entreprise pilote", "editeur": "Éditeur",
             "collectivite": "Collectivité"}
    for p in partners:
        ws.append([p.name, kinds.get(p.kind, ""), p.contribution] if contributions else [p.name, kinds.get(p.kind, "")])
    return _save(wb)


def xlsx_by_partner(b: Budget, c, who: list[str]) -> bytes:
    """Expenses split by who spends them (columns per partner) with a total column."""
    wb = _wb()
    ws = wb.active
    ws.title = "Budget par partenaire"
    ws.append(["Poste"] + who + ["Total"])
    for i, x in enumerate(b.lines):
        split = [0.0] * len(who)
        if x.cat == "personnel" and len(who) > 1:
            a = round(x.amount * 0.6)
            split[0], split[1] = a, x.amount - a
        else:
            split[i % len(who)] = x.amount
        ws.append([x.label] + split + [x.amount])
    ws.append(["Total"] + [sum(ws.cell(r, 2 + j).value for r in range(2, ws.max_row + 1)) for j in range(len(who))] + [b.total])
    ws.append([])
    ws.append(["Financement", "Montant"])
    for x in b.resources:
        ws.append([x.label, x.amount])
    return _save(wb)


def xlsx_gantt(rows: list[tuple[str, str, str, list[int]]], months: list[str], title: str) -> bytes:
    """Who does what, when: task | lead | contributors | one column per month with X."""
    from openpyxl.styles import Font, PatternFill
    wb = _wb()
    ws = wb.active
    ws.title = "Planning"
    ws.append([title])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append(["Tâche", "Pilote", "Contributeurs"] + months)
    fill = PatternFill("solid", fgColor="4472C4")
    for task, lead, contrib, active in rows:
        ws.append([task, lead, contrib] + ["X" if i in active else "" for i in range(len(months))])
        for i in active:
            ws.cell(ws.max_row, 4 + i).fill = fill
    return _save(wb)


# ---------------------------------------------------------------- ODS

def ods_budget(b: Budget, c) -> bytes:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P
    o = OpenDocumentSpreadsheet()
    t = Table(name="Budget")

    def row(*cells):
        tr = TableRow()
        for v in cells:
            if isinstance(v, (int, float)):
                tc = TableCell(valuetype="float", value=str(v))
                tc.addElement(P(text=money(v, "fr_dec")))
            else:
                tc = TableCell(valuetype="string")
                tc.addElement(P(text=v))
            tr.addElement(tc)
        t.addElement(tr)

    row(f"Budget prévisionnel {c.acr}", "")
    row("Charges", "Montant")
    for x in b.lines:
        row(x.label, x.amount)
    row("Total charges", b.total)
    row("", "")
    row("Produits", "Montant")
    for x in b.resources:
        row(x.label, x.amount)
    row("Total produits", b.total)
    o.spreadsheet.addElement(t)
    buf = io.BytesIO()
    o.write(buf)
    return freeze_zip(buf.getvalue())


# ---------------------------------------------------------------- letters and odd files

def letter(p, c, place: str, day: str, style: int = 0) -> Doc:
    """A letter of support on the partner's letterhead, with what it commits to."""
    d = Doc(title=f"Lettre de soutien {p.name}", author=p.signer or p.name)
    d.add(("title", p.name), ("p", f"{place}, le {day}"),
          ("p", "Anact – La Fabrique CTO\n192 avenue Thiers\n69006 Lyon".replace("\n", " – ")),
          ("p", f"Objet : {['Lettre de soutien', 'Engagement partenarial', 'Soutien à la candidature'][style % 3]} – projet {c.acr} porté {org_prep(c.org.name, 'par')}"),
          ("p", "Madame, Monsieur,"))
    if style % 2 == 0:
        d.add(("p", f"C'est avec intérêt que {p.name} a pris connaissance du projet {c.acr}, présenté {org_prep(c.org.name, 'par')} dans le cadre de l'appel à manifestation d'intérêt de la Fabrique CTO."),
              ("p", f"Nous confirmons notre participation et nous engageons, si le projet est retenu, à apporter la contribution suivante : {p.contribution}."))
    else:
        d.add(("p", f"Par la présente, {p.name} apporte son plein soutien à la candidature {org_prep(c.org.name, 'de')}."),
              ("p", f"Concrètement, notre structure s'engage sur : {p.contribution}" + (f", soit environ {p.days} jours de travail valorisés." if p.days else ".")))
    d.add(("p", "Nous vous prions d'agréer, Madame, Monsieur, l'expression de nos salutations distinguées."),
          ("sig", [p.signer or "La direction", p.signer_title or "", p.name]))
    d.set_partners([p.name], True)
    return d


def zip_bundle(members: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members:
            z.writestr(zipfile.ZipInfo(name, date_time=(2022, 8, 12, 17, 30, 0)), data)
    return buf.getvalue()


def publisher_file(seed: int) -> bytes:
    """A Microsoft Publisher document: an OLE compound file no reader here opens."""
    import random as _r
    rnd = _r.Random(seed)
    head = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(16) + bytes.fromhex("3E000300FEFF0900")
    body = bytes(rnd.randrange(256) for _ in range(6000))
    return head + bytes(480) + b"Microsoft Publisher 16.0\x00Quill96 Story Group Class\x00" + body
