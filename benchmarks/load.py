"""The benchmark's load: synthetic, varied French proposals (PDF, DOCX, XLSX built in code) as
mails, and the ways to put them in a private Dovecot (APPEND, or files written straight into
its Maildir for the big idle-poll mailboxes).

    build_submission(i, seed)   one candidature mail (bytes), deterministic for (i, seed)
    build_load(n, seed)         n of them, built on both cores, cached under benchmarks/out/
    build_big_submission(mb)    one candidature whose PDF annex is padded to `mb` MB with images
    small_mail(i)               a short plain-text mail (idle-poll mailboxes)
    append_all(...) / write_maildir(...)

Everything here is fictional (organisations, people, figures); the domains end in .example.
"""
from __future__ import annotations

import io
import os
import random
import time
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")
OUT = Path(__file__).resolve().parent / "out"
CALL_OPEN = datetime(2022, 7, 1, 8, 0, tzinfo=PARIS)  # every mail arrives inside the call's window
MIME = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

# --- vocabulary ----------------------------------------------------------------------------

ORG_KINDS = ["Association", "SCOP", "Coopérative", "Institut", "Union régionale", "Fédération", "Cabinet",
             "Collectif", "Groupement d'employeurs", "Centre de ressources"]
ORG_WORDS = ["Travail & Territoires", "Dialogue Numérique", "Ergonomie Solidaire", "Atelier des Métiers",
             "Horizons Sociaux", "Domicile Ensemble", "Santé au Travail Ouest", "Fabrique Collective",
             "Trajectoires", "Parcours Pro", "Qualité de Vie", "Transitions", "Réseau Entreprendre Autrement",
             "Clés du Travail", "Les Compagnons du Numérique", "Archipel", "Métiers d'Avenir", "Pont-Neuf"]
CITIES = ["Lille", "Rennes", "Nantes", "Lyon", "Grenoble", "Limoges", "Bordeaux", "Toulouse", "Montpellier",
          "Marseille", "Strasbourg", "Dijon", "Rouen", "Clermont-Ferrand", "Orléans", "Besançon", "Brest",
          "Poitiers", "Metz", "Amiens"]
FIRST = ["Claire", "Karim", "Sophie", "Julien", "Nadia", "Thomas", "Camille", "Mehdi", "Anne", "Pierre",
         "Isabelle", "Yacine", "Hélène", "Louis", "Fatou", "Mathieu", "Léa", "Antoine", "Inès", "Bruno"]
LAST = ["Martin", "Benali", "Durand", "Lefèvre", "Moreau", "Garcia", "Roux", "Fontaine", "Diallo", "Mercier",
        "Bonnet", "Lambert", "Nguyen", "Chevalier", "Girard", "Perrin", "Robin", "Masson", "Blanc", "Henry"]
SECTORS = ["l'aide à domicile", "la logistique", "les établissements hospitaliers", "la grande distribution",
           "l'industrie agroalimentaire", "les services bancaires", "le transport urbain", "le BTP",
           "les centres de relation client", "les EHPAD", "les collectivités territoriales", "l'imprimerie",
           "la propreté", "l'hôtellerie-restauration", "la métallurgie"]
TECHS = ["un logiciel de planification des tournées", "un algorithme d'affectation des tâches",
         "un outil de traçabilité des interventions", "des exosquelettes", "un robot collaboratif",
         "une application mobile de pointage", "une plateforme de gestion des ressources humaines",
         "un outil d'intelligence artificielle d'aide à la décision", "une messagerie collaborative",
         "un entrepôt automatisé", "des casques de préparation vocale", "un progiciel de gestion intégré"]
ACRONYMS = ["DIALOGUE", "TOURNÉES PARTAGÉES", "CAP NUMÉRIQUE", "ENSEMBLE", "BOUSSOLE", "TRAME", "PASSERELLE",
            "CONCERTO", "ÉQUILIBRE", "AGORA", "RELAIS", "SOCLE", "ESCALE", "PRISME", "LIEN", "ALTITUDE"]
