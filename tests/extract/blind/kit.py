"""The toolkit each dossier recipe uses: the project's facts, its sections with headings, its budget
and partner blocks, its documents and mails, and the bookkeeping that makes the truth follow from
what was written (which requirement each readable document or body carries)."""
from __future__ import annotations

import calendar
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from . import budget as bud
from . import docgen, office, texts
from .texts import DESC_KEYS, SHORT
from .world import (MONEY_STYLES, ORG_BY_LABEL, THEME_BY_KEY, Money, add_months, ascii_fold, month_name, person,
                    pick_partners)

PARIS = ZoneInfo("Europe/Paris")
DEADLINE = datetime(2022, 8, 23, 23, 59, 59, tzinfo=PARIS)
ALL_KEYS = DESC_KEYS + ["budget.personnel", "budget.deplacements_logistique", "budget.prestations",
                        "budget.cofinancements", "partenaires.liste", "partenaires.contributions"]
CAP = 80000.0


@dataclass
class Piece:
    blocks: list
    keys: set = field(default_factory=set)

    def __add__(self, other: "Piece") -> "Piece":
        return Piece(self.blocks + other.blocks, self.keys | other.keys)


def join(*pieces: Piece) -> Piece:
    out = Piece([], set())
    for p in pieces:
        if p is not None:
            out = out + p
    return out


@dataclass
class Doc:
    """An attachment and what a careful reader finds in it."""
    filename: str
    data: bytes | None = None
    keys: set = field(default_factory=set)
    budget: bud.Budget | None = None
    partners: list = field(default_factory=list)
    readable: bool = True
    flag: str | None = None           # flag the attachment itself raises
    optional_flag: str | None = None
    pending: tuple | None = None      # (stem, ext) waiting for LibreOffice
    inline: bool = False
    octet: bool = False


@dataclass
class Msg:
    client: str
    when: datetime
    subject: str
    text: str | None
    classification: str
    sender: tuple
    docs: list = field(default_factory=list)
    html: str | None = None
    body: Piece | None = None          # what the body itself carries
    body_budget: bud.Budget | None = None
    body_partners: list = field(default_factory=list)
    accept: list | None = None
    in_reply_to: str | None = None
    cc: str | None = None
    extra: dict | None = None
    quoted_html: str | None = None
    logo: bool = False
    inline_between: tuple | None = None
    mid: str = ""
    note: str | None = None
    raw: bytes | None = None


