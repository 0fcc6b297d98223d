"""Dossiers N01-N20: how each applicant laid out its answer (see README.md for the breadth)."""
from __future__ import annotations

from datetime import datetime, timedelta

from .base import money, month_label, pct
from .docs import Doc, to_docx, to_odt, to_pdf
from .kit import Dossier, att, summary_of
from .mime import Mail
from .money import Budget, Line, Resource, cerfa_budget, make_budget, resources_rows, set_shares
from .office import letter, xlsx_formulas, xlsx_merged, xlsx_text_amounts
from .world import org_prep
from .writing import DESC, heading, number, write


def fr_day(dt) -> str:
    from .base import MONTHS
    return f"{'1er' if dt.day == 1 else dt.day} {MONTHS[dt.month - 1]} {dt.year}"


def meta(k: Dossier, desc, bloc, bvar, ploc, pfmt, client, heading_style=None, xlsx=None, reply=None, roles=()):
    hs = {"num": "none", "caps": False, "noacc": False, **(heading_style or {})}
    k.meta.update(desc_format=desc, budget_loc=bloc, budget_variant=bvar, xlsx_variant=xlsx, partner_loc=ploc, partner_fmt=pfmt,
                  client=client, heading_style=hs, reply=reply, roles=list(roles))


def budget_doc(b: Budget, resources=True) -> Doc:
    d = Doc()
    d.set_budget(b)
    if not resources:
        d.keys.discard("budget.cofinancements")
    return d


def fld(doc: Doc, k: Dossier, key: str, label: str, style=None):
    doc.keys.add(f"description.{key}")
    if key == "phasage":
        doc.end_stated = True
    return (label, write(key, k.c, k.r, style))


FAKE_ACK = "<fcto-{n}.{h}@anact.fr>"


def request_quote(k: Dossier, missing_words: list[str], when: datetime, style: str) -> tuple[str, str]:
    """Our completion request, quoted under the applicant's answer (its words name what was missing)."""
    body = ["Madame, Monsieur,", "",
            f"Nous avons bien reçu votre proposition « {k.c.title} » en réponse à l'appel « Développer le dialogue social technologique au travail ».",
            "", "L'appel demande une proposition en trois parties. Après examen de votre envoi, les éléments suivants n'ont pas été trouvés :", ""]
    body += [f"- {w}" for w in missing_words]
    body += ["", "Nous vous remercions de nous les transmettre au plus tard le 2 septembre 2022.", "", "L'équipe de la Fabrique CTO – Anact"]
    if style == "gmail":
        head = f"Le {['lun.', 'mar.', 'mer.', 'jeu.', 'ven.', 'sam.', 'dim.'][when.weekday()]} {when.day} {['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juil.', 'août', 'sept.', 'oct.', 'nov.', 'déc.'][when.month - 1]} {when.year} à {when:%H:%M}, Fabrique CTO <fabrique@anact.fr> a écrit :"
        return head, "\n".join("> " + x if x else ">" for x in body)
    if style == "thunderbird":
        head = f"Le {when:%d/%m/%Y} à {when:%H:%M}, Fabrique CTO a écrit :"
        return head, "\n".join("> " + x if x else ">" for x in body)
    from .mime import fr_long
    head = (f"De : Fabrique CTO <fabrique@anact.fr>\nEnvoyé : {fr_long(when)}\nÀ : {k.first} {k.last} <{k.email}>\n"
            f"Objet : Demande de compléments – votre proposition « {k.c.title} »")
    return "________________________________\n" + head, "\n".join(body)


# ------------------------------------------------------------------------------------------ N01


def n01(st):
    """An association fills the subsidy form (Cerfa 12156) as a DOCX: fields, the action's budget
    by accounts 60-87 with in-kind contributions, attestations; sent from a La Poste webmail."""
    k = Dossier(st, "N01", "asso", date_style="month")
    k.draw_missing(["description.problematique", "description.pilotage", "description.perennisation", "description.phasage",
                    "partenaires.contributions", "budget.deplacements_logistique"], p_complete=0.15, kmax=2)
    c, r = k.c, k.r
    b = cerfa_budget(r, c, drop_cats=k.drop_cats())
    doc = Doc(title="Dossier de demande de subvention", author=f"{k.first} {k.last}", footer="Cerfa n° 12156*06")
    doc.add(("title", "Dossier de demande de subvention"), ("sub", "Association – Cerfa n° 12156*06"),
            ("h", 1, "1. Identification de l'association"),
            ("kv", [("Nom – Dénomination", [("p", c.org.name)]), ("Numéro RNA", [("p", f"W{r.randrange(10**8, 10**9)}")]),
                    ("Numéro SIRET", [("p", f"{r.randrange(100, 999)} {r.randrange(100, 999)} {r.randrange(100, 999)} 000{r.randrange(10, 99)}")]),
                    ("Adresse du siège social", [("p", f"{r.randrange(2, 80)} rue des Tanneurs, {c.city}")]),
                    ("Représentant(e) légal(e)", [("p", r.pick(["Mme Odile Bréal, présidente", "M. Gérard Joubert, président", "Mme Monique Alazard, coprésidente"]))]),
                    ("Personne chargée du présent dossier", [("p", f"{c.lead} – {k.email}")])]),
            ("h", 1, "2. Description du projet"))
    rows = [("Intitulé", [("p", f"{c.acr} – {c.title}")])]
    if k.has("contexte"):
        rows.append(fld(doc, k, "contexte", "Constats et besoins à l'origine du projet"))
    if k.has("objectifs"):
        rows.append(fld(doc, k, "objectifs", "Objectifs"))
    if k.has("methodologie"):
        rows.append(fld(doc, k, "methodologie", "Description (contenu, déroulement)"))
    if k.has("cibles"):
        rows.append(fld(doc, k, "cibles", "Public(s) cible(s)"))
    rows += [("Nombre approximatif de bénéficiaires", [("p", str(c.people))]),
             ("Lieu(x) de réalisation", [("p", f"{c.city} et les communes voisines")]),
             ("Date de mise en œuvre prévue (début)", [("p", f"01/{c.start[1]:02d}/{c.start[0]}")]),
             ("Durée prévue (nombre de mois ou de jours)", [("p", f"{c.months} mois")]),
             ("Moyens matériels et humains prévus", [("p", "Une salariée à mi-temps, quatre bénévoles formés à l'animation, le local de l'association.")])]
    doc.end_stated = True
    if k.has("resultats"):
        rows.append(fld(doc, k, "resultats", "Évaluation : indicateurs proposés au regard des objectifs", "indicators"))
    doc.add(("kv", rows))
    extra = []
    if k.has("problematique"):
        extra.append(fld(doc, k, "problematique", "Problématique"))
    if k.has("phasage"):
        extra.append(fld(doc, k, "phasage", "Calendrier de réalisation", "steps"))
    if k.has("pilotage"):
        extra.append(fld(doc, k, "pilotage", "Suivi et pilotage", "short"))
    if k.has("perennisation"):
        extra.append(fld(doc, k, "perennisation", "Suites envisagées"))
    contrib = k.has("partenaires.contributions")
    extra.append(("Partenariats", [("ul", [f"{p.name} ({p.contribution})" if contrib else p.name for p in k.partners])]))
    doc.set_partners([p.name for p in k.partners], contrib)
    doc.add(("h", 2, "Informations complémentaires demandées par l'appel"), ("kv", extra), ("break",),
            ("h", 1, "3. Budget prévisionnel de l'action"), ("p", f"Exercice {c.start[0]}{'-' + str(c.end[0]) if c.end[0] != c.start[0] else ''} – montants en euros"))
    k.budget_block(doc, b, "cerfa", "fr")
    doc.add(("h", 1, "4. Attestations"),
            ("p", f"Je soussigné(e), {c.lead}, représentant(e) légal(e) de l'association, certifie que l'association est régulièrement déclarée "
                  "et en règle au regard de ses obligations sociales et fiscales, et certifie exactes les informations du présent dossier."),
            ("p", f"Fait à {c.city}, le {fr_day(k.when)}"))
    body = Doc()
    cov = k.cover(0)
    body.add(*cov[:-1], ("p", f"Le budget total de l'action s'élève à {money(b.total, 'fr')}, dont {money(b.anact, 'fr')} sollicités auprès de l'Anact."), cov[-1])
    body.budget = summary_of(b)
    mail = k.mail("openxchange", body=body, sender=k.personal("laposte.net", suffix=str(r.randrange(10, 99))),
                  atts=[att(f"cerfa_12156-06_{c.acr.replace(' ', '_')}.docx", doc, data=to_docx(doc, "bold", "Arial", 10))])
    mail.signature = k.signature(False)
    k.notes.append("in-kind contributions (accounts 86/87) are not counted in the total; the mail states the total without them")
    meta(k, "cerfa_docx", "doc", "cerfa", "doc", "cerfa_field", "openxchange", {"num": "arabic", "form": True})
    return k