FILLER = [
    "Les équipes de terrain constatent que {tech} modifie l'organisation du travail, la répartition des tâches "
    "et les marges de manœuvre des salariés dans {sector}.",
    "Les représentants du personnel n'ont pas été associés au choix de l'outil, et les encadrants de proximité "
    "peinent à en expliquer les règles.",
    "Plusieurs accords récents invitent pourtant les entreprises à ouvrir le dialogue sur les transformations "
    "technologiques avant leur déploiement.",
    "Une enquête menée auprès de {n} salariés a fait apparaître une hausse des plaintes liées à la charge de "
    "travail et au sentiment de perte d'autonomie.",
    "Le projet s'appuie sur l'expérience acquise lors d'un premier accompagnement conduit à {city} en 2021.",
    "Les ateliers réuniront salariés, encadrants et élus du comité social et économique autour de situations de "
    "travail concrètes.",
    "Chaque étape donnera lieu à un compte rendu partagé, validé par les participants avant diffusion.",
    "La démarche privilégie l'observation du travail réel plutôt que les déclarations d'intention.",
    "Les enseignements seront formalisés dans un guide pratique et présentés lors d'une journée régionale.",
    "Les entreprises partenaires se sont engagées à libérer le temps nécessaire à la participation des salariés.",
]
SECTIONS = [
    ("Contexte", "contexte"), ("Objectifs", "objectifs"), ("Problématique", "problematique"),
    ("Publics cibles", "cibles"), ("Démarche méthodologique", "methodologie"), ("Calendrier", "phasage"),
    ("Gouvernance et pilotage", "pilotage"), ("Résultats attendus", "resultats"),
    ("Pérennisation et essaimage", "perennisation"),
]
SECTION_TEXT = {
    "contexte": "Dans {sector}, le déploiement de {tech} a été décidé sans concertation préalable.",
    "objectifs": "Construire un espace de dialogue durable sur {tech} et ses effets sur le travail.",
    "problematique": "Comment associer les salariés au paramétrage de {tech} pour préserver leur autonomie ?",
    "cibles": "Salariés, encadrants de proximité et représentants du personnel de {k} structures de {sector}.",
    "methodologie": "Observation du travail, ateliers de discussion, expérimentation de règles négociées, bilan.",
    "phasage": "Le projet se déroule en quatre phases sur douze à quinze mois, détaillées ci-dessus.",
    "pilotage": "Un comité de pilotage réunit les structures, l'Aract et les organisations syndicales tous les "
                "trois mois.",
    "resultats": "Un guide des règles négociées, une charte d'usage et des indicateurs de suivi partagés.",
    "perennisation": "Diffusion par le réseau régional auprès de ses {n} adhérents et reprise dans les accords.",
}
PARTNERS = ["Aract {region}", "Fédération régionale de {sector_short}", "Université de {city}",
            "CFDT {region}", "CGT {region}", "OPCO Entreprises", "Chambre de commerce de {city}",
            "Cabinet Ergonomia", "Mutualité {region}", "Maison de l'emploi de {city}"]
CONTRIBUTIONS = ["appui méthodologique", "mobilisation des entreprises", "évaluation de la démarche",
                 "co-animation des ateliers", "diffusion des résultats", "mise à disposition de salles",
                 "expertise juridique", "relais auprès des salariés"]
REGIONS = ["Hauts-de-France", "Bretagne", "Pays de la Loire", "Auvergne-Rhône-Alpes", "Nouvelle-Aquitaine",
           "Occitanie", "Grand Est", "Normandie", "Bourgogne-Franche-Comté", "Centre-Val de Loire"]
EXPENSES = [
    ("personnel", ["Salaires – cheffe de projet", "Chargé de mission (temps dédié)", "Temps de l'ergonome",
                   "Personnel : chargée d'études"]),
    ("deplacements_logistique", ["Frais de déplacement", "Location de salles", "Restauration des ateliers",
                                 "Frais de mission et logistique"]),
    ("prestations", ["Prestation de facilitation graphique", "Prestation d'animation", "Captation vidéo",
                     "Prestation d'évaluation externe"]),
]
COFUNDERS = [("Région {region}", "subvention"), ("Fonds propres", "autofinancement"),
             ("OPCO Entreprises", "financement"), ("Fondation du Travail", "mécénat"),
             ("Valorisation du temps des partenaires", "apport en nature")]
MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre"]


def _euros(v: int) -> str:
    return f"{v:,}".replace(",", " ") + " €"


class Proposal:
    """One applicant's proposal: its words and figures, drawn from `rng`."""

    def __init__(self, rng: random.Random, i: int):
        self.i = i
        self.rng = rng
        self.city = rng.choice(CITIES)
        self.region = rng.choice(REGIONS)
        self.sector = rng.choice(SECTORS)
        self.tech = rng.choice(TECHS)
        self.org = f"{rng.choice(ORG_KINDS)} {rng.choice(ORG_WORDS)} {self.city}"
        self.domain = f"org{i:05d}-{rng.randrange(10**6):06d}.example"
        self.person = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        self.acronym = f"{rng.choice(ACRONYMS)} {i}"
        self.title = f"Projet {self.acronym} – dialogue social et {self.tech.split(' ', 1)[1]}"
        # some proposals lack one or two elements (they get a completion request)
        self.missing = set(rng.sample([k for _, k in SECTIONS], rng.choice([1, 2]))) if rng.random() < 0.25 else set()
        self.no_partner_contributions = rng.random() < 0.1
        self.paragraphs = rng.randint(2, 4)  # per section: 3 to 6 pages in all
        start = rng.randint(9, 12)
        self.phases = []
        month = start
        for name in ("Diagnostic partagé", "Ateliers de dialogue", "Expérimentation", "Bilan et diffusion"):
            length = rng.randint(2, 3)
            self.phases.append((name, f"{MONTHS[(month - 1) % 12]} {2022 + (month - 1) // 12} – "
                                      f"{MONTHS[(month + length - 2) % 12]} {2022 + (month + length - 2) // 12}"))
            month += length
        self.expenses = []
        for category, labels in EXPENSES:
            for label in rng.sample(labels, rng.choice([1, 2])):
                unit = {"personnel": 1000, "deplacements_logistique": 100, "prestations": 500}[category]
                low, high = {"personnel": (8, 30), "deplacements_logistique": (10, 60), "prestations": (4, 16)}[category]
                self.expenses.append((label, rng.randint(low, high) * unit))
        self.total = sum(v for _, v in self.expenses)
        share = rng.choice([0.2, 0.25, 0.3, 0.35, 0.4]) if rng.random() > 0.08 else 0.1
        cof = int(round(self.total * share, -2))
        names = rng.sample(COFUNDERS, rng.choice([1, 2]))
        self.resources = [("Anact – Fabrique CTO", "subvention", self.total - cof)]
        parts = [cof] if len(names) == 1 else [cof // 2, cof - cof // 2]
        for (name, nature), v in zip(names, parts):
            self.resources.append((name.format(region=self.region), nature, v))
        self.partners = [(p.format(region=self.region, city=self.city, sector_short=self.sector.split(" ", 1)[-1]),
                          rng.choice(CONTRIBUTIONS)) for p in rng.sample(PARTNERS, rng.randint(2, 4))]

    def fill(self, text: str) -> str:
        r = self.rng
        return text.format(tech=self.tech, sector=self.sector, city=self.city, n=r.randint(40, 900),
                           k=r.randint(3, 12))

    def section_paragraphs(self, key: str) -> list[str]:
        out = [self.fill(SECTION_TEXT[key])]
        for _ in range(self.paragraphs - 1):
            out.append(" ".join(self.fill(s) for s in self.rng.sample(FILLER, 4)))
        return out

    def budget_rows(self) -> tuple[list[list[str]], list[list[str]]]:
        expenses = [["Dépenses", "Montant"]] + [[label, _euros(v)] for label, v in self.expenses]
        expenses.append(["Total des dépenses", _euros(self.total)])
        resources = [["Ressources", "Nature", "Montant"]] + [[n, nat, _euros(v)] for n, nat, v in self.resources]
        resources.append(["Total des ressources", "", _euros(self.total)])
        return expenses, resources

    def partner_rows(self) -> list[list[str]]:
        if self.no_partner_contributions:
            return [["Partenaire"]] + [[p] for p, _ in self.partners]
        return [["Partenaire", "Contribution"]] + [[p, c] for p, c in self.partners]


# --- documents ---------------------------------------------------------------------------------

def proposal_pdf(p: Proposal, with_budget: bool, pad_images_mb: float = 0.0) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    grid = TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                       ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey)])
    story = [Paragraph(p.title, styles["Title"]),
             Paragraph(f"Porteur : {p.org} – contact : {p.person}", styles["BodyText"]), Spacer(1, 12)]
    n = 0
    for heading, key in SECTIONS:
        if key in p.missing:
            continue
        n += 1
        story.append(Paragraph(f"{n}. {heading}", styles["Heading2"]))
        if key == "phasage":
            t = Table([["Phase", "Période"]] + [list(x) for x in p.phases])
            t.setStyle(grid)
            story.append(t)
        for text in p.section_paragraphs(key):
            story.append(Paragraph(text, styles["BodyText"]))
    n += 1
    story.append(Paragraph(f"{n}. Partenaires", styles["Heading2"]))
    t = Table(p.partner_rows())
    t.setStyle(grid)
    story.append(t)
    if with_budget:
        story.append(PageBreak())
        story.append(Paragraph(f"{n + 1}. Budget prévisionnel", styles["Heading2"]))
        for rows in p.budget_rows():
            t = Table(rows)
            t.setStyle(grid)
            story.append(t)
            story.append(Spacer(1, 12))
    if pad_images_mb:
        story += _image_pages(pad_images_mb, p.rng)
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, title=p.title, author=p.person).build(story)
    return buffer.getvalue()