class Dossier:
    def __init__(self, did: str, org: str, theme: str, seed: int, *, kind: str | None = None):
        self.id = did
        self.rng = random.Random(seed)
        self.org = ORG_BY_LABEL[org]
        self.kind = kind or self.org.kind
        self.theme = THEME_BY_KEY[theme]
        self.person = person(self.rng)
        self.email = self.person.email(self.org.domain, self.rng.choice(["first.last", "f.last", "first.last",
                                                                         "flast"]))
        self.money: Money = self.rng.choice(MONEY_STYLES)
        self.missing: set[str] = set()
        self.messages: list[Msg] = []
        self.notes: list[str] = []
        self.meta: dict = {"kind": self.kind}
        self.start = self.rng.choice([(2022, 9), (2022, 10), (2022, 11), (2023, 1)])
        left = (2023 - self.start[0]) * 12 + 12 - self.start[1] + 1
        self.months = self.rng.randint(min(8, left), min(left, 15))
        self.end_day: str | None = None
        self.optional_flags: set[str] = set()
        n_places = self.rng.choice([4, 5, 6, 8, 10, 12])
        self.partners = pick_partners(self.rng, self.theme, self.org, self.rng.randint(2, 5))
        self.contrib = {n: self.rng.choice(texts.CONTRIBUTIONS[k]) for n, k in self.partners}
        self.ctx = {
            "kind": self.kind, "org": self.org.label, "org_short": self.org.label, "sector": self.theme.sector,
            "places": self.theme.places, "workers": self.theme.workers, "workers_short": self.theme.workers_short,
            "managers": self.theme.managers, "tool": self.theme.tool, "tool_short": self.theme.tool_short,
            "effect": self.theme.effect, "reps": self.theme.reps, "fact": self.theme.fact, "n_places": n_places,
            "n_workers": n_places * self.rng.choice([15, 20, 25, 30]), "territory": self.org.region,
            "n_local": self.rng.choice([60, 85, 120, 240]), "lead": self.person.name,
            "tool_en": "scheduling and monitoring apps", "sector_en": "small service companies",
        }
        self.title = self.theme.title
        self.acronym = self.theme.acronym
        self.budget: bud.Budget | None = None

    # ------------------------------------------------------------------ facts
    def period(self, start: tuple[int, int], months: int) -> None:
        self.start, self.months = start, months

    @property
    def end(self) -> tuple[int, int]:
        return add_months(*self.start, self.months - 1)

    @property
    def project_end(self) -> str:
        if self.end_day:
            return self.end_day
        y, m = self.end
        return f"{y}-{m:02d}-{calendar.monthrange(y, m)[1]:02d}"

    def duration_text(self, style: str | None = None) -> str:
        y, m = self.end
        style = style or self.rng.choice(["range", "from", "dates", "months_only_end"])
        if style == "range":
            return f"{self.months} mois ({month_name(*self.start)} – {month_name(y, m)})"
        if style == "from":
            return f"durée {self.months} mois à partir de {month_name(*self.start)}"
        if style == "end":
            return f"fin prévue : {month_name(y, m)}"
        if style == "dates":
            last = calendar.monthrange(y, m)[1]
            return f"du 01/{self.start[1]:02d}/{self.start[0]} au {last}/{m:02d}/{y}"
        return f"démarrage {month_name(*self.start)}, achèvement {month_name(y, m)}"

    def drop(self, *keys: str) -> None:
        self.missing |= set(keys)

    def drop_random(self, n: int, pool: list[str] | None = None) -> list[str]:
        pool = [k for k in (pool or DESC_KEYS) if k not in self.missing]
        chosen = self.rng.sample(pool, n)
        self.missing |= set(chosen)
        return chosen

    # ------------------------------------------------------------------ description
    def texts(self, english_text: bool = False, phasage_style: str | None = None,
              extra_method: list | None = None, only: set | None = None) -> dict[str, list]:
        out = {}
        ctx = dict(self.ctx, start=self.start, months=self.months, phasage_style=phasage_style)
        for key in DESC_KEYS:
            if key in self.missing or (only is not None and key not in only):
                continue
            s = SHORT[key]
            if english_text and s != "phasage":
                out[s] = texts.ENGLISH[s](ctx)
            elif s == "phasage":
                out[s] = texts.phasage(self.rng, ctx, english=english_text)
            else:
                out[s] = texts.WRITERS[s](self.rng, ctx)
        if extra_method and "methodologie" in out:
            out["methodologie"] = out["methodologie"] + extra_method
        return out

    def sections(self, *, mode: str = "noun", numbering: str = "1.", order: list[str] | None = None,
                 groups: list[tuple[str, str]] = (), level: int = 1, caps: bool = False, runin: bool = False,
                 english_text: bool = False, phasage_style: str | None = None, extra_method: list | None = None,
                 only: set | None = None, start_number: int = 1) -> Piece:
        """The description with a heading per element (or per group of two), headings worded per `mode`:
        noun | question | english | mixed."""
        tx = self.texts(english_text, phasage_style, extra_method, only)
        order = order or ["contexte", "problematique", "objectifs", "cibles", "methodologie", "phasage",
                          "pilotage", "resultats", "perennisation"]
        group_of = {}
        for a, b in groups:
            group_of[a] = (a, b)
            group_of[b] = (a, b)
        blocks, keys, done, num = [], set(), set(), start_number
        for s in order:
            if s in done or s not in tx:
                continue
            g = group_of.get(s)
            members = [m for m in (g or (s,)) if m in tx]
            done |= set(members)
            if len(members) == 2:
                head = GROUP_HEADINGS[tuple(sorted(members))][0 if mode != "question" else 1]
            else:
                m = mode if mode != "mixed" else self.rng.choice(["noun", "question", "noun"])
                head = texts.heading(self.rng, s, m)
            head = self.number(head, num, numbering)
            if caps:
                head = head.upper()
            num += 1
            body = []
            for m in members:
                body += tx[m]
                keys.add(f"description.{m}")
            if runin and body and body[0][0] == "p":
                blocks.append(("runin", head.rstrip(" ?") + (" ?" if head.endswith("?") else " :"), body[0][1]))
                blocks += body[1:]
            else:
                blocks.append(("h", level, head))
                blocks += body
        self._next_number = num
        return Piece(blocks, keys)

    def number(self, head: str, n: int, numbering: str) -> str:
        roman = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
        if numbering == "1.":
            return f"{n}. {head}"
        if numbering == "1)":
            return f"{n}) {head}"
        if numbering == "I.":
            return f"{roman[n - 1]}. {head}"
        if numbering == "A.":
            return f"{'ABCDEFGHIJKL'[n - 1]}. {head}"
        if numbering == "art":
            return f"Article {n} – {head}"
        if numbering == "1 -":
            return f"{n} - {head}"
        return head

    def next_heading(self, element: str, mode: str = "noun", numbering: str = "1.", caps: bool = False) -> str:
        n = getattr(self, "_next_number", 1)
        self._next_number = n + 1
        h = self.number(texts.heading(self.rng, element, mode), n, numbering)
        return h.upper() if caps else h

    def summary(self, *, figures: bool = True, extra: list | None = None, duration: str | None = None) -> list:
        rows = [("Structure porteuse", self.org.name), ("Personne référente", f"{self.person.name} – {self.email}"),
                ("Intitulé du projet", f"{self.acronym} – {self.title}")]
        rows.append(("Durée", duration or self.duration_text()))
        if figures and self.budget is not None:
            rows.append(("Coût total", self.money(self.budget.total)))
            rows.append(("Montant sollicité auprès de l'Anact", self.money(self.budget.anact)))
        rows += extra or []
        return [("kv", [(a, [("p", b)]) for a, b in rows])]

    # ------------------------------------------------------------------ budget
    def make_budget(self, total: float | None = None, share: float | None = None, **kw) -> bud.Budget:
        total = total or self.rng.choice([42000, 55000, 61000, 68000, 74000, 86000, 97000])
        share = share if share is not None else self.rng.uniform(0.22, 0.42)
        drop = {k.split(".")[1] for k in self.missing if k.startswith("budget.")}
        self.budget = bud.make_budget(self.rng, self.kind, total, share, drop=drop, **kw)
        return self.budget

    def budget_keys(self, b: bud.Budget) -> set:
        keys = {f"budget.{c}" for c in bud.CATS if b.has(c)}
        if b.cofin:
            keys.add("budget.cofinancements")
        return keys

    def budget_piece(self, layout: str, b: bud.Budget | None = None, **kw) -> Piece:
        b = b or self.budget
        m = kw.pop("money", self.money)
        if layout == "kilo":
            bud.roundify(b)
        blocks = {
            "two_tables": lambda: bud.two_tables(self.rng, b, m, **kw),
            "qty_rate": lambda: bud.qty_rate(self.rng, b, m),
            "years_mixed": lambda: bud.years_mixed(self.rng, b, m, **kw),
            "kilo": lambda: bud.kilo_table(self.rng, b, **kw),
            "prose": lambda: bud.prose(self.rng, b, m),
            "bullets": lambda: bud.bullets(self.rng, b, m),
            "accounting": lambda: bud.accounting(self.rng, b, m),
            "by_columns": lambda: bud.by_columns(self.rng, b, m, **kw),
            "english": lambda: bud.english_table(self.rng, b, m),
            "long": lambda: bud.long_detail(self.rng, b, m, **kw),
        }[layout]()
        self.meta.setdefault("budget_variant", layout)
        return Piece(blocks, self.budget_keys(b))

    # ------------------------------------------------------------------ partners
    def partner_names(self) -> list[str]:
        return [n for n, _ in self.partners]

    def partner_piece(self, fmt: str, contributions: bool = True) -> Piece:
        ps = self.partners
        c = self.contrib
        if "partenaires.contributions" in self.missing:
            contributions = False
        keys = {"partenaires.liste"} | ({"partenaires.contributions"} if contributions else set())
        self.meta.setdefault("partner_fmt", fmt)
        if fmt == "role_table":
            rows = [[self.rng.choice(["Rôle", "Qualité", "Type de partenaire"]), "Structure",
                     self.rng.choice(["Contribution attendue", "Apport au projet", "Engagement"])]]
            rows += [[texts.ROLES[k], n, c[n]] for n, k in ps]
            return Piece([("table", rows)], keys)
        if fmt == "parens":
            return Piece([("ul", [f"{n} ({c[n]})" for n, _ in ps])], keys)
        if fmt == "colon":
            return Piece([("ul", [f"{n} : {c[n]}" for n, _ in ps])], keys)
        if fmt == "numbered":
            out = []
            for i, (n, k) in enumerate(ps, 1):
                out.append(("p", f"Partenaire {i} – {n}", "b"))
                out.append(("p", f"Rôle : {texts.ROLES[k].lower()}. Apport : {c[n]}."))
            return Piece(out, keys)
        if fmt == "english":
            rows = [["Partner", "Role in the project"]] + [[n, texts.CONTRIBUTIONS_EN[k]] for n, k in ps]
            return Piece([("table", rows)], keys)
        if fmt == "names_only":
            names = [n for n, _ in ps]
            return Piece([("p", "Partenaires associés : " + ", ".join(names[:-1]) + " et " + names[-1] + ".")],
                         {"partenaires.liste"})
        if fmt == "prose":
            return Piece([("p", self.partner_sentences())], keys)
        raise ValueError(fmt)

    def partner_sentences(self) -> str:
        forms = ["Les ateliers seront préparés avec {n}, qui assurera : {c}.", "{n} prendra en charge : {c}.",
                 "Nous pourrons compter sur {n} ({c}).", "{n} apportera au projet : {c}.",
                 "Enfin, {n} rejoint la démarche pour : {c}."]
        out = []
        for i, (n, _) in enumerate(self.partners):
            f = forms[-1] if i == len(self.partners) - 1 and i > 0 else forms[min(i, len(forms) - 2)]
            out.append(f.format(n=n, c=self.contrib[n]))
        return " ".join(out)

    def form(self, mode: str = "form", blank: str = "", phasage_style: str | None = None,
             order: list[str] | None = None) -> Piece:
        """The description as a two-column form (label | answer); an omitted element keeps its label
        with an empty answer or the template's instruction."""
        tx = self.texts(phasage_style=phasage_style)
        order = order or ["contexte", "objectifs", "problematique", "cibles", "methodologie", "phasage",
                          "pilotage", "resultats", "perennisation"]
        rows, keys = [], set()
        for s in order:
            label = texts.heading(self.rng, s, mode)
            if s in tx:
                rows.append((label, tx[s]))
                keys.add(f"description.{s}")
            else:
                rows.append((label, [("p", blank.format(what=label.lower().rstrip(' ?')))]))
        return Piece([("kv", rows)], keys)

    def cover(self, *, intro: str | None = None, files: list[str] | None = None, sig: str | None = None,
              greeting: str | None = None, extra: str | None = None, close: bool = True) -> str:
        r = self.rng
        g = greeting or r.choice(["Bonjour,", "Madame, Monsieur,", "Bonjour à l'équipe de la Fabrique CTO,",
                                  "Chère équipe de la Fabrique,", "Bonjour Madame, Monsieur,"])
        i = intro or r.choice([
            "Veuillez trouver ci-joint la candidature de {org} à l'appel à manifestation d'intérêt « Développer le "
            "dialogue social technologique au travail ».",
            "Je vous adresse, pour {org}, notre réponse à l'AMI de la Fabrique CTO.",
            "Nous avons le plaisir de vous soumettre le projet {acronym}.",
            "Comme convenu au téléphone avec votre équipe, voici notre proposition pour la Fabrique CTO.",
            "Suite à la publication de votre appel, nous souhaitons vous présenter le projet {acronym}.",
            "C'est avec enthousiasme que nous répondons à votre appel à manifestation d'intérêt."])
        parts = [g, "", i.format(org=self.org.label, acronym=self.acronym)]
        if files:
            f = r.choice(["Vous trouverez en pièces jointes : {files}.", "Le dossier se compose de {n} documents : "
                          "{files}.", "Pièces jointes : {files}"]) if len(files) > 1 else \
                r.choice(["Tout est réuni dans le document joint ({files}).", "Le dossier est joint à ce message."])
            parts.append(f.format(files=", ".join(files), n=len(files)))
        if extra:
            parts.append(extra)
        if close:
            parts.append(r.choice(["Je reste à votre disposition pour toute précision.",
                                   "N'hésitez pas à revenir vers moi si besoin.",
                                   "Nous serions ravis de vous présenter le projet de vive voix.",
                                   "Merci par avance de l'attention portée à notre candidature."]))
        parts += ["", r.choice(["Bien cordialement,", "Cordialement,", "Bien à vous,", "Belle fin de journée,",
                                "Avec mes salutations distinguées,", "Très cordialement"]), "",
                  sig if sig is not None else self.signature()]
        if r.random() < 0.25:
            parts += ["", r.choice(["Ce message et ses pièces jointes sont confidentiels et destinés exclusivement "
                                    "à leurs destinataires. Si vous l'avez reçu par erreur, merci de le détruire.",
                                    "Pensez à l'environnement avant d'imprimer ce courriel.",
                                    "Je travaille à temps partiel : je ne lis pas mes messages le mercredi."])]
        return "\n".join(p for p in parts if p is not None)

    # ------------------------------------------------------------------ documents
    def docx(self, filename: str, piece: Piece, budget: bud.Budget | None = None, partners: bool = False,
             **opts) -> Doc:
        data = docgen.to_docx(piece.blocks, **opts)
        return Doc(filename, data, piece.keys, budget, self.partner_names() if partners else [])

    def pdf(self, filename: str, piece: Piece, budget: bud.Budget | None = None, partners: bool = False,
            **opts) -> Doc:
        data = docgen.to_pdf(piece.blocks, **opts)
        return Doc(filename, data, piece.keys, budget, self.partner_names() if partners else [])

    def office(self, conv: office.Converter, filename: str, piece: Piece, target: str,
               budget: bud.Budget | None = None, partners: bool = False, **opts) -> Doc:
        """A DOCX turned by LibreOffice into pdf / odt / doc."""
        data = docgen.to_docx(piece.blocks, **opts)
        stem = f"{self.id}-{len(self.messages)}-{ascii_fold(filename).rsplit('.', 1)[0][:20].replace(' ', '_')}"
        ext = target.split(":")[0]
        conv.add(stem, data, "docx", target)
        return Doc(filename, None, piece.keys, budget, self.partner_names() if partners else [], pending=(stem, ext))

    def letters(self, names: list[str] | None = None, scan: str | None = None, date: str = "28 juillet 2022") -> list:
        """One signed letter of support per partner, naming its contribution; `scan` = name of the one
        that arrives as a scan (pdf) or a photo (jpg)."""
        docs = []
        for n, k in self.partners:
            if names is not None and n not in names:
                continue
            signer = person(self.rng)
            lines = office.letter_lines(n, signer.name, self.rng.choice(["Directeur", "Présidente", "Secrétaire "
                                                                        "générale", "Déléguée régionale"]),
                                        self.org.label, self.acronym, self.contrib[n],
                                        self.org.address.split(", ")[-1].split(" ", 1)[-1], date)
            base = self.rng.choice(["Lettre de soutien", "Lettre d'engagement", "Courrier de soutien"])
            short = n.split(" (")[0].split(" –")[0]
            if scan == n:
                fmt = "jpg" if self.meta.get("scan_fmt") == "jpg" else "pdf"
                data = office.scan_image(lines, self.rng.randrange(10**6)) if fmt == "jpg" else \
                    office.scan_pdf(lines, self.rng.randrange(10**6))
                fname = f"{base} {short}.pdf" if fmt == "pdf" else f"IMG_{self.rng.randrange(1000, 9999)}.jpg"
                docs.append(Doc(fname,
                                data, set(), None, [], readable=False, flag="document_illisible"))
                self.notes.append(f"letter of {n} is a scan ({fmt}); its partner is named elsewhere")
            else:
                docs.append(Doc(f"{base} - {short}.pdf", office.letter_pdf(lines),
                                {"partenaires.liste", "partenaires.contributions"}, None, [n]))
        return docs

    # ------------------------------------------------------------------ mails
    def signature(self, title: str | None = None, org_line: bool = True, phone: bool = True) -> str:
        t = title or self.rng.choice({"labo": ["Maître de conférences|Maîtresse de conférences",
                                                "Professeur des universités|Professeure des universités",
                                                "Ingénieur de recherche|Ingénieure de recherche"],
                                       "asso": ["Directeur|Directrice", "Coordinateur|Coordinatrice",
                                                "Chargé de développement|Chargée de développement"],
                                       "editeur": ["Directeur de l'accompagnement client|Directrice de "
                                                   "l'accompagnement client", "CEO", "Responsable R&D"],
                                       "syndicat": ["Secrétaire général|Secrétaire générale",
                                                    "Secrétaire général adjoint|Secrétaire générale adjointe"],
                                       "collectivite": ["Chef de projet développement économique|Cheffe de projet "
                                                        "développement économique",
                                                        "Directeur général adjoint|Directrice générale adjointe"],
                                       "thinktank": ["Directeur des études|Directrice des études",
                                                     "Délégué général|Déléguée générale"],
                                       "scop": ["Associé-gérant|Associée-gérante",
                                                "Consultant associé|Consultante associée"]}.get(
            self.kind, ["Consultant senior|Consultante senior", "Associé|Associée",
                        "Directeur de mission|Directrice de mission"]))
        t = self.person.gendered(t)
        lines = [self.person.name, t]
        if org_line:
            lines.append(self.org.name)
            lines.append(self.org.address)
        if phone:
            lines.append(self.rng.choice(["Tél. ", "T : ", "Tel : ", "📞 "]) +
                         f"0{self.rng.randint(1, 7)} {self.rng.randint(10, 99)} {self.rng.randint(10, 99)} "
                         f"{self.rng.randint(10, 99)} {self.rng.randint(10, 99)}")
        return "\n".join(lines)

    def add(self, m: Msg) -> Msg:
        self.messages.append(m)
        return m

    def submit(self, client: str, when: datetime, subject: str, text: str | None, docs: list, **kw) -> Msg:
        return self.add(Msg(client, when, subject, text, "submission", kw.pop("sender", (self.person.name,
                                                                                       self.email)),
                            docs, **kw))

    def reply(self, client: str, when: datetime, subject: str, text: str | None, docs: list, **kw) -> Msg:
        return self.add(Msg(client, when, subject, text, "reply", kw.pop("sender", (self.person.name, self.email)),
                            docs, **kw))

    # ------------------------------------------------------------------ truth
    def truth(self) -> dict:
        present, budgets, partners, flags = set(), [], [], set()
        optional = set(self.optional_flags)
        for m in self.messages:
            if m.classification not in ("submission", "reply"):
                continue
            if m.body:
                present |= m.body.keys
            if m.body_budget is not None:
                budgets.append(m.body_budget)
            partners += m.body_partners
            for d in m.docs:
                if d.flag:
                    flags.add(d.flag)
                if d.optional_flag:
                    optional.add(d.optional_flag)
                if not d.readable:
                    continue
                present |= d.keys
                if d.budget is not None:
                    budgets.append(d.budget)
                partners += d.partners
        b = budgets[-1] if budgets else None
        figures = {"total_eur": None, "anact_request_eur": None, "cofinancing_eur": None,
                   "by_category": {c: None for c in bud.CATS + ["autres"]}}
        if b is not None:
            figures = {"total_eur": b.total, "anact_request_eur": b.anact, "cofinancing_eur": b.cofin,
                       "by_category": b.by_category()}
            if b.anact is not None and b.anact > CAP:
                flags.add("plafond_depasse")
            share = (b.cofin / b.total) if b.cofin else ((b.total - (b.anact or 0)) / b.total)
            if share < 0.2 - 1e-9:
                flags.add("cofinancement_insuffisant")
            if any(l_.eligible is False for l_ in b.lines):
                flags.add("depense_non_eligible")
            if any(l_.eligible is None for l_ in b.lines):
                optional.add("depense_non_eligible")
            # an earlier budget's excess is a debatable flag once corrected
            for old in budgets[:-1]:
                if old.anact and old.anact > CAP and "plafond_depasse" not in flags:
                    optional.add("plafond_depasse")
        first = min(m.when for m in self.messages if m.classification == "submission")
        if first > DEADLINE:
            flags.add("hors_delai")
        if self.project_end[:4] >= "2024":
            flags.add("fin_apres_echeance")
        optional -= flags
        seen, names = set(), []
        for n in partners:
            if n not in seen:
                seen.add(n)
                names.append(n)
        missing = [k for k in ALL_KEYS if k not in present]
        return {
            "id": self.id,
            "messages": [m.mid for m in sorted(self.messages, key=lambda m: m.when)
                         if m.classification in ("submission", "reply")],
            "applicant_email": self.email, "applicant_name": self.person.name, "organisation": self.org.name,
            "project_title": self.title, "acronym": self.acronym,
            "status": "complete" if not missing else "incomplete",
            "missing": missing, "present": [k for k in ALL_KEYS if k in present],
            "budget": figures, "partners": names, "flags": sorted(flags), "optional_flags": sorted(optional),
            "received_at": first.astimezone(PARIS).isoformat(), "project_end": self.project_end,
            "notes": self.notes, "meta": self.meta,
        }


GROUP_HEADINGS = {
    ("contexte", "problematique"): ("Contexte et problématique", "D'où vient le projet et quelle question pose-t-il ?"),
    ("methodologie", "phasage"): ("Démarche et calendrier", "Comment et quand ?"),
    ("perennisation", "resultats"): ("Résultats attendus et suites", "Qu'en restera-t-il ?"),
    ("cibles", "objectifs"): ("Objectifs et publics visés", "Pour quoi faire, et pour qui ?"),
}


def at(y: int, mo: int, d: int, h: int, mi: int, tz: str = "Europe/Paris", s: int | None = None,
       rng: random.Random | None = None) -> datetime:
    sec = s if s is not None else (rng.randrange(60) if rng else 0)
    return datetime(y, mo, d, h, mi, sec, tzinfo=ZoneInfo(tz))


def later(when: datetime, **delta) -> datetime:
    return when + timedelta(**delta)
