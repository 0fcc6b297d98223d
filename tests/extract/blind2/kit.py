"""One dossier's bookkeeping: its applicant and project, the elements drawn to be left out, the
blocks written into documents (description, budget, partners), its mails, and its truth computed
from what was written (never from a reading of the output)."""
from __future__ import annotations

from datetime import datetime, timedelta

from .base import Rand, money, month_end, month_label, paris, pct
from .docs import Doc
from .mime import Att, Mail, message_id
from .money import (Budget, accounting_rows, budget_bullets_k, budget_prose, cerfa_rows, mono_table,
                    percent_split, resources_rows, resources_sentence, table_grouped, table_years)
from .world import ORGS, REGIONS, THEMES, ascii_slug, email_of, org_prep, partner_pool, person, title_gender
from .writing import DESC, Ctx, cap, end_wording, heading, number, style_heading, write

KEYS = [f"description.{k}" for k in DESC] + ["budget.personnel", "budget.deplacements_logistique", "budget.prestations",
                                             "budget.cofinancements", "partenaires.liste", "partenaires.contributions"]
DEADLINE = paris(datetime(2022, 8, 23, 23, 59, 59))
ACRONYMS = ["TANDEM", "DIAPASON", "REGAIN", "CAP COMMUN", "ÉQUILIBRE", "TRAJECTOIRES", "PARAMÈTRE HUMAIN", "BOUCLE", "ÉCHO",
            "FIL D'ARIANE", "VIS-À-VIS", "PAROLES D'USAGE", "CLÉ DE VOÛTE", "BALISE", "CONVERGENCES", "LE TRAVAIL D'ABORD",
            "DIALOGUE AUGMENTÉ", "CO-PILOTE", "POLYPHONIE", "ESCALE", "CARREFOUR", "PASSAGE", "SÉSAME", "MOSAÏQUE", "AGORA TECH",
            "RELAIS", "TERRAIN COMMUN", "OUTIL EN DÉBAT", "MAIN À MAIN", "DÉCLIC", "ÉCLAIREUR", "CADENCE", "ÉQUIPAGE", "ORCHESTRE",
            "ALTERNANCES", "ANCRAGES", "HORIZON TRAVAIL", "ENTRE-DEUX", "PONT-LEVIS", "RÉSONANCE", "SILLAGE", "ÉTAIS", "ROUAGES",
            "PRISE DE PAROLE", "CONTREPOIDS"]
TITLES = ["Mettre en discussion {tech_short} dans {sector}", "Faire {de_tech} un objet de dialogue social",
          "Co-construire les règles d'usage {tech_de} avec les salariés", "{Tech_short} : un dialogue professionnel à outiller",
          "Ouvrir le paramétrage {tech_de} au dialogue social", "Mettre {tech_short} en discussion : une expérimentation dans {sector}"]


class SetState:
    """What the whole set shares while dossiers are drawn: organisations, acronyms, themes used."""

    def __init__(self, seed: int):
        self.seed = seed
        r = Rand(seed, "set")
        self.orgs = list(ORGS)
        r.shuffle(self.orgs)
        self.acronyms = list(ACRONYMS)
        r.shuffle(self.acronyms)
        self.themes = list(THEMES)
        r.shuffle(self.themes)
        self.used_orgs: set[str] = set()
        self.n = 0

    def org(self, kind: str, r):
        for o in self.orgs:
            if o.kind == kind and o.name not in self.used_orgs:
                self.used_orgs.add(o.name)
                return o
        for o in self.orgs:  # every one of this kind used: any unused one
            if o.name not in self.used_orgs:
                self.used_orgs.add(o.name)
                return o
        return r.pick(self.orgs)