def _image_pages(mb: float, rng: random.Random) -> list:
    """Photo-like annex pages: incompressible images (random pixels) adding about `mb` MB."""
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import Image, PageBreak, Paragraph

    styles = getSampleStyleSheet()
    out = [PageBreak(), Paragraph("Annexe – photographies des ateliers", styles["Heading2"])]
    side = 1000  # 1000x1000 RGB, raw bytes stored with /FlateDecode: ~3 MB each
    count = max(1, int(mb * 1024 * 1024 / (side * side * 3)))
    for k in range(count):
        out.append(Image(_noise_png(side, rng), width=16 * cm, height=16 * cm))
        out.append(Paragraph(f"Photographie {k + 1} : atelier de dialogue.", styles["BodyText"]))
        out.append(PageBreak())
    return out


def _noise_png(side: int, rng: random.Random) -> io.BytesIO:
    import struct
    import zlib

    raw = b"".join(b"\x00" + rng.randbytes(side * 3) for _ in range(side))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(raw, 1)) + chunk(b"IEND", b""))
    return io.BytesIO(png)


def proposal_docx(p: Proposal, with_budget: bool) -> bytes:
    import docx

    d = docx.Document()
    d.core_properties.author = p.person
    d.add_heading(p.title, level=0)
    d.add_paragraph(f"Porteur : {p.org} – contact : {p.person}")

    def table(rows):
        t = d.add_table(rows=len(rows), cols=len(rows[0]))
        t.style = "Table Grid"
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                t.cell(r, c).text = value

    n = 0
    for heading, key in SECTIONS:
        if key in p.missing:
            continue
        n += 1
        d.add_heading(f"{n}. {heading}", level=1)
        if key == "phasage":
            table([["Phase", "Période"]] + [list(x) for x in p.phases])
        for text in p.section_paragraphs(key):
            d.add_paragraph(text)
    n += 1
    d.add_heading(f"{n}. Partenaires", level=1)
    table(p.partner_rows())
    if with_budget:
        d.add_heading(f"{n + 1}. Budget prévisionnel", level=1)
        for rows in p.budget_rows():
            table(rows)
            d.add_paragraph("")
    buffer = io.BytesIO()
    d.save(buffer)
    return buffer.getvalue()