# ------------------------------------------------------------------------------------------ N02


def n02(st):
    """A consultancy: DOCX with roman numbered headings; the budget as an accounting tool's PDF
    export (comma thousands, a discount in brackets, TOTAL HT / TVA / TOTAL TTC); the financing
    plan in the DOCX; Outlook in windows-1252 with a UTC Date."""
    k = Dossier(st, "N02", "cabinet")
    k.draw_missing(p_complete=0.4, kmax=2)
    c, r = k.c, k.r
    with_cofin = k.has("budget.cofinancements")
    b = make_budget(r, c, drop_cats=k.drop_cats(), with_cofin=with_cofin, qty=True)
    if k.has("budget.prestations"):
        b.lines.append(Line("Remise partenariale sur honoraires", "prestations", -r.pick([500, 750, 1000, 1500])))
        tot = b.total
        if len(b.resources) > 1:
            b.resources[0].amount = min(80000, round(tot * 0.7, -2))
            rest = round(tot - b.resources[0].amount, 2)
            others = b.resources[1:]
            for x in others[:-1]:
                x.amount = round(rest * 0.5, -2)
            others[-1].amount = round(rest - sum(x.amount for x in others[:-1]), 2)
        else:
            b.resources[0].amount = min(b.resources[0].amount, tot)
    b.vat = 0.2
    doc = Doc(title=f"{c.acr} – proposition", author=k.c.lead, header=f"{c.org.name} – Réponse à l'AMI Fabrique CTO 2022", footer=c.acr)
    doc.add(("title", f"{c.acr}"), ("sub", c.title))
    i = k.describe(doc, num="roman_dash", level=1)
    if k.has("partenaires.liste"):
        k.partners_block(doc, "table", number(i, "roman_dash") + "Partenaires mobilisés", level=1)
        i += 1
    doc.add(("h", 1, number(i, "roman_dash") + "Plan de financement"),
            ("p", f"Le coût total du projet s'élève à {money(b.total, 'fr')} HT (détail en annexe, export de notre outil de gestion)."),
            ("table", resources_rows(b, "fr"), {"header": 1}))
    if with_cofin:
        doc.keys.add("budget.cofinancements")
    doc.budget = b
    ann = Doc(title="Budget prévisionnel", header=f"{c.org.name} – SIRET {r.randrange(100, 999)} {r.randrange(100, 999)} {r.randrange(100, 999)} 000{r.randrange(10, 99)}",
              footer=f"Édité le {k.when.day:02d}/{k.when.month:02d}/2022")
    ann.add(("h", 2, f"Budget prévisionnel – projet {c.acr}"), ("p", "Montants exprimés en euros hors taxes"))
    k.budget_block(ann, b, "accounting_comma", with_resources=False)
    m = k.mail("outlook_1252", body=Doc(items=k.cover(1, [f"Proposition {c.acr} (Word)", "Annexe budgétaire (PDF)"])),
               atts=[att(f"{c.org.short} - AMI Fabrique CTO - {c.acr}.docx", doc, data=to_docx(doc, "style")),
                     att(f"Annexe budgetaire {c.acr}.pdf", ann, data=to_pdf(ann, "plain"))], logo=True, text_table="cells")
    m.signature = k.signature()
    k.notes.append("budget annex HT with TVA and TOTAL TTC: the figures are HT; a discount line in brackets reduces the services")
    meta(k, "docx_styles_roman", "annex_pdf", "accounting_comma", "doc", "table", "outlook_1252", {"num": "roman_dash", "caps": False})
    return k


# ------------------------------------------------------------------------------------------ N03