class Dossier:
    def __init__(self, st: SetState, did: str, kind: str, *, start=None, end=None, date_style=None, end_words="",
                 when: datetime | None = None, theme: str | None = None):
        self.st = st
        self.id = did
        self.r = r = Rand(st.seed, did)
        org = st.org(kind, r)
        th = next(t for t in THEMES if t.key == theme) if theme else st.themes[st.n % len(st.themes)]
        st.n += 1
        reg = r.pick(REGIONS)
        lead_title = r.pick(org.titles)
        first, last, female = person(r, title_gender(lead_title))
        self.first, self.last = first, last
        title_tpl = r.pick(TITLES)
        from .writing import de
        title = title_tpl.format(tech_short=th.tech_short, Tech_short=cap(th.tech_short), sector=th.sector, de_tech=de(th.tech_short),
                                 tech_de=th.tech_de, sector_de_short=th.sector_de)
        if not start:
            start = r.pick([(2022, 9), (2022, 10), (2022, 11), (2023, 1)])
        if not end:
            end = r.pick([(2023, 6), (2023, 9), (2023, 10), (2023, 11), (2023, 12)])
        self.c = Ctx(org=org, region=reg, theme=th, acr=st.acronyms[(st.n - 1) % len(st.acronyms)], title=title,
                     city=r.pick(reg.cities), n=r.pick([4, 5, 6, 8, 10]), people=r.pick([120, 180, 250, 400, 650]),
                     start=start, end=end, lead=f"{first} {last}", lead_title=lead_title,
                     date_style=date_style or r.pick(["month", "abbr", "quarter", "mn", "num"]), end_words=end_words)
        self.email = email_of(first, last, org.domain, r.randrange(4))
        self.female = female
        self.partners = partner_pool(r, reg, th, kind)[: r.pick([3, 4, 5])]
        for p in self.partners:
            f2, l2, _ = person(r)
            p.signer, p.signer_title = f"{f2} {l2}", r.pick(["Directrice", "Directeur", "Secrétaire général", "Présidente", "Responsable régional"])
        self.c.partners = self.partners
        self.missing: set[str] = set()
        self.mails: list[Mail] = []
        self.notes: list[str] = []
        self.optional_flags: list[str] = []
        self.extra_flags: list[str] = []
        self.meta: dict = {"kind": org.kind}
        self.when = when or paris(datetime(2022, 7, 11, 8) + timedelta(minutes=r.randrange(0, 43 * 24 * 60)))
        if self.when.hour < 7:
            self.when = self.when.replace(hour=self.when.hour + 8)
        self.skipped_reason = ""

    # ------------------------------------------------------------ drawing what is left out

    def draw_missing(self, pool=None, p_complete=0.45, kmax=3, force=()):
        r = self.r
        self.missing = set(force)
        if not force and r.chance(p_complete):
            return self.missing
        pool = list(pool or KEYS)
        k = r.pick([1, 1, 2, 2, 3][: max(1, kmax + 2)])
        k = min(k, kmax)
        for key in r.some(pool, k):
            self.missing.add(key)
        if "partenaires.liste" in self.missing:
            self.missing.add("partenaires.contributions")
        if {"budget.personnel", "budget.deplacements_logistique", "budget.prestations"} <= self.missing:
            self.missing.discard("budget.prestations")
        return self.missing

    def has(self, key: str) -> bool:
        if "." not in key:
            key = f"description.{key}"
        return key not in self.missing

    def drop_cats(self):
        return tuple(k.split(".")[1] for k in self.missing if k in ("budget.personnel", "budget.deplacements_logistique", "budget.prestations"))

    # ------------------------------------------------------------ blocks

    def describe(self, doc: Doc, order=None, mode="plain", num="arabic", caps="none", level=2, styles=None, start_index=0,
                 only=None, merged_method_phasing=False):
        """Write the present elements under their headings; returns the next heading index."""
        r, c = self.r, self.c
        i = start_index
        order = list(order or DESC)
        for key in order:
            if only is not None and key not in only:
                continue
            if merged_method_phasing and key == "phasage":
                continue
            if merged_method_phasing and key == "methodologie":
                head = "Déroulé méthodologique envisagé incluant un phasage détaillé"
                if mode == "question":
                    head = "Quel déroulé méthodologique envisagez-vous, incluant un phasage détaillé ?"
                items = []
                if self.has("methodologie"):
                    items += write("methodologie", c, r, (styles or {}).get("methodologie"))
                if self.has("phasage"):
                    items += write("phasage", c, r, (styles or {}).get("phasage"))
                    doc.end_stated = True
                if items:
                    doc.add(("h", level, number(i, num) + style_heading(head, caps)))
                    doc.add(*items)
                    if self.has("methodologie"):
                        doc.keys.add("description.methodologie")
                    if self.has("phasage"):
                        doc.keys.add("description.phasage")
                    i += 1
                continue
            if not self.has(key):
                continue
            h = number(i, num) + style_heading(heading(key, r, mode), caps)
            doc.element(key, h, write(key, c, r, (styles or {}).get(key)), level)
            if key == "phasage":
                doc.end_stated = True
            i += 1
        return i

    def duration_text(self) -> str:
        c = self.c
        return f"{c.months} mois ({month_label(*c.start)} – {end_wording(c).removeprefix('la ')})"

    def summary_kv(self, b: Budget | None, ms="fr") -> list:
        c = self.c
        rows = [("Structure porteuse", [("p", c.org.name)]), ("Intitulé du projet", [("p", f"{c.acr} – {c.title}")]),
                ("Responsable", [("p", f"{c.lead}, {c.lead_title} – {self.email}")]), ("Durée", [("p", self.duration_text())])]
        if b is not None:
            rows += [("Coût total", [("p", money(b.total, ms))]), ("Subvention sollicitée auprès de l'Anact", [("p", money(b.anact, ms))])]
        return rows

    def budget_block(self, doc: Doc, b: Budget, layout: str, ms: str = "fr", head: str | None = None, level=2, with_resources=True):
        """Write b into doc in one of the layouts, and record what the document now states."""
        items = []
        if head:
            items.append(("h", level, head))
        if layout == "grouped":
            items.append(("table", table_grouped(b, ms), {"header": 1}))
        elif layout == "grouped_alt":
            items.append(("table", table_grouped(b, ms, alt=True, subtotals=False), {"header": 1}))
        elif layout == "qty":
            items.append(("table", table_grouped(b, ms, qty_cols=True), {"header": 1}))
        elif layout == "years":
            items.append(("table", table_years(b, ms), {"header": 1, "super": [(1, 3, "Montants (€)")]}))
        elif layout == "prose":
            items += budget_prose(b, ms)
            with_resources = False
        elif layout == "bullets_k":
            items += budget_bullets_k(b)
            with_resources = False
        elif layout == "mono":
            items.append(("pre", mono_table(b)))
            with_resources = False
        elif layout == "cerfa":
            items.append(("table", cerfa_rows(b, ms), {"header": 1, "small": True, "widths": [0.36, 0.14, 0.36, 0.14]}))
            a = b.anact
            items.append(("p", f"La subvention de {money(a, ms)} représente {pct(a / b.total)} du total des produits : "
                               "(montant attribué / total des produits) x 100."))
            with_resources = False
        elif layout in ("accounting_comma", "accounting_dot"):
            items.append(("table", accounting_rows(b, layout.split("_")[1]), {"header": 1, "grid": False, "widths": [0.1, 0.46, 0.08, 0.16, 0.2]}))
        elif layout == "percent":
            items.append(("table", table_grouped(b, ms, subtotals=False), {"header": 1}))
            items.append(("p", percent_split(b)))
            with_resources = False
        elif layout == "summary":
            items.append(("p", f"Coût total du projet : {money(b.total, ms)} ; montant sollicité auprès de l'Anact : {money(b.anact, ms)}."))
            with_resources = False
        else:
            raise ValueError(layout)
        shows_resources = with_resources or layout in ("prose", "bullets_k", "mono", "cerfa", "percent")
        if with_resources:
            if self.r.chance(0.5):
                items.append(("p", "Plan de financement"))
                items.append(("table", resources_rows(b, ms, status=self.r.chance(0.5)), {"header": 1}))
            else:
                items.append(("p", resources_sentence(b, ms)))
        before = set(doc.keys)
        doc.add(*items)
        doc.set_budget(b)
        if not shows_resources and "budget.cofinancements" not in before:
            doc.keys.discard("budget.cofinancements")
        if layout == "summary":  # only the two figures are stated
            doc.keys -= {"budget.personnel", "budget.deplacements_logistique", "budget.prestations", "budget.cofinancements"} - before
            doc.budget = summary_of(b)
        return items

    def partners_block(self, doc: Doc, fmt: str, head: str | None = None, level=2, partners=None, contributions=None):
        """The partners in one of the formats; contributions left out when drawn missing."""
        ps = partners if partners is not None else self.partners
        contrib = self.has("partenaires.contributions") if contributions is None else contributions
        if not self.has("partenaires.liste") and partners is None:
            return
        if head:
            doc.add(("h", level, head))
        if fmt == "table":
            rows = [["Partenaire", "Nature", "Contribution attendue"] if contrib else ["Partenaire", "Nature"]]
            kinds = {"aract": "Réseau Anact-Aract", "syndicat": "Organisation syndicale", "patronat": "Organisation patronale",
                     "opco": "Opérateur de compétences", "labo": "Recherche", "carsat": "Assurance maladie – risques professionnels",
                     "branche": "Branche professionnelle", "pilote": "Structure pilote", "editeur": "Éditeur de logiciel",
                     "collectivite": "Collectivité"}
            for p in ps:
                rows.append([p.name, kinds[p.kind], cap(p.contribution)] if contrib else [p.name, kinds[p.kind]])
            doc.add(("table", rows, {"header": 1}))
        elif fmt == "bullets":
            doc.add(("ul", [f"{p.name} : {p.contribution}" if contrib else p.name for p in ps]))
        elif fmt == "runin":
            for p in ps:
                doc.add(("runin", p.name + (" –" if contrib else ""), cap(p.contribution) + "." if contrib else ""))
        elif fmt == "prose":
            if contrib:
                doc.add(("p", " ".join(f"{p.name} s'engage sur : {p.contribution}." for p in ps)))
            else:
                doc.add(("p", "Partenaires pressentis : " + ", ".join(p.name for p in ps) + "."))
        elif fmt == "logos":
            doc.add(("p", "Ils s'engagent à nos côtés"))
            doc.add(("logos", [("".join(w[0] for w in p.name.replace("'", " ").split() if w[0].isupper())[:4] or p.name[:3],
                                f"{p.name}\n{cap(p.contribution)}" if contrib else p.name) for p in ps]))
        elif fmt == "numbered":
            doc.add(("ol", [f"{p.name}{' – ' + p.short_role + ' : ' + p.contribution if contrib else ''}" for p in ps]))
        else:
            raise ValueError(fmt)
        doc.set_partners([p.name for p in ps], contrib)

    # ------------------------------------------------------------ mails

    def mail(self, client: str, *, when: datetime | None = None, subject: str | None = "", sender: str | None = None,
             name: str | None = None, body=None, atts=(), classification="submission", **kw) -> Mail:
        r = self.r
        when = when or self.when
        sender = sender or self.email
        name = name or f"{self.first} {self.last}"
        if subject == "":
            subject = r.pick([f"Candidature AMI Fabrique CTO – {self.c.acr}", f"Réponse à l'appel à projets Fabrique CTO : {self.c.acr}",
                              f"[AMI dialogue social technologique] Dossier {self.c.org.short}", f"Projet {self.c.acr} – candidature",
                              f"Fabrique CTO 2022 - proposition {self.c.org.short}"])
        dom = sender.split("@", 1)[1]
        m = Mail(sender=sender, name=name, subject=subject, date=when, client=client, atts=list(atts),
                 msgid=message_id(client, r, dom, when), classification=classification, dossier=self.id, **kw)
        if body is not None:
            m.body_doc = body
            m.body_items = body.items
        else:
            m.body_doc = Doc()
        self.mails.append(m)
        return m

    def personal(self, domain: str, sep: str = ".", suffix: str = "") -> str:
        """A personal address (gmail, laposte.net, free.fr...) made of the person's name."""
        return f"{ascii_slug(self.first, '')}{sep}{ascii_slug(self.last, '')}{suffix}@{domain}"

    def signature(self, phone=True) -> list[str]:
        c, r = self.c, self.r
        sig = ["", f"{self.first} {self.last}", c.lead_title, c.org.name]
        if phone:
            sig.append(r.pick([f"Tél. 0{r.randrange(1, 6)} {r.randrange(10, 99)} {r.randrange(10, 99)} {r.randrange(10, 99)} {r.randrange(10, 99)}",
                               f"+33 6 {r.randrange(10, 99)} {r.randrange(10, 99)} {r.randrange(10, 99)} {r.randrange(10, 99)}"]))
        sig.append(f"www.{c.org.domain}" if not c.org.domain.startswith("univ") else c.org.domain)
        return sig

    def cover(self, style: int, listing: list[str] | None = None) -> list:
        """The few lines above the documents, in the applicant's voice."""
        c, r = self.c, self.r
        greet = r.pick(["Bonjour,", "Madame, Monsieur,", "Bonjour à l'équipe de la Fabrique CTO,", "Chère équipe,"])
        if style == 0:
            lines = [("p", greet), ("p", f"Vous trouverez ci-joint la candidature {org_prep(c.org.name, 'de')} à l'appel à manifestation d'intérêt « Développer le dialogue social technologique au travail »."),
                     ("p", "Je reste à votre disposition pour tout renseignement complémentaire."), ("p", "Bien cordialement,")]
        elif style == 1:
            lines = [("p", greet), ("p", f"Suite à la publication de votre AMI, nous avons le plaisir de vous soumettre le projet {c.acr} « {c.title} »."),
                     ("p", "Les pièces du dossier :")]
            lines.append(("ul", listing or []))
            lines += [("p", "Avec nos remerciements pour l'attention portée à notre proposition,"), ("p", "Cordialement,")]
        elif style == 2:
            lines = [("p", greet), ("p", f"{c.org.short} candidate à la Fabrique CTO avec le projet {c.acr}. Tout est dans les fichiers joints."),
                     ("p", "Belle journée,")]
        else:
            lines = [("p", "Bonjour"), ("p", "Ci-joint notre dossier. Bonne réception"), ("p", "Cordialement")]
        return lines

    # ------------------------------------------------------------ truth

    def docs_of(self, m: Mail) -> list[Doc]:
        out = [m.body_doc] if m.body_doc is not None else []
        for a in m.atts:
            if a.kind == "zip":
                out += [x.doc for x in a.members if x.doc is not None and x.doc.readable]
            elif a.doc is not None and a.doc.readable and a.kind not in ("scan", "encrypted", "unsupported"):
                out.append(a.doc)
        if m.forwarded is not None:
            out += self.docs_of(m.forwarded)
        return out

    def truth(self) -> dict:
        mails = [m for m in self.mails if m.dossier == self.id]
        mails.sort(key=lambda m: m.date)
        present: set[str] = set()
        partners: list[str] = []
        budget = None
        end = False
        first_missing = None
        for m in mails:
            docs = self.docs_of(m)
            for d in docs:
                present |= d.keys
                for p in d.partners:
                    if p not in partners:
                        partners.append(p)
                end = end or d.end_stated
            budgets = [d.budget for d in docs if d.budget is not None]
            if budgets:
                budget = max(budgets, key=lambda b: (len(b.lines), len(b.resources)))
            if first_missing is None:
                first_missing = [k for k in KEYS if k not in present]
        missing = [k for k in KEYS if k not in present]
        flags = []
        if budget is not None:
            total, anact = budget.total, budget.anact
            if anact is not None and anact > 80000:
                flags.append("plafond_depasse")
            if total:
                cof = budget.cofin
                share = (cof or 0) / total if cof is not None else ((total - anact) / total if anact is not None else None)
                if share is not None and share < 0.2 - 1e-9:
                    flags.append("cofinancement_insuffisant")
            if any(x.cat == "autres" for x in budget.lines):
                flags.append("depense_non_eligible")
        subs = [m for m in mails if m.classification == "submission"]
        if subs and subs[0].date > DEADLINE:
            flags.append("hors_delai")
        if end and self.c.end[0] >= 2024:
            flags.append("fin_apres_echeance")
        for m in mails:
            for a in m.atts:
                if a.kind == "scan" and "document_illisible" not in flags:
                    flags.append("document_illisible")
                if a.kind == "encrypted" and "piece_jointe_protegee" not in flags:
                    flags.append("piece_jointe_protegee")
                if a.kind == "unsupported" and "piece_jointe_non_supportee" not in flags:
                    flags.append("piece_jointe_non_supportee")
        flags += [f for f in self.extra_flags if f not in flags]
        flags = [f for f in flags if f not in self.optional_flags]
        by = budget.by_cat() if budget is not None else {k: None for k in ("personnel", "deplacements_logistique", "prestations", "autres")}
        if budget is not None and not budget.lines:
            by = {k: None for k in by}
        self.meta.setdefault("missing_first_message", first_missing or [])
        self.meta["attachments"] = [a.filename for m in mails for a in m.atts]
        return {
            "id": self.id,
            "messages": [m.msgid for m in mails],
            "applicant_email": mails[0].sender,
            "applicant_name": mails[0].name,
            "organisation": self.c.org.name,
            "project_title": self.c.title,
            "acronym": self.c.acr,
            "status": "complete" if not missing else "incomplete",
            "missing": missing,
            "present": [k for k in KEYS if k in present],
            "budget": {"total_eur": budget.total if budget else None, "anact_request_eur": budget.anact if budget else None,
                       "cofinancing_eur": budget.cofin if budget else None, "by_category": by},
            "partners": partners,
            "flags": flags,
            "optional_flags": list(self.optional_flags),
            "received_at": mails[0].date.isoformat(),
            "project_end": month_end(*self.c.end).isoformat() if end else None,
            "notes": list(self.notes),
            "meta": self.meta,
        }


def summary_of(b: Budget) -> Budget:
    """What a sentence giving only the total cost and the Anact request states."""
    return Budget(stated_total=b.total, resources=[x for x in b.resources if x.kind == "anact"])


def att(filename: str, doc: Doc | None = None, data: bytes = b"", convert=None, kind="", **kw) -> Att:
    return Att(filename=filename, data=data, doc=doc, convert=convert, kind=kind, **kw)