def budget_xlsx(p: Proposal) -> bytes:
    import openpyxl
    from openpyxl.styles import Font

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Budget prévisionnel"
    ws.append([f"Budget prévisionnel – {p.acronym}"])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([])
    ws.append(["Dépenses", "Catégorie", "Montant (€)"])
    cats = {"personnel": "Personnel", "deplacements_logistique": "Déplacements et logistique",
            "prestations": "Prestations"}
    first = ws.max_row + 1
    for (label, v), category in zip(p.expenses, [c for c, labels in EXPENSES for l in labels]):
        ws.append([label, cats.get(category, ""), v])
    ws.append(["Total des dépenses", "", f"=SUM(C{first}:C{ws.max_row})"])
    ws.cell(ws.max_row, 3).value = p.total  # cached value as a spreadsheet program would store it
    ws.append([])
    ws.append(["Ressources", "Nature", "Montant (€)"])
    for name, nature, v in p.resources:
        ws.append([name, nature, v])
    ws.append(["Total des ressources", "", p.total])
    if p.rng.random() < 0.5:
        detail = wb.create_sheet("Détail du personnel")
        detail.append(["Fonction", "Jours", "Coût journalier (€)", "Montant (€)"])
        for k in range(p.rng.randint(3, 8)):
            days, rate = p.rng.randint(5, 40), p.rng.choice([350, 400, 450, 500])
            detail.append([f"Intervenant {k + 1}", days, rate, days * rate])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# --- mails -------------------------------------------------------------------------------------

KINDS = ("pdf+xlsx", "docx+pdf", "pdf", "docx+xlsx", "docx")


def _mail(p: Proposal, when: datetime, attachments: list[tuple[str, bytes, str]], seed: int) -> bytes:
    m = EmailMessage()
    user = p.person.split()[0].lower().replace("é", "e").replace("è", "e").replace("ï", "i")
    m["From"] = f"{p.person} <{user}.{p.i}@{p.domain}>"
    m["To"] = "Fabrique CTO <fabrique@anact.fr>"
    m["Subject"] = f"Candidature Fabrique CTO – {p.acronym}"
    m["Date"] = format_datetime(when)
    m["Message-ID"] = f"<bench-{seed}-{p.i}-{p.rng.randrange(10**9)}@{p.domain}>"
    m.set_content(f"Madame, Monsieur,\n\nVeuillez trouver ci-joint la candidature de {p.org} à l'appel à "
                  f"projets Fabrique CTO, pour le projet {p.acronym}.\n\nNous restons à votre disposition.\n\n"
                  f"Bien cordialement,\n{p.person}\n{p.org}\n")
    for filename, data, kind in attachments:
        maintype, subtype = MIME[kind].split("/", 1)
        m.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return bytes(m)


def received_time(i: int) -> datetime:
    return CALL_OPEN + timedelta(minutes=7 * i)


def build_submission(i: int, seed: int = 1, kind: str | None = None, complete: bool = False) -> bytes:
    """Candidature number i: a proposal in one of KINDS, with its budget in the same or another file.
    `complete`: nothing left out on purpose (an acknowledgement is expected)."""
    rng = random.Random(f"{seed}:{i}")
    p = Proposal(rng, i)
    if complete:
        p.missing, p.no_partner_contributions = set(), False
    kind = kind or KINDS[rng.randrange(len(KINDS))]
    slug = p.acronym.split()[0].lower().replace("é", "e").replace("è", "e")
    files: list[tuple[str, bytes, str]] = []
    if kind == "pdf+xlsx":
        files = [(f"Candidature {p.acronym}.pdf", proposal_pdf(p, False), "pdf"),
                 (f"budget-{slug}.xlsx", budget_xlsx(p), "xlsx")]
    elif kind == "docx+pdf":
        annex = Proposal(random.Random(f"{seed}:{i}:annex"), i)
        annex.expenses, annex.resources, annex.total = p.expenses, p.resources, p.total
        annex.missing = {k for _, k in SECTIONS}  # the annex holds the budget and partners only
        annex.partners, annex.title = p.partners, f"Annexe financière – {p.acronym}"
        files = [(f"Dossier {p.acronym}.docx", proposal_docx(p, False), "docx"),
                 (f"Annexe budgetaire {slug}.pdf", proposal_pdf(annex, True), "pdf")]
    elif kind == "pdf":
        files = [(f"{slug}-candidature.pdf", proposal_pdf(p, True), "pdf")]
    elif kind == "docx+xlsx":
        files = [(f"Candidature_{slug}.docx", proposal_docx(p, False), "docx"),
                 (f"Budget_{slug}.xlsx", budget_xlsx(p), "xlsx")]
    else:
        files = [(f"Proposition {p.acronym}.docx", proposal_docx(p, True), "docx")]
    return _mail(p, received_time(i), files, seed)