def n03(st):
    """An association's report (LibreOffice PDF from Word) with partners' logos captioned under
    "Ils s'engagent à nos côtés", and a financing plan given as shares only."""
    k = Dossier(st, "N03", "asso")
    k.draw_missing(["description.contexte", "description.cibles", "description.resultats", "description.perennisation",
                    "partenaires.contributions", "budget.personnel"], p_complete=0.4, kmax=2)
    c, r = k.c, k.r
    b = make_budget(r, c, drop_cats=k.drop_cats(), with_cofin=True)
    b.resources = [Resource("Anact – Fabrique CTO", "anact", "subvention", 0), Resource("Autofinancement", "cofin", "autofinancement", 0)]
    share = r.pick([0.7, 0.75, 0.8])
    set_shares(b, [share, round(1 - share, 2)])
    doc = Doc(title=c.title, author=c.lead, header=f"{c.org.short} · {c.acr}", footer=c.org.name)
    doc.add(("title", c.acr), ("sub", c.title), ("p", f"Porté {org_prep(c.org.name, 'par')} – contact : {c.lead} ({k.email})"))
    k.describe(doc, num="none", level=1)
    doc.add(("h", 1, "Budget prévisionnel"))
    k.budget_block(doc, b, "percent", "fr_nb")
    if k.has("partenaires.liste"):
        doc.add(("h", 1, "Partenaires"))
        k.partners_block(doc, "logos")
    m = k.mail("gmail", body=Doc(items=k.cover(r.pick([0, 2]))),
               atts=[att(f"{c.acr} - dossier Fabrique CTO.pdf", doc, convert=(to_docx(doc, "style"), "docx", "pdf"))])
    m.signature = k.signature()
    k.notes.append(f"financing given as shares only (Anact {pct(share)}, autofinancement {pct(1 - share)}): amounts = share × total")
    meta(k, "pdf_lo_logos", "doc", "percent_split", "doc", "logos", "gmail", {"num": "none"})
    return k


# ------------------------------------------------------------------------------------------ N04


def n04(st):
    """The call's own words pasted as questions (reportlab PDF), method and phasing under the
    call's single wording; a treasurer's XLSX (merged headers, comments, hidden sheets including an
    older version); partners only in letters of support; Thunderbird with RFC 2231 names."""
    k = Dossier(st, "N04", "thinktank", date_style="abbr")
    k.draw_missing(["description.phasage", "description.pilotage", "description.problematique", "description.cibles",
                    "budget.deplacements_logistique", "budget.cofinancements"], p_complete=0.3, kmax=2)
    c, r = k.c, k.r
    b = make_budget(r, c, drop_cats=k.drop_cats(), with_cofin=k.has("budget.cofinancements"), years=True, qty=True)
    old = make_budget(r, c, with_cofin=True, size=1.2)
    doc = Doc(title=f"Réponse AMI – {c.acr}", author=c.lead, footer=c.org.name)
    doc.add(("title", f"{c.acr} : {c.title}"), ("p", f"Candidature {org_prep(c.org.name, 'de')} – {month_label(k.when.year, k.when.month)}"))
    doc.add(("h", 1, "1. La description du projet"))
    k.describe(doc, mode="question", num="none", level=2, merged_method_phasing=True)
    doc.add(("h", 1, "2. Un budget détaillé"), ("p", "Voir le classeur joint « Budget »."),
            ("h", 1, "3. Les partenaires mobilisés et leur contribution attendue"), ("p", "Voir les lettres de soutien jointes."))
    atts = [att(f"{c.acr}_reponse_AMI.pdf", doc, data=to_pdf(doc, "report")),
            att(f"Budget {c.acr} v3.xlsx", budget_doc(b, True), data=xlsx_merged(b, c, old=old))]
    for i, p in enumerate(k.partners[:3]):
        ld = letter(p, c, c.city, fr_day(k.when - timedelta(days=r.randrange(2, 12))), i)
        atts.append(att(f"Lettre soutien {p.name[:40]}.pdf", ld, data=to_pdf(ld, "plain")))
    k.mail("thunderbird", body=Doc(items=k.cover(1, ["la réponse à l'AMI (PDF)", "le budget (Excel)", "trois lettres de soutien"])), atts=atts).signature = k.signature()
    k.notes.append("the XLSX holds a hidden first sheet 'Budget V1 (juin)' with other figures: the visible sheet is the budget")
    k.notes.append("a heading names the phasing (the call's wording) even when no phasing is given")
    meta(k, "pdf_reportlab_callquestions", "xlsx", "years_merged", "letters", "letters", "thunderbird", {"num": "none", "questions": True},
         xlsx="merged_hidden_comments")
    return k


# ------------------------------------------------------------------------------------------ N05


def n05(st):
    """A lab's bilingual proposal (French / English headings), LibreOffice PDF with running header
    and footer; the budget split by partner in columns; a consortium table; SOGo webmail."""
    k = Dossier(st, "N05", "labo", date_style="month")
    k.draw_missing(p_complete=0.4, kmax=3)
    c, r = k.c, k.r
    b = make_budget(r, c, drop_cats=k.drop_cats(), with_cofin=k.has("budget.cofinancements"))
    doc = Doc(title=c.title, author=c.lead, header=f"{c.org.short} – Fabrique CTO 2022 – {c.acr}", footer="Document de candidature / Application")
    doc.add(("title", c.acr), ("sub", f"{c.title}"))
    i = k.describe(doc, mode="bilingual", num="arabic", level=1)
    who = [c.org.short] + [p.name for p in k.partners if p.kind in ("labo", "aract", "pilote")][:2]
    rows = [["Poste / Item"] + who + ["Total"]]
    for j, x in enumerate(b.lines):
        split = [0.0] * len(who)
        split[j % len(who) if x.cat != "personnel" else 0] = x.amount
        rows.append([x.label] + [money(v, "fr") if v else "–" for v in split] + [money(x.amount, "fr")])
    rows.append(["Total"] + [money(sum(x.amount for jj, x in enumerate(b.lines) if (jj % len(who) if x.cat != "personnel" else 0) == w), "fr") for w in range(len(who))]
                + [money(b.total, "fr")])
    doc.add(("h", 1, number(i, "arabic") + "Budget / Budget"), ("table", rows, {"header": 1}))
    if b.resources:
        doc.add(("p", "Financement / Funding"), ("table", resources_rows(b, "fr", ("Source", "Type", "Montant", "%")), {"header": 1}))
    doc.set_budget(b)
    i += 1
    if k.has("partenaires.liste"):
        k.partners_block(doc, "table", number(i, "arabic") + "Consortium / Partners", level=1)
    k.mail("sogo", subject=f"Candidature Fabrique CTO / application – {c.acr}", body=Doc(items=k.cover(0)),
           atts=[att(f"FabriqueCTO_{c.acr.replace(' ', '')}_{c.org.short}.pdf", doc, convert=(to_docx(doc, "style", "Times New Roman"), "docx", "pdf"))]).signature = k.signature()
    meta(k, "pdf_lo_bilingual", "doc", "by_partner_columns", "doc", "table", "sogo", {"num": "arabic", "bilingual": True})
    return k


# ------------------------------------------------------------------------------------------ N06


def n06(st):
    """A software vendor: who does what in a Gantt-like table (tasks, lead, contributors, quarters);
    the budget typed as a monospaced table in a Thunderbird plain-text mail; the regional Aract
    later sends its own letter of support."""
    k = Dossier(st, "N06", "vendor", date_style="quarter", start=(2022, 10), end=(2023, 9))
    k.draw_missing(["description.contexte", "description.problematique", "description.resultats", "description.perennisation",
                    "budget.deplacements_logistique", "budget.cofinancements"], p_complete=0.35, kmax=2)
    c, r = k.c, k.r
    b = make_budget(r, c, drop_cats=k.drop_cats(), with_cofin=k.has("budget.cofinancements"))
    quarters = ["T4 2022", "T1 2023", "T2 2023", "T3 2023"]
    ps = list(k.partners)

    def take(kinds):
        for p in ps:
            if p.kind in kinds:
                ps.remove(p)
                return p
        return ps.pop(0)
    observer = take(("labo", "aract", "carsat"))
    relay = take(("syndicat", "patronat", "branche", "opco", "collectivite"))
    site = take(("pilote", "editeur"))
    k.partners = [observer, relay, site] + ps
    ps = [relay, observer, site]
    tasks = [("Cadrage et recrutement des structures", c.org.short, relay.name, [0]),
             ("Observation des usages en situation", observer.name, c.org.short, [0, 1]),
             ("Ateliers de paramétrage partagé", c.org.short, f"{relay.name}, {site.name}", [1, 2]),
             ("Mise à l'épreuve dans les structures", site.name, c.org.short, [2, 3]),
             ("Bilan et rapport", c.org.short, observer.name, [3])]
    doc = Doc(title=c.title, author=c.lead)
    doc.add(("title", f"{c.org.short} × Fabrique CTO"), ("sub", f"{c.acr} – {c.title}"))
    i = k.describe(doc, order=["contexte", "problematique", "objectifs", "cibles", "methodologie"], num="paren")
    doc.add(("h", 2, number(i, "paren") + "Qui fait quoi, et quand"),
            ("p", f"Le projet démarre en {quarters[0]} et s'achève fin {quarters[-1]}."),
            ("table", [["Tâche", "Pilote", "Contributeurs"] + quarters] + [[t, l, co] + ["■" if q in act else "" for q in range(4)] for t, l, co, act in tasks],
             {"header": 1}))
    doc.keys.add("description.phasage")
    doc.end_stated = True
    doc.set_partners([ps[0].name, ps[1].name, ps[2].name], True)
    k.describe(doc, order=["pilotage", "resultats", "perennisation"], num="paren", start_index=i + 1)
    body = Doc()
    body.add(*k.cover(2)[:2], ("p", "Notre budget prévisionnel (en euros) :"))
    k.budget_block(body, b, "mono")
    body.add(("p", "Bien à vous,"))
    m = k.mail("thunderbird_linux", body=body, atts=[att(f"{c.acr.lower().replace(' ', '-')}-proposition.docx", doc, data=to_docx(doc, "style"))])
    m.signature = k.signature()
    # the Aract sends its own letter two days later
    aract = next((p for p in k.partners if p.kind == "aract"), observer)
    ld = letter(aract, c, c.region.cities[0], fr_day(k.when + timedelta(days=1)), 1)
    from .world import ascii_slug
    slug = ascii_slug(aract.name, "-")
    f2 = k.r.pick(["Sophie", "Julien", "Armelle"])
    k.mail("outlook", when=k.when + timedelta(days=2, hours=3), sender=f"{f2.lower()}.lemoal@{slug[:30]}.fr", name=f"{f2} Le Moal",
           subject=f"Soutien au projet {c.acr} ({c.org.short})",
           body=Doc(items=[("p", "Bonjour,"), ("p", f"Comme convenu avec {c.lead}, je vous adresse la lettre de soutien de {aract.name} au projet {c.acr}."),
                           ("p", "Bien cordialement,")]),
           atts=[att(f"Soutien {c.acr}.pdf", ld, data=to_pdf(ld, "plain"))], classification="reply")
    k.notes.append("a partner sends its letter of support itself, from its own domain (a piece of this dossier)")
    meta(k, "docx_gantt", "body", "mono_text", "doc", "gantt", "thunderbird_linux", {"num": "paren"}, roles=["partner_letter_direct"])
    return k


# ------------------------------------------------------------------------------------------ N07


def n07(st):
    """From an iPhone with no subject: a two-column leaflet (reportlab) and a workbook whose totals
    are formulas LibreOffice recalculated; dates by semester ("S2 2023")."""
    k = Dossier(st, "N07", "coop", date_style="semester", end=(2023, 12))
    k.draw_missing(p_complete=0.45, kmax=2)
    c, r = k.c, k.r
    b = make_budget(r, c, drop_cats=k.drop_cats(), with_cofin=k.has("budget.cofinancements"))
    doc = Doc(title=c.acr, author=c.lead)
    doc.add(("title", c.acr), ("sub", c.title))
    k.describe(doc, num="none", level=3, styles={"contexte": "short", "methodologie": "list"})
    if k.has("partenaires.liste"):
        k.partners_block(doc, "bullets", r.pick(["Avec le concours de", "Nos partenaires", "Ils nous accompagnent"]), level=3)
    bd = budget_doc(b, True)
    body = Doc(items=[("p", "Bonjour,"), ("p", f"Voici le dossier {c.acr} de {c.org.short} pour l'AMI. Le budget est dans le tableur."), ("p", k.first)])
    k.mail("iphone", subject=None, body=body,
           atts=[att(f"{c.acr} plaquette.pdf", doc, data=to_pdf(doc, "twocol")),
                 att("BP.xlsx", bd, convert=(xlsx_formulas(b, c), "xlsx", "xlsx"))])
    k.notes.append("no Subject header; totals are formulas with values cached by LibreOffice")
    meta(k, "pdf_twocol", "xlsx", "formulas", "doc", "bullets", "iphone", {"num": "none"}, xlsx="formulas_lo")
    return k


# ------------------------------------------------------------------------------------------ N08