def build_big_submission(mb: float = 25.0, seed: int = 7, i: int = 90_000) -> bytes:
    """A candidature whose PDF carries about `mb` MB of photographs after its text pages."""
    rng = random.Random(f"big:{seed}:{i}")
    p = Proposal(rng, i)
    p.missing = set()
    pdf = proposal_pdf(p, True, pad_images_mb=mb)
    return _mail(p, received_time(i % 1000), [(f"Candidature {p.acronym} avec annexes.pdf", pdf, "pdf")], seed)


def small_mail(i: int, tag: str = "idle") -> bytes:
    return (f"From: Candidat {i} <candidat{i}@idle{i % 97}.example>\r\n"
            f"To: fabrique@anact.fr\r\n"
            f"Subject: Question {tag}-{i} sur l'appel Fabrique\r\n"
            f"Date: {format_datetime(received_time(i % 5000))}\r\n"
            f"Message-ID: <{tag}-{i}@idle.example>\r\n"
            f"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
            f"Bonjour, une question sur l'appel ({tag}-{i}) : quelles dépenses sont éligibles ?\r\n").encode()


def _build_one(args: tuple[int, int]) -> bytes:
    i, seed = args
    return build_submission(i, seed)


def build_load(n: int, seed: int = 1, *, cache: bool = True, workers: int = 2) -> list[bytes]:
    """n candidatures (0..n-1); built once on `workers` cores and kept in benchmarks/out/."""
    folder = OUT / f"load-s{seed}"
    if cache:
        folder.mkdir(parents=True, exist_ok=True)
        have = {int(f.stem): f for f in folder.glob("*.eml")}
        if all(i in have for i in range(n)):
            return [have[i].read_bytes() for i in range(n)]
    todo = [(i, seed) for i in range(n)]
    if workers > 1 and n > 8:
        import multiprocessing

        with multiprocessing.get_context("fork").Pool(workers) as pool:
            mails = pool.map(_build_one, todo, chunksize=8)
    else:
        mails = [_build_one(t) for t in todo]
    if cache:
        for i, raw in enumerate(mails):
            (folder / f"{i:05d}.eml").write_bytes(raw)
    return mails


# --- putting mail in Dovecot -------------------------------------------------------------------

def append_all(client, folder: str, mails: list[bytes], when: list[datetime] | None = None,
               chunk: int = 50) -> None:
    """APPEND every mail (MULTIAPPEND by chunks when offered), INTERNALDATE inside the call's window."""
    when = when or [received_time(i) for i in range(len(mails))]
    if client.has_capability("MULTIAPPEND"):
        for start in range(0, len(mails), chunk):
            client.multiappend(folder, [{"msg": m, "date": d} for m, d in
                                        zip(mails[start:start + chunk], when[start:start + chunk])])
    else:
        for m, d in zip(mails, when):
            client.append(folder, m, msg_time=d)


def write_maildir(server, user: str, mails, start: int = 0) -> int:
    """Write mails straight into the user's INBOX Maildir (cur/, in name order = UID order on the
    next SELECT), owned by the mail user. Much faster than APPEND for 10 000 messages."""
    box = Path(server.mail_dir) / user
    made = []
    for sub in ("", "cur", "new", "tmp"):
        d = box / sub
        if not d.exists():
            d.mkdir(parents=True)
            made.append(d)
    base = int(time.time()) - 86400
    count = 0
    for k, raw in enumerate(mails, start=start):
        name = box / "cur" / f"{base + k // 1000}.M{k:08d}P{os.getpid()}.bench,S={len(raw)}:2,S"
        name.write_bytes(raw)
        os.chown(name, server.uid, server.gid)
        count += 1
    for d in made:
        os.chown(d, server.uid, server.gid)
    os.chown(box, server.uid, server.gid)
    return count