def n08(st):
    """A director forwards (Outlook 'TR:') the application her project lead prepared: the original
    header block inline, an ODT written with odfpy and a DOCX budget by year."""
    k = Dossier(st, "N08", "sante")
    k.draw_missing(p_complete=0.35, kmax=2)
    c, r = k.c, k.r
    b = make_budget(r, c, drop_cats=k.drop_cats(), with_cofin=k.has("budget.cofinancements"), years=True)
    doc = Doc(title=c.title)
    doc.add(("title", f"Projet {c.acr}"), ("p", c.title))
    i = k.describe(doc, num="alpha", level=1)
    if k.has("partenaires.liste"):
        k.partners_block(doc, "numbered", number(i, "alpha") + "Partenariat", level=1)
    bdoc = Doc(title="Budget")
    bdoc.add(("title", f"Budget prévisionnel {c.acr}"))
    k.budget_block(bdoc, b, "years", "fr")
    f2, l2, _ = ("Catherine", "Vallet", True)
    fwd_sender = f"c.vallet@{c.org.domain}"
    from .mime import fr_long
    orig_when = k.when - timedelta(days=1, hours=2)
    body = Doc(items=[("p", "Bonjour,"), ("p", f"Je vous transfère la candidature préparée par {c.lead} pour notre établissement."),
                      ("p", "Bien cordialement,"), ("lines", [f"{f2} {l2}", "Directrice", c.org.name]),
                      ("lines", ["________________________________", f"De : {k.first} {k.last} <{k.email}>", f"Envoyé : {fr_long(orig_when)}",
                                 f"À : {f2} {l2} <{fwd_sender}>", f"Objet : candidature fabrique CTO {c.acr}"]),
                      ("p", f"Catherine, voici le dossier {c.acr} finalisé (description en .odt, budget en Word). Peux-tu l'envoyer à l'Anact ?"),
                      ("p", f"Merci, {k.first}")])
    k.mail("outlook", sender=fwd_sender, name=f"{f2} {l2}", subject=f"TR: candidature fabrique CTO {c.acr}", body=body, text_table="cells",
           atts=[att(f"{c.acr} description.odt", doc, data=to_odt(doc)), att(f"{c.acr} budget.docx", bdoc, data=to_docx(bdoc, "bold"))])
    k.notes.append("forwarded inline by the director (TR:), documents re-attached")
    meta(k, "odt_odfpy", "annex_docx", "years", "doc", "numbered", "outlook", {"num": "alpha"}, roles=["fwd_inline"])
    return k


# ------------------------------------------------------------------------------------------ N09


def n09(st):
    """An assistant forwards the whole original message as an attachment (message/rfc822) from a
    Zimbra account: inside, a Gmail message with the budget in prose and a LibreOffice PDF whose
    headings are bold lead-ins."""
    k = Dossier(st, "N09", "syndicat")
    k.draw_missing(p_complete=0.4, kmax=2)
    c, r = k.c, k.r
    b = make_budget(r, c, drop_cats=k.drop_cats(), with_cofin=k.has("budget.cofinancements"))
    doc = Doc(title=c.title, author=c.lead, footer=f"{c.org.short} – {c.acr}")
    doc.add(("title", c.title), ("sub", f"Projet {c.acr}"))
    for key in DESC:
        if k.has(key):
            items = write(key, c, r)
            first = next((j for j, x in enumerate(items) if x[0] == "p"), None)
            lead = heading(key, r) + "."
            if first == 0:
                doc.add(("runin", lead, items[0][1]), *items[1:])
            else:
                doc.add(("runin", lead, ""), *items)
            doc.keys.add(f"description.{key}")
            doc.end_stated = doc.end_stated or key == "phasage"
    if k.has("partenaires.liste"):
        doc.add(("runin", "Partenaires.", "Le projet associe les structures suivantes :"))
        k.partners_block(doc, "runin", None)
    inner_body = Doc(items=[("p", "Bonjour Nadège,"), ("p", "Comme convenu, le dossier pour l'Anact. Le budget :")])
    k.budget_block(inner_body, b, "prose", "fr")
    inner_body.add(("p", "Merci de le leur transmettre."), ("p", k.first))
    inner = Mail(sender=k.personal("gmail.com"), name=f"{k.first} {k.last}",
                 subject=f"Dossier {c.acr} pour la Fabrique CTO", date=k.when - timedelta(hours=5), client="gmail",
                 body_items=inner_body.items, body_doc=inner_body,
                 atts=[att(f"{c.acr}.pdf", doc, convert=(to_docx(doc, "bold"), "docx", "pdf"))], to=f"secretariat@{c.org.domain}",
                 msgid=f"<CAH{r.alnum(30)}@mail.gmail.com>", classification="inner")
    body = Doc(items=[("p", "Bonjour,"), ("p", f"Je vous transmets ci-joint le message de {c.lead} contenant notre candidature au projet {c.acr}."),
                      ("p", "Cordialement,"), ("p", "Nadège Ferrari"), ("p", f"Secrétariat – {c.org.name}")])
    k.mail("zimbra", sender=f"secretariat@{c.org.domain}", name="Nadège Ferrari", subject=f"Tr: Dossier {c.acr} pour la Fabrique CTO",
           body=body, forwarded=inner)
    k.notes.append("the application is inside a forwarded message/rfc822 attachment")
    meta(k, "fwd_rfc822_pdf_runin", "fwd_body", "prose", "doc", "runin", "zimbra", {"num": "none", "runin": True}, roles=["fwd_attach"])
    return k


# ------------------------------------------------------------------------------------------ N10


def n10(st):
    """A first DOCX without governance and partners' contributions; after our completion request,
    the answer in the body of a Gmail reply that quotes the request."""
    k = Dossier(st, "N10", "cabinet")
    k.draw_missing(force=["description.pilotage", "partenaires.contributions"])
    extra = k.r.some(["description.perennisation", "budget.deplacements_logistique", "description.cibles"], k.r.pick([0, 1]))
    k.missing.update(extra)
    c, r = k.c, k.r
    b = make_budget(r, c, drop_cats=k.drop_cats(), with_cofin=True)
    doc = Doc(title=c.title, author=c.lead)
    doc.add(("title", c.acr), ("sub", c.title))
    i = k.describe(doc, num="alpha_slash", level=1)
    k.budget_block(doc, b, "grouped", "fr", head=number(i, "alpha_slash") + "Budget prévisionnel", level=1)
    k.partners_block(doc, "bullets", number(i + 1, "alpha_slash") + "Partenaires", level=1)
    k.mail("gmail", body=Doc(items=k.cover(0)), atts=[att(f"Proposition {c.acr} - {c.org.short}.docx", doc, data=to_docx(doc, "bold"))]).signature = k.signature()
    when = k.when + timedelta(days=2, hours=1)
    req = k.when + timedelta(minutes=r.randrange(20, 300))
    words = ["Description du projet : pilotage et comitologie", "Partenaires : leur contribution attendue"]
    if "description.perennisation" in extra:
        words.insert(1, "Description du projet : perspective de pérennisation et d'essaimage")
    if "description.cibles" in extra:
        words.insert(0, "Description du projet : cibles")
    if "budget.deplacements_logistique" in extra:
        words.insert(len(words) - 1, "Budget : frais de déplacement et logistique")
    head, quote = request_quote(k, words, req, "gmail")
    reply = Doc(items=[("p", "Bonjour,"), ("p", "Merci pour votre retour. Voici les compléments demandés."), ("h", 2, "Pilotage du projet")])
    reply.element("pilotage", None, write("pilotage", c, r, "list"))
    reply.add(("h", 2, "Contribution de nos partenaires"))
    k.partners_block(reply, "bullets", contributions=True, partners=k.partners)
    reply.add(("p", "Bien à vous,"), ("p", k.first))
    ack = f"<fcto-{r.hexid(12)}@anact.fr>"
    first = k.mails[0]
    k.mail("gmail", when=when, subject=f"Re: Demande de compléments – votre proposition « {c.title} »", body=reply,
           in_reply_to=ack, references=f"{first.msgid} {ack}", quote=quote, quote_head=head, classification="reply", text_heading="stars")
    k.notes.append("the reply quotes our completion request, whose lines name the elements asked for")
    meta(k, "docx_bold_alpha", "doc", "grouped", "doc+reply_body", "bullets", "gmail", {"num": "alpha_slash"}, reply="quoted_request")
    return k


# ------------------------------------------------------------------------------------------ N11


def n11(st):
    """Slides (reportlab, landscape) with no budget; the budget comes three days later in a DOCX
    with quantities, in an Outlook reply whose quoted request sits under a 'De : / Envoyé :' block."""
    k = Dossier(st, "N11", "vendor", date_style="mn")
    k.draw_missing(["description.contexte", "description.cibles", "description.pilotage", "description.resultats",
                    "partenaires.contributions"], p_complete=0.5, kmax=1)
    c, r = k.c, k.r
    b = make_budget(r, c, drop_cats=(), with_cofin=True, qty=True)
    doc = Doc(title=c.acr, author=c.lead, footer=c.org.short)
    doc.add(("title", c.acr), ("sub", f"{c.title} – {c.org.name}"))
    k.describe(doc, num="none", level=1, styles={k2: "short" for k2 in ("contexte", "objectifs", "cibles", "pilotage")})
    if k.has("partenaires.liste"):
        k.partners_block(doc, "table", "Partenaires", level=1)
    k.mail("outlook", body=Doc(items=k.cover(2)), atts=[att(f"{c.acr}_presentation.pdf", doc, data=to_pdf(doc, "slides"))], logo=True).signature = k.signature()
    req = k.when + timedelta(hours=r.randrange(2, 20))
    head, quote = request_quote(k, ["Budget : dépenses de personnel", "Budget : frais de déplacement et logistique", "Budget : achats de prestations",
                                    "Budget : les co-financements envisagés ou existants et leur nature"], req, "outlook")
    bdoc = Doc(title="Budget détaillé")
    bdoc.add(("title", f"Budget détaillé – {c.acr}"))
    k.budget_block(bdoc, b, "qty", "fr_nb")
    first = k.mails[0]
    ack = f"<fcto-{r.hexid(12)}@anact.fr>"
    k.mail("outlook", when=k.when + timedelta(days=3, hours=2), subject=f"RE: Demande de compléments – votre proposition « {c.title} »",
           body=Doc(items=[("p", "Bonjour,"), ("p", "Veuillez trouver ci-joint notre budget détaillé, qui manquait en effet à notre envoi."), ("p", "Cordialement,")]),
           atts=[att(f"Budget détaillé {c.acr}.docx", bdoc, data=to_docx(bdoc, "style"))], in_reply_to=ack, references=f"{first.msgid} {ack}",
           quote=quote, quote_head=head, classification="reply", logo=True).signature = k.signature()
    meta(k, "pdf_slides", "reply_docx", "qty", "doc", "table", "outlook", {"num": "none"}, reply="outlook_quote")
    return k


# ------------------------------------------------------------------------------------------ N12


def n12(st):
    """Headings in capitals in a DOCX with its budget; the letters of support (the only place the
    partners appear) sent the next day by a colleague in a new thread."""
    k = Dossier(st, "N12", "collectivite")
    k.draw_missing(["description.problematique", "description.phasage", "description.resultats", "budget.prestations",
                    "budget.cofinancements"], p_complete=0.4, kmax=2)
    c, r = k.c, k.r
    b = make_budget(r, c, drop_cats=k.drop_cats(), with_cofin=k.has("budget.cofinancements"))
    doc = Doc(title=c.title, author=c.lead, footer=c.org.name)
    doc.add(("title", c.title.upper()), ("p", f"Candidature {org_prep(c.org.name, 'de')}"))
    i = k.describe(doc, num="arabic", caps="upper", level=1)
    k.budget_block(doc, b, "grouped_alt", "fr", head=number(i, "arabic") + "MOYENS FINANCIERS", level=1)
    doc.add(("p", "Les lettres d'engagement de nos partenaires vous seront adressées séparément."))
    k.mail("zimbra", body=Doc(items=k.cover(0)), atts=[att(f"{c.acr}_candidature.docx", doc, data=to_docx(doc, "caps_underline"))]).signature = k.signature()
    f2, l2, _ = ("Baptiste", "Hervé", False)
    atts = []
    for j, p in enumerate(k.partners[:3]):
        ld = letter(p, c, c.city, fr_day(k.when + timedelta(days=1)), j)
        if j == 1:
            atts.append(att(f"Courrier_{p.name.split()[0]}.docx", ld, data=to_docx(ld, "bold")))
        else:
            atts.append(att(f"Lettre_engagement_{j + 1}.pdf", ld, data=to_pdf(ld, "plain")))
    k.mail("zimbra", when=k.when + timedelta(days=1, hours=1), sender=f"b.herve@{c.org.domain}", name=f"{f2} {l2}",
           subject=f"Lettres d'engagement – projet {c.acr}",
           body=Doc(items=[("p", "Bonjour,"), ("p", f"En complément du dossier {c.acr} envoyé hier par ma collègue {c.lead}, voici les lettres d'engagement des partenaires."),
                           ("p", "Cordialement,"), ("p", f"{f2} {l2}")]), atts=atts, classification="reply")
    k.notes.append("partners only in letters sent the next day by a colleague (same organisation, new thread)")
    meta(k, "docx_caps_underline", "doc", "grouped_alt", "letters_later", "letters", "zimbra", {"num": "arabic", "caps": True}, reply="colleague")
    return k


# ------------------------------------------------------------------------------------------ N13


def n13(st):
    """The whole proposal in an Outlook HTML body (bold headings, an HTML budget table), whose
    text part puts each table cell on its own line; partners in prose."""
    k = Dossier(st, "N13", "groupement")
    k.draw_missing(p_complete=0.35, kmax=3)
    c, r = k.c, k.r
    b = make_budget(r, c, drop_cats=k.drop_cats(), with_cofin=k.has("budget.cofinancements"))
    body = Doc()
    body.add(("p", "Madame, Monsieur,"), ("p", f"Nous vous prions de trouver ci-dessous la proposition {org_prep(c.org.name, 'de')} pour le projet {c.acr} « {c.title} »."))
    k.describe(body, num="arabic", level=2)
    k.budget_block(body, b, "grouped", "fr", head="Budget", level=2)
    if k.has("partenaires.liste"):
        k.partners_block(body, "prose", "Partenaires", level=2)
    body.add(("p", "Nous restons à votre disposition."), ("p", "Bien cordialement,"))
    k.mail("outlook", body=body, logo=True, text_table="cells").signature = k.signature()
    meta(k, "body_outlook_html", "body", "grouped", "body", "prose", "outlook", {"num": "arabic"})
    return k


# ------------------------------------------------------------------------------------------ N14


def n14(st):
    """A note of intent (reportlab PDF) plus a technical annex (DOCX), and an accounting tool's
    budget with dot thousands and decimal commas (12.500,00), HT then TTC; Outlook for Mac."""
    k = Dossier(st, "N14", "cabinet")
    k.draw_missing(p_complete=0.4, kmax=2)
    c, r = k.c, k.r
    b = make_budget(r, c, drop_cats=k.drop_cats(), with_cofin=k.has("budget.cofinancements"), qty=True)
    b.vat = 0.2
    note = Doc(title="Note d'intention", author=c.lead, header=f"{c.org.name} · Note d'intention · {c.acr}", footer="Confidentiel")
    note.add(("title", "Note d'intention"), ("sub", f"{c.acr} – {c.title}"))
    k.describe(note, only=["contexte", "objectifs", "problematique", "cibles"], num="none", level=2)
    annex = Doc(title="Annexe technique", author=c.lead)
    annex.add(("title", "Annexe technique"))
    i = k.describe(annex, only=["methodologie", "phasage", "pilotage", "resultats", "perennisation"], num="dotted", level=2)
    if k.has("partenaires.liste"):
        k.partners_block(annex, "table", number(i, "dotted") + "Partenaires et engagements", level=2)
    if b.resources:
        annex.add(("h", 2, "Financement"), ("table", resources_rows(b, "fr"), {"header": 1}))
        if k.has("budget.cofinancements"):
            annex.keys.add("budget.cofinancements")
    fin = Doc(title="Budget", header=f"{c.org.short} – Devis interne n° {r.randrange(2022100, 2022999)}")
    fin.add(("h", 2, f"Budget prévisionnel {c.acr} (montants en euros)"))
    k.budget_block(fin, b, "accounting_dot", with_resources=False)
    k.mail("outlook_mac", body=Doc(items=k.cover(1, ["Note d'intention", "Annexe technique", "Budget"])),
           atts=[att("Note d'intention.pdf", note, data=to_pdf(note, "report")), att("Annexe technique.docx", annex, data=to_docx(annex, "style")),
                 att(f"Budget_{c.acr.replace(' ', '_')}.pdf", fin, data=to_pdf(fin, "plain"))]).signature = k.signature()
    k.notes.append("budget HT then TVA and TOTAL TTC, dot thousands and decimal commas: the figures are HT")
    meta(k, "note_plus_annex", "annex_pdf", "accounting_dot", "annex", "table", "outlook_mac", {"num": "dotted"})
    return k


# ------------------------------------------------------------------------------------------ N15


def n15(st):
    """A local authority: 'Article n –' headings in colour, budget in TTC (no VAT recovered),
    partners as bullets; ends at the end of the first half of 2024; BlueMind webmail."""
    k = Dossier(st, "N15", "collectivite", end=(2024, 6), end_words="la fin du 1er semestre 2024", date_style="abbr")
    k.draw_missing(["description.problematique", "description.perennisation", "description.cibles", "partenaires.contributions",
                    "budget.prestations"], p_complete=0.4, kmax=2)
    c, r = k.c, k.r
    b = make_budget(r, c, drop_cats=k.drop_cats(), with_cofin=True)
    doc = Doc(title=c.title, author=c.lead)
    doc.add(("title", c.title), ("p", f"{c.org.name} – Direction des ressources humaines"))
    i = k.describe(doc, num="article", level=1, styles={"phasage": "table"})
    k.budget_block(doc, b, "grouped", "fr", head=number(i, "article") + "Budget (montants TTC, la collectivité ne récupérant pas la TVA)", level=1)
    if k.has("partenaires.liste"):
        k.partners_block(doc, "bullets", number(i + 1, "article") + "Partenaires", level=1)
    if not k.has("phasage"):
        doc.add(("p", f"Durée du projet : {k.duration_text()}."))
        doc.end_stated = True
    k.mail("bluemind", body=Doc(items=k.cover(0)), atts=[att(f"Candidature Fabrique CTO - {c.org.short}.docx", doc, data=to_docx(doc, "color"))]).signature = k.signature()
    meta(k, "docx_article_color", "doc", "grouped_ttc", "doc", "bullets", "bluemind", {"num": "article"})
    return k


# ------------------------------------------------------------------------------------------ N16


def n16(st):
    """A workplace health service writes each section in a shaded box (one-column tables) exported
    to PDF by LibreOffice, and sends from HCL Notes: HTML only, Latin-1, octet-stream attachment."""
    k = Dossier(st, "N16", "spst")
    k.draw_missing(p_complete=0.35, kmax=2)
    c, r = k.c, k.r
    b = make_budget(r, c, drop_cats=k.drop_cats(), with_cofin=k.has("budget.cofinancements"), qty=True)
    doc = Doc(title=c.title, author=c.lead, header=c.org.name, footer=f"Fabrique CTO – {c.acr}")
    doc.add(("title", "Fiche projet"), ("sub", f"{c.acr} – {c.title}"))
    for n, key in enumerate(DESC):
        if k.has(key):
            doc.add(("box", f"{n + 1}. {heading(key, r)}", write(key, c, r)))
            doc.keys.add(f"description.{key}")
            doc.end_stated = doc.end_stated or key == "phasage"
    if not k.has("phasage"):
        doc.add(("p", f"Période de réalisation : {k.duration_text()}"))
        doc.end_stated = True
    k.budget_block(doc, b, "qty", "fr_dec", head="Budget", level=2)
    if k.has("partenaires.liste"):
        k.partners_block(doc, "table", "Partenaires", level=2)
    k.mail("notes", body=Doc(items=k.cover(0)), atts=[att(f"FICHE_PROJET_{c.acr.replace(' ', '_')}.pdf", doc, convert=(to_docx(doc, "bold"), "docx", "pdf"))]).signature = k.signature()
    meta(k, "pdf_lo_boxes", "doc", "qty", "doc", "table", "notes", {"num": "arabic", "boxes": True})
    return k


# ------------------------------------------------------------------------------------------ N17


def n17(st):
    """A union writes the whole proposal in a Roundcube plain-text mail with '## ' headings, the
    budget as bullets in thousands of euros, partners as bullets."""
    k = Dossier(st, "N17", "syndicat")
    k.draw_missing(p_complete=0.4, kmax=2)
    c, r = k.c, k.r
    b = make_budget(r, c, drop_cats=k.drop_cats(), with_cofin=k.has("budget.cofinancements"))
    body = Doc()
    body.add(("p", "Bonjour,"), ("p", f"Voici notre proposition pour l'AMI, directement dans ce message. Projet {c.acr} : {c.title}."))
    k.describe(body, num="none", level=1)
    body.add(("h", 1, "Budget"))
    k.budget_block(body, b, "bullets_k")
    if k.has("partenaires.liste"):
        k.partners_block(body, "bullets", "Partenaires", level=1)
    body.add(("p", "Fraternellement,"))
    k.mail("roundcube", body=body, text_heading="hash").signature = k.signature(False)
    meta(k, "body_markdown", "body", "bullets_k", "body", "bullets", "roundcube", {"num": "none", "hash": True})
    return k


# ------------------------------------------------------------------------------------------ N18


def n18(st):
    """A think tank's two-column leaflet and a workbook whose amounts are typed as text, with a
    summary sheet first and the partners in their own sheet; Apple Mail puts the attachments inline
    between HTML parts."""
    k = Dossier(st, "N18", "thinktank")
    k.draw_missing(p_complete=0.4, kmax=2)
    c, r = k.c, k.r
    b = make_budget(r, c, drop_cats=k.drop_cats(), with_cofin=k.has("budget.cofinancements"))
    doc = Doc(title=c.title, author=c.lead)
    doc.add(("title", c.acr), ("sub", c.title))
    k.describe(doc, num="none", level=2)
    from .office import add_partner_sheet
    data = xlsx_text_amounts(b, c, r.pick(["fr_dec", "dot"]))
    bd = budget_doc(b, True)
    if k.has("partenaires.liste"):
        data = add_partner_sheet(data, k.partners, k.has("partenaires.contributions"))
        bd.set_partners([p.name for p in k.partners], k.has("partenaires.contributions"))
    k.mail("apple_mail", body=Doc(items=k.cover(0)), atts=[att(f"{c.acr}.pdf", doc, data=to_pdf(doc, "twocol")),
                                                           att(f"Budget et partenaires {c.acr}.xlsx", bd, data=data)]).signature = k.signature()
    meta(k, "pdf_twocol", "xlsx", "text_amounts", "xlsx", "sheet", "apple_mail", {"num": "none"}, xlsx="text_amounts_partners")
    return k


# ------------------------------------------------------------------------------------------ N19


def n19(st):
    """A cooperative's DOCX still holding a tracked change (the Anact request revised) and review
    comments; resources table; partners as bold lead-in paragraphs; Thunderbird."""
    k = Dossier(st, "N19", "coop")
    k.draw_missing(["description.contexte", "description.objectifs", "description.methodologie", "description.resultats",
                    "partenaires.contributions", "budget.personnel"], p_complete=0.4, kmax=2)
    c, r = k.c, k.r
    b = make_budget(r, c, drop_cats=k.drop_cats(), with_cofin=True)
    doc = Doc(title=c.title, author=c.lead)
    doc.add(("title", f"{c.acr} — {c.title}"))
    i = k.describe(doc, num="lower_paren", level=2)
    doc.add(("h", 2, number(i, "lower_paren") + "Budget"))
    k.budget_block(doc, b, "grouped_alt", "fr", with_resources=True)
    wrong = money(b.anact + r.pick([5000, 7000, 9000]), "fr")
    doc.add(("tracked", "Le montant sollicité auprès de l'Anact s'élève à ", wrong, money(b.anact, "fr"), "."))
    if k.has("partenaires.liste"):
        k.partners_block(doc, "runin", number(i + 1, "lower_paren") + "Partenaires", level=2)
    k.mail("thunderbird", body=Doc(items=k.cover(2)),
           atts=[att(f"{c.acr}_v7_relu.docx", doc, data=to_docx(doc, "style", comments=[(3, "À reformuler ?"), (8, "OK pour moi")]))]).signature = k.signature()
    k.notes.append("a tracked change replaces an older Anact request (deleted text) with the current one")
    meta(k, "docx_tracked_comments", "doc", "grouped_alt", "doc", "runin", "thunderbird", {"num": "lower_paren"}, roles=["tracked_change"])
    return k


# ------------------------------------------------------------------------------------------ N20


def n20(st):
    """From Gmail on an Android phone: a Word 97 .doc (LibreOffice) holding the description, the
    budget and the partners as bold lead-ins."""
    k = Dossier(st, "N20", "groupement")
    k.draw_missing(p_complete=0.35, kmax=3)
    c, r = k.c, k.r
    b = make_budget(r, c, drop_cats=k.drop_cats(), with_cofin=k.has("budget.cofinancements"))
    doc = Doc(title=c.title, author=c.lead)
    doc.add(("title", f"Projet {c.acr}"), ("p", c.title))
    i = k.describe(doc, num="roman", level=1)
    k.budget_block(doc, b, "grouped", "fr", head=number(i, "roman") + "Budget prévisionnel", level=1)
    if k.has("partenaires.liste"):
        k.partners_block(doc, "runin", number(i + 1, "roman") + "Partenaires", level=1)
    k.mail("gmail_android", body=Doc(items=[("p", "Bonjour"), ("p", "Veuillez trouver notre candidature en pièce jointe."), ("p", "Cordialement"), ("p", f"{k.first} {k.last}")]),
           atts=[att(f"{c.acr}.doc", doc, convert=(to_docx(doc, "style"), "docx", "doc"))])
    meta(k, "doc_word97", "doc", "grouped", "doc", "runin", "gmail_android", {"num": "roman"})
    return k


RECIPES_A = [n01, n02, n03, n04, n05, n06, n07, n08, n09, n10, n11, n12, n13, n14, n15, n16, n17, n18, n19, n20]
