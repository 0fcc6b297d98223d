"""Dossiers N21-N40 and the mails that belong to no dossier (questions, out-of-office answers, a
thank-you, a delivery failure)."""
from __future__ import annotations

from datetime import datetime, timedelta

from .base import Rand, money, paris, rfc2822
from .docs import Doc, acroform_pdf, flat_text, scan_pdf, scan_png, to_docx, to_odt, to_pdf
from .kit import Dossier, att
from .mime import Mail, message_id
from .money import make_budget, table_grouped
from .office import letter, ods_budget, publisher_file, xlsx_by_partner, xlsx_merged
from .recipes_a import budget_doc, fr_day, meta, request_quote
from .world import ascii_slug, org_prep
from .writing import DESC, heading, number, write


def xlsx_side_by_side(b, c) -> bytes:
    """Charges on the left, resources on the right, as many small structures lay out a budget."""
    from openpyxl.styles import Font

    from .office import _save, _wb
    wb = _wb()
    ws = wb.active
    ws.title = "Budget"
    ws.append([f"Budget du projet {c.acr}"])
    ws["A1"].font = Font(bold=True)
    ws.append([])
    ws.append(["Charges", "Montant (€)", "", "Ressources", "Montant (€)"])
    left = [(x.label, x.amount) for x in b.lines]
    right = [(x.label, x.amount) for x in b.resources]
    for i in range(max(len(left), len(right))):
        a = left[i] if i < len(left) else ("", None)
        rr = right[i] if i < len(right) else ("", None)
        ws.append([a[0], a[1], "", rr[0], rr[1]])
    ws.append(["Total charges", b.total, "", "Total ressources", b.total])
    return _save(wb)


# ------------------------------------------------------------------------------------------ N21


def n21(st):
    """A health association types its answers into a fillable PDF form (the text lives in the form
    fields), sends the budget as a side-by-side workbook and names the partners in the mail; a
    colleague sends two letters of support later."""
    k = Dossier(st, "N21", "sante")
    k.draw_missing(["description.problematique", "description.perennisation", "description.pilotage", "budget.deplacements_logistique",
                    "partenaires.contributions"], p_complete=0.4, kmax=2)
    c, r = k.c, k.r
    b = make_budget(r, c, drop_cats=k.drop_cats(), with_cofin=True)
    form = Doc(title="Formulaire de candidature")
    fields = [("Structure porteuse", c.org.name), ("Intitulé du projet", f"{c.acr} – {c.title}"), ("Durée", k.duration_text())]
    form.end_stated = True
    for key in DESC:
        if k.has(key):
            fields.append((heading(key, r) + " :", " ".join(flat_text(write(key, c, r, "short" if key not in ("phasage", "cibles") else None)))))
            form.keys.add(f"description.{key}")
    pdf = acroform_pdf("Formulaire de candidature – Fabrique CTO", fields, header=c.org.name)
    body = Doc(items=[("p", "Bonjour,"), ("p", "Veuillez trouver ci-joints notre formulaire de candidature complété et le budget."),
                      ("p", "Nos partenaires pour ce projet :")])
    contrib = k.has("partenaires.contributions")
    body.add(("ul", [f"{p.name} – {p.contribution}" if contrib else p.name for p in k.partners[:3]]))
    body.set_partners([p.name for p in k.partners[:3]], contrib)
    body.add(("p", "Les lettres de soutien suivront."), ("p", "Bien cordialement,"))
    m = k.mail("outlook", body=body, atts=[att("Formulaire_candidature_complété.pdf", form, data=pdf),
                                           att("Budget.xlsx", budget_doc(b), data=xlsx_side_by_side(b, c))], logo=True)
    m.signature = k.signature()
    f2 = r.pick(["Mélanie Caron", "Hervé Lucas"])
    atts = []
    for j, p in enumerate(k.partners[:2]):
        ld = letter(p, c, c.city, fr_day(k.when + timedelta(days=2)), j + 1)
        atts.append(att(f"LS_{j + 1}.pdf", ld, data=to_pdf(ld, "plain")))
    k.mail("outlook", when=k.when + timedelta(days=2, hours=4), sender=f"{ascii_slug(f2, '.')}@{c.org.domain}", name=f2,
           subject=f"{c.acr} - lettres de soutien", body=Doc(items=[("p", "Bonjour,"), ("p", f"Pour compléter la candidature {c.acr}, voici deux lettres de soutien."),
                                                                 ("p", "Cordialement")]), atts=atts, classification="reply")
    k.notes.append("the description is typed into the fields of a fillable PDF form (AcroForm values, not page text)")
    meta(k, "pdf_acroform", "xlsx", "side_by_side", "body+letters", "bullets", "outlook", {"form": True}, xlsx="side_by_side", reply="colleague")
    return k


# ------------------------------------------------------------------------------------------ N22


def n22(st):
    """A vendor zips its documents (a reportlab report and a workbook) into one archive."""
    k = Dossier(st, "N22", "vendor", date_style="quarter", start=(2022, 10), end=(2024, 3))
    k.draw_missing(p_complete=0.4, kmax=2)
    c, r = k.c, k.r
    b = make_budget(r, c, drop_cats=k.drop_cats(), with_cofin=k.has("budget.cofinancements"), years=True)
    doc = Doc(title=c.title, author=c.lead, header=c.org.name, footer=c.acr)
    doc.add(("title", c.title), ("sub", c.acr), ("p", f"Durée : {k.duration_text()}"))
    doc.end_stated = True
    i = k.describe(doc, num="arabic", level=1)
    if k.has("partenaires.liste"):
        k.partners_block(doc, "table", number(i, "arabic") + "Partenaires", level=1)
    members = [att(f"{c.acr} - Proposition.pdf", doc, data=to_pdf(doc, "report")),
               att(f"{c.acr} - Budget.xlsx", budget_doc(b), data=xlsx_merged(b, c, comments=False))]
    z = att(f"Candidature_{c.org.short.replace(' ', '_')}_FabriqueCTO.zip", None, kind="zip", members=members)
    k.mail("gmail", body=Doc(items=k.cover(0)), atts=[z]).signature = k.signature()
    k.notes.append("project ends with the first quarter of 2024 (T1 2024)")
    meta(k, "zip_pdf_xlsx", "zip_xlsx", "years_merged", "zip_pdf", "table", "gmail", {"num": "arabic"}, xlsx="merged", roles=["zip", "end_2024"])
    return k


# ------------------------------------------------------------------------------------------ N23


def n23(st):
    """First a download link with a two-figure summary; after our request, a Thunderbird reply
    quoting it with the DOCX and the workbook attached."""
    k = Dossier(st, "N23", "asso")
    k.draw_missing(p_complete=0.5, kmax=2)
    c, r = k.c, k.r
    b = make_budget(r, c, drop_cats=k.drop_cats(), with_cofin=k.has("budget.cofinancements"))
    first = Doc(items=[("p", "Bonjour,"), ("p", f"Notre dossier de candidature ({c.acr} – {c.title}) étant trop volumineux, il est disponible au téléchargement :"),
                       ("p", f"https://wetransfer.com/downloads/{r.hexid(32)}/{r.hexid(6)}"), ("p", "Le lien est valable 7 jours.")])
    k.budget_block(first, b, "summary")
    first.add(("p", "Bien à vous,"))
    k.mail("thunderbird", body=first).signature = k.signature()
    doc = Doc(title=c.title, author=c.lead)
    doc.add(("title", c.acr), ("sub", c.title))
    i = k.describe(doc, num="arabic", level=1)
    if k.has("partenaires.liste"):
        k.partners_block(doc, "bullets", number(i, "arabic") + "Partenaires", level=1)
    req = k.when + timedelta(hours=r.randrange(3, 30))
    head, quote = request_quote(k, ["Description du projet : contexte, objectifs, problématique, cibles",
                                    "Budget : dépenses de personnel, frais de déplacement et logistique, achats de prestations",
                                    "Partenaires : les partenaires mobilisés et leur contribution attendue"], req, "thunderbird")
    ack = f"<fcto-{r.hexid(12)}@anact.fr>"
    k.mail("thunderbird", when=k.when + timedelta(days=3), subject=f"Re: Demande de compléments – votre proposition « {c.title} »",
           body=Doc(items=[("p", "Bonjour,"), ("p", "Le lien a sans doute expiré, voici les documents en pièces jointes."), ("p", "Cordialement,")]),
           atts=[att(f"{c.acr}.docx", doc, data=to_docx(doc, "style")), att(f"{c.acr}_budget.xlsx", budget_doc(b),
                                                                            data=xlsx_side_by_side(b, c))],
           in_reply_to=ack, references=f"{k.mails[0].msgid} {ack}", quote=quote, quote_head=head, classification="reply")
    k.notes.append("first message: a download link and only the total cost and the Anact request")
    meta(k, "link_then_docx", "reply_xlsx", "side_by_side", "reply_doc", "bullets", "thunderbird", {"num": "arabic"}, reply="quoted_request",
         xlsx="side_by_side")
    return k


# ------------------------------------------------------------------------------------------ N24


def n24(st):
    """A lab's ODT saved by LibreOffice from Word, with a budget table under a merged header,
    phases counted in months from the start (M1 à M4); Zimbra."""
    k = Dossier(st, "N24", "labo", date_style="mn")
    k.draw_missing(p_complete=0.4, kmax=2)
    c, r = k.c, k.r
    b = make_budget(r, c, drop_cats=k.drop_cats(), with_cofin=k.has("budget.cofinancements"), years=True)
    doc = Doc(title=c.title, author=c.lead)
    doc.add(("title", c.acr), ("sub", c.title))
    i = k.describe(doc, num="roman", level=1, styles={"phasage": "table"})
    k.budget_block(doc, b, "years", "fr", head=number(i, "roman") + "Budget", level=1)
    if k.has("partenaires.liste"):
        k.partners_block(doc, "table", number(i + 1, "roman") + "Partenaires", level=1)
    k.mail("zimbra", body=Doc(items=k.cover(0)), atts=[att(f"{c.acr}_{c.org.short}.odt", doc, convert=(to_docx(doc, "style"), "docx", "odt"))]).signature = k.signature()
    meta(k, "odt_lo", "doc", "years", "doc", "table", "zimbra", {"num": "roman"})
    return k


# ------------------------------------------------------------------------------------------ N25


def n25(st):
    """Sent at 00:41 Paris time on 24 August from Outlook, whose Date header is in UTC (22:41 on the
    23rd): late. DOCX with coloured headings, budget in prose."""
    k = Dossier(st, "N25", "cabinet", when=paris(datetime(2022, 8, 24, 0, 41, 12)))
    k.draw_missing(p_complete=0.4, kmax=2)
    c, r = k.c, k.r
    b = make_budget(r, c, drop_cats=k.drop_cats(), with_cofin=k.has("budget.cofinancements"))
    doc = Doc(title=c.title, author=c.lead)
    doc.add(("title", c.title))
    k.describe(doc, num="none", level=1)
    k.budget_block(doc, b, "prose", "fr", head="Budget et financement", level=1)
    if k.has("partenaires.liste"):
        k.partners_block(doc, "bullets", "Partenaires associés", level=1)
    k.mail("outlook", body=Doc(items=k.cover(0)), atts=[att(f"{c.acr} - candidature.docx", doc, data=to_docx(doc, "color"))]).signature = k.signature()
    k.notes.append("sent 24 Aug 00:41 Paris, Date header 23 Aug 22:41 +0000: late")
    meta(k, "docx_color", "doc", "prose", "doc", "bullets", "outlook", {"num": "none"}, roles=["late_utc"])
    return k


# ------------------------------------------------------------------------------------------ N26


def n26(st):
    """Sent at 23:58:40 on the deadline day (on time): a reportlab report holding everything; the
    applicant later thanks us for the acknowledgement."""
    k = Dossier(st, "N26", "labo", when=paris(datetime(2022, 8, 23, 23, 58, 40)))
    k.draw_missing(p_complete=0.4, kmax=2)
    c, r = k.c, k.r
    b = make_budget(r, c, drop_cats=k.drop_cats(), with_cofin=k.has("budget.cofinancements"))
    doc = Doc(title=c.title, author=c.lead, header=f"{c.acr} – {c.org.short}", footer="AMI Fabrique CTO")
    doc.add(("title", c.title), ("sub", c.acr))
    i = k.describe(doc, num="arabic", level=1)
    k.budget_block(doc, b, "grouped", "fr_nn", head=number(i, "arabic") + "Budget détaillé", level=1)
    if k.has("partenaires.liste"):
        k.partners_block(doc, "table", number(i + 1, "arabic") + "Partenaires mobilisés", level=1)
    k.mail("gmail", body=Doc(items=[("p", "Bonsoir,"), ("p", "In extremis, voici notre candidature. Merci de nous confirmer sa bonne réception."), ("p", "Bien cordialement,")]),
           atts=[att(f"{c.acr}.pdf", doc, data=to_pdf(doc, "report"))]).signature = k.signature()
    k.notes.append("sent 23 Aug 23:58:40 +0200: on time")
    meta(k, "pdf_reportlab_report", "doc", "grouped", "doc", "table", "gmail", {"num": "arabic"}, roles=["ontime_edge"])
    return k


# ------------------------------------------------------------------------------------------ N27


def n27(st):
    """Sent the morning after the deadline from a Samsung phone (HTML only), with an apology; DOCX
    plus a workbook split by partner."""
    k = Dossier(st, "N27", "asso", when=paris(datetime(2022, 8, 24, 9, 15, 3)))
    k.draw_missing(p_complete=0.4, kmax=2)
    c, r = k.c, k.r
    b = make_budget(r, c, drop_cats=k.drop_cats(), with_cofin=k.has("budget.cofinancements"))
    doc = Doc(title=c.title, author=c.lead)
    doc.add(("title", f"{c.acr} : {c.title}"))
    i = k.describe(doc, num="arabic", level=1)
    if k.has("partenaires.liste"):
        k.partners_block(doc, "prose", number(i, "arabic") + "Partenaires", level=1)
    who = [c.org.short] + [p.name for p in k.partners[:2]]
    k.mail("samsung", body=Doc(items=[("p", "Bonjour,"), ("p", "Désolée pour ce léger retard, un souci de connexion hier soir. Voici notre dossier."),
                                      ("p", f"{k.first} {k.last}")]),
           atts=[att(f"{c.acr}.docx", doc, data=to_docx(doc, "style")), att("budget_par_partenaire.xlsx", budget_doc(b), data=xlsx_by_partner(b, c, who))])
    meta(k, "docx_styles", "xlsx", "by_partner", "doc", "prose", "samsung", {"num": "arabic"}, xlsx="by_partner", roles=["late_phone"])
    return k


# ------------------------------------------------------------------------------------------ N28


def n28(st):
    """An Anact request above the cap, in a LibreOffice PDF with '1)' headings."""
    k = Dossier(st, "N28", "cabinet")
    k.draw_missing(["description.contexte", "description.resultats", "description.pilotage", "partenaires.contributions"], p_complete=0.5, kmax=1)
    c, r = k.c, k.r
    b = make_budget(r, c, over_cap=True, with_cofin=True)
    doc = Doc(title=c.title, author=c.lead, header=c.org.name, footer=c.acr)
    doc.add(("title", c.title))
    i = k.describe(doc, num="paren", level=1)
    k.budget_block(doc, b, "grouped", "fr", head=number(i, "paren") + "Budget", level=1)
    if k.has("partenaires.liste"):
        k.partners_block(doc, "table", number(i + 1, "paren") + "Partenaires", level=1)
    k.mail("outlook", body=Doc(items=k.cover(0)), atts=[att(f"Proposition_{c.acr.replace(' ', '_')}.pdf", doc, convert=(to_docx(doc, "style"), "docx", "pdf"))],
           logo=True).signature = k.signature()
    meta(k, "pdf_lo_report", "doc", "grouped", "doc", "table", "outlook", {"num": "paren"}, roles=["over_cap"])
    return k


# ------------------------------------------------------------------------------------------ N29


def n29(st):
    """Co-financing below 20 % ('Partie n :' headings, budget by year); Roundcube."""
    k = Dossier(st, "N29", "coop")
    k.draw_missing(["description.cibles", "description.perennisation", "description.phasage", "partenaires.contributions"], p_complete=0.5, kmax=1)
    c, r = k.c, k.r
    b = make_budget(r, c, low_cofin=True, with_cofin=True, years=True)
    doc = Doc(title=c.title, author=c.lead)
    doc.add(("title", c.acr), ("sub", c.title))
    i = k.describe(doc, num="partie", level=1)
    k.budget_block(doc, b, "years", "fr", head=number(i, "partie") + "Budget", level=1)
    if k.has("partenaires.liste"):
        k.partners_block(doc, "bullets", number(i + 1, "partie") + "Partenaires", level=1)
    if not k.has("phasage"):
        doc.add(("p", f"Durée : {k.duration_text()}"))
        doc.end_stated = True
    k.mail("roundcube", body=Doc(items=k.cover(2)), atts=[att(f"{c.acr}.docx", doc, data=to_docx(doc, "bold"))]).signature = k.signature()
    meta(k, "docx_partie", "doc", "years", "doc", "bullets", "roundcube", {"num": "partie"}, roles=["low_cofin"])
    return k


# ------------------------------------------------------------------------------------------ N30


def n30(st):
    """An equipment purchase among the expenses ('§ n' headings), budget in a merged-cell workbook;
    Yahoo webmail."""
    k = Dossier(st, "N30", "asso")
    k.draw_missing(p_complete=0.45, kmax=2)
    c, r = k.c, k.r
    b = make_budget(r, c, drop_cats=k.drop_cats(), with_cofin=k.has("budget.cofinancements"), ineligible=("Achat de tablettes pour les tests en situation", "autres"), years=True)
    doc = Doc(title=c.title, author=c.lead)
    doc.add(("title", c.title))
    i = k.describe(doc, num="para", level=1)
    if k.has("partenaires.liste"):
        k.partners_block(doc, "bullets", number(i, "para") + "Partenaires", level=1)
    k.mail("yahoo", sender=k.personal("yahoo.fr", "_"),
           body=Doc(items=k.cover(1, ["Description du projet", "Budget"])),
           atts=[att(f"{c.acr}.docx", doc, data=to_docx(doc, "style")), att(f"Budget {c.acr}.xlsx", budget_doc(b), data=xlsx_merged(b, c, comments=True))]).signature = k.signature()
    meta(k, "docx_para", "xlsx", "years_merged", "doc", "bullets", "yahoo", {"num": "para"}, xlsx="merged_comments", roles=["ineligible"])
    return k


# ------------------------------------------------------------------------------------------ N31


def n31(st):
    """The budget only in a password-protected PDF, a scanned signed attestation; two days later
    the applicant sends the budget unprotected in a reply."""
    k = Dossier(st, "N31", "cabinet")
    k.draw_missing(["description.pilotage", "description.cibles", "partenaires.contributions"], p_complete=0.5, kmax=1)
    c, r = k.c, k.r
    b = make_budget(r, c, with_cofin=True)
    doc = Doc(title=c.title, author=c.lead)
    doc.add(("title", c.title))
    i = k.describe(doc, num="arabic", level=1)
    if k.has("partenaires.liste"):
        k.partners_block(doc, "table", number(i, "arabic") + "Partenaires", level=1)
    fin = Doc(title="Annexe financière")
    fin.add(("title", "Annexe financière"))
    k.budget_block(fin, b, "grouped", "fr")
    attest = ["ATTESTATION SUR L'HONNEUR", "", f"Je soussigné(e) {c.lead}, {c.lead_title}, certifie l'exactitude des informations",
              f"contenues dans le dossier de candidature {c.acr} déposé {org_prep(c.org.name, 'par')}.", "", f"Fait à {c.city}, le {fr_day(k.when)}"]
    k.mail("outlook", body=Doc(items=k.cover(1, ["Dossier de candidature", "Annexe financière (protégée)", "Attestation signée"])),
           atts=[att(f"{c.acr} - dossier.docx", doc, data=to_docx(doc, "style")),
                 att("Annexe financière.pdf", None, data=to_pdf(fin, "plain", encrypt=f"{c.acr[:3].lower()}2022"), kind="encrypted"),
                 att("Attestation_signee.pdf", None, data=scan_pdf([scan_png(attest, r.randrange(10**6))]), kind="scan")],
           logo=True).signature = k.signature()
    k.mail("outlook", when=k.when + timedelta(days=2, hours=5), subject=f"RE: {k.mails[0].subject}", in_reply_to=k.mails[0].msgid,
           references=k.mails[0].msgid, classification="reply",
           body=Doc(items=[("p", "Bonjour,"), ("p", "On nous signale que l'annexe financière était protégée par un mot de passe. La voici sans protection."),
                           ("p", "Cordialement,")]),
           atts=[att("Annexe financière.pdf", fin, data=to_pdf(fin, "plain"))], logo=True).signature = k.signature()
    meta(k, "docx_styles", "reply_pdf", "grouped", "doc", "table", "outlook", {"num": "arabic"}, reply="same", roles=["encrypted", "scan"])
    return k


# ------------------------------------------------------------------------------------------ N32


def n32(st):
    """The partners only in a Microsoft Publisher leaflet no reader opens."""
    k = Dossier(st, "N32", "asso")
    k.draw_missing(["description.contexte", "description.problematique", "description.phasage", "budget.prestations"], p_complete=0.5, kmax=1)
    k.missing |= {"partenaires.liste", "partenaires.contributions"}
    c, r = k.c, k.r
    b = make_budget(r, c, drop_cats=k.drop_cats(), with_cofin=True)
    doc = Doc(title=c.title, author=c.lead)
    doc.add(("title", c.title))
    k.describe(doc, num="arabic", level=1)
    if not k.has("phasage"):
        doc.add(("p", f"Durée : {k.duration_text()}"))
        doc.end_stated = True
    k.mail("gmail", body=Doc(items=k.cover(1, ["Présentation du projet", "Budget", "Plaquette de présentation des partenaires"])),
           atts=[att(f"{c.acr}.docx", doc, data=to_docx(doc, "style")), att("Budget.xlsx", budget_doc(b), data=xlsx_side_by_side(b, c)),
                 att("Plaquette partenaires.pub", None, data=publisher_file(r.randrange(10**6)), kind="unsupported")]).signature = k.signature()
    k.notes.append("partners only in a Publisher (.pub) file")
    meta(k, "docx_styles", "xlsx", "side_by_side", "pub", "unreadable", "gmail", {"num": "arabic"}, xlsx="side_by_side", roles=["pub"])
    return k


# ------------------------------------------------------------------------------------------ N33


def n33(st):
    """A LibreOffice user: an ODT written natively and the budget as an ODS spreadsheet."""
    k = Dossier(st, "N33", "coop")
    k.draw_missing(p_complete=0.45, kmax=2)
    c, r = k.c, k.r
    b = make_budget(r, c, drop_cats=k.drop_cats(), with_cofin=k.has("budget.cofinancements"))
    doc = Doc(title=c.title)
    doc.add(("title", c.title))
    i = k.describe(doc, num="arabic", level=1)
    if k.has("partenaires.liste"):
        k.partners_block(doc, "bullets", number(i, "arabic") + "Partenaires", level=1)
    k.mail("thunderbird_linux", body=Doc(items=k.cover(0)),
           atts=[att(f"{c.acr}.odt", doc, data=to_odt(doc)), att(f"budget_{c.acr.lower().replace(' ', '_')}.ods", budget_doc(b), data=ods_budget(b, c))]).signature = k.signature()
    k.optional_flags.append("piece_jointe_non_supportee")
    k.notes.append("budget in an ODS spreadsheet (piece_jointe_non_supportee optional)")
    meta(k, "odt_odfpy", "ods", "ods", "doc", "bullets", "thunderbird_linux", {"num": "arabic"}, xlsx="ods")
    return k


# ------------------------------------------------------------------------------------------ N34


def n34(st):
    """A first workbook with co-financing under 20 %, then a corrected one the next day, sent as a
    reply to the applicant's own message; Orange webmail."""
    k = Dossier(st, "N34", "groupement")
    k.draw_missing(["description.contexte", "description.objectifs", "description.cibles", "partenaires.contributions"], p_complete=0.5, kmax=1)
    c, r = k.c, k.r
    b1 = make_budget(r, c, low_cofin=True, with_cofin=True)
    import copy
    b2 = copy.deepcopy(b1)
    b2.resources[0].amount = round(b2.total * 0.7, -2)
    rest = round(b2.total - b2.resources[0].amount, 2)
    cof = [x for x in b2.resources if x.kind == "cofin"]
    for x in cof[:-1]:
        x.amount = round(rest / len(cof), -2)
    cof[-1].amount = round(rest - sum(x.amount for x in cof[:-1]), 2)
    doc = Doc(title=c.title)
    doc.add(("title", c.title))
    i = k.describe(doc, num="alpha", level=1)
    if k.has("partenaires.liste"):
        k.partners_block(doc, "table", number(i, "alpha") + "Partenaires", level=1)
    sender = k.personal("orange.fr")
    k.mail("openxchange", sender=sender, body=Doc(items=k.cover(0)),
           atts=[att(f"{c.acr}.docx", doc, data=to_docx(doc, "style")), att("Budget.xlsx", budget_doc(b1), data=xlsx_side_by_side(b1, c))]).signature = k.signature()
    first = k.mails[0]
    k.mail("openxchange", sender=sender, when=k.when + timedelta(days=1, hours=2), subject=f"RE: {first.subject} - budget corrigé",
           in_reply_to=first.msgid, references=first.msgid, classification="reply",
           body=Doc(items=[("p", "Bonjour,"), ("p", "Après échange avec notre conseil d'administration, nous augmentons notre part d'autofinancement. Voici le budget corrigé, qui remplace le précédent."),
                           ("p", "Cordialement")]),
           atts=[att("Budget_v2.xlsx", budget_doc(b2), data=xlsx_side_by_side(b2, c))]).signature = k.signature()
    k.optional_flags.append("cofinancement_insuffisant")
    k.notes.append("a corrected budget replaces the first one (co-financing 30 % instead of under 20 %)")
    meta(k, "docx_styles", "xlsx_then_reply", "side_by_side", "doc", "table", "openxchange", {"num": "alpha"}, xlsx="side_by_side", reply="corrected")
    return k


# ------------------------------------------------------------------------------------------ N35


def n35(st):
    """The first three elements typed in the Gmail body, the rest in a DOCX with a budget by
    quantities and a numbered partner list."""
    k = Dossier(st, "N35", "thinktank")
    k.draw_missing(p_complete=0.4, kmax=2)
    c, r = k.c, k.r
    b = make_budget(r, c, drop_cats=k.drop_cats(), with_cofin=k.has("budget.cofinancements"), qty=True)
    body = Doc(items=[("p", "Bonjour,"), ("p", f"Nous candidatons avec le projet {c.acr} ({c.title}). En quelques mots :")])
    k.describe(body, only=["contexte", "objectifs", "problematique"], num="none", level=3, styles={"contexte": "short", "objectifs": "short", "problematique": "short"})
    body.add(("p", "Le détail (méthode, calendrier, budget, partenaires) est dans le document joint."), ("p", "Bien à vous,"))
    doc = Doc(title=c.title)
    doc.add(("title", c.acr))
    i = k.describe(doc, only=["cibles", "methodologie", "phasage", "pilotage", "resultats", "perennisation"], num="arabic", level=1)
    k.budget_block(doc, b, "qty", "fr", head=number(i, "arabic") + "Budget", level=1)
    if k.has("partenaires.liste"):
        k.partners_block(doc, "numbered", number(i + 1, "arabic") + "Partenaires", level=1)
    k.mail("gmail", body=body, atts=[att(f"{c.acr} - détail.docx", doc, data=to_docx(doc, "style"))], text_heading="colon").signature = k.signature()
    meta(k, "split_body_docx", "doc", "qty", "doc", "numbered", "gmail", {"num": "arabic"})
    return k


# ------------------------------------------------------------------------------------------ N36


def n36(st):
    """A budget table in thousands of euros ("12,5" under a 'k€' header) in a DOCX; Outlook."""
    k = Dossier(st, "N36", "labo")
    k.draw_missing(p_complete=0.45, kmax=2)
    c, r = k.c, k.r
    b = make_budget(r, c, drop_cats=k.drop_cats(), with_cofin=k.has("budget.cofinancements"))
    was_total = abs(b.resources[0].amount - b.total) < 1
    for x in b.lines:
        x.amount = round(x.amount, -2)
        x.qty = x.rate = None
    b.resources[0].amount = round(b.resources[0].amount, -2)
    if len(b.resources) > 1:
        rest = round(b.total - b.resources[0].amount, 2)
        for x in b.resources[1:-1]:
            x.amount = round(x.amount, -2)
        b.resources[-1].amount = round(rest - sum(x.amount for x in b.resources[1:-1]), 2)
    elif was_total or b.resources[0].amount > b.total:
        b.resources[0].amount = b.total
    doc = Doc(title=c.title)
    doc.add(("title", c.title), ("sub", c.org.name))
    i = k.describe(doc, num="arabic", level=1)
    rows = table_grouped(b, "knum", subtotals=True)
    rows[0] = ["Dépenses", "Montant (k€)"]
    doc.add(("h", 1, number(i, "arabic") + "Budget prévisionnel (en k€)"), ("table", rows, {"header": 1}))
    fin = [["Financement", "k€"]] + [[x.label, money(x.amount, "knum")] for x in b.resources] + [["Total", money(b.total, "knum")]]
    doc.add(("table", fin, {"header": 1}))
    doc.set_budget(b)
    if k.has("partenaires.liste"):
        k.partners_block(doc, "table", number(i + 1, "arabic") + "Partenaires", level=1)
    k.mail("outlook_android", body=Doc(items=k.cover(3)), atts=[att(f"{c.acr}.docx", doc, data=to_docx(doc, "style"))])
    k.notes.append("amounts in thousands of euros in the table cells, the unit only in the headers")
    meta(k, "docx_styles_keur", "doc", "knum_table", "doc", "table", "outlook_android", {"num": "arabic"})
    return k


# ------------------------------------------------------------------------------------------ N37


def n37(st):
    """A question about the call first (correspondence), then the submission from a free.fr Zimbra
    webmail: a plain reportlab PDF and the budget as a table typed in the body."""
    k = Dossier(st, "N37", "asso")
    k.draw_missing(p_complete=0.45, kmax=2)
    c, r = k.c, k.r
    b = make_budget(r, c, drop_cats=k.drop_cats(), with_cofin=k.has("budget.cofinancements"))
    sender = k.personal("free.fr")
    q = k.mail("roundcube", when=k.when - timedelta(days=6), sender=sender, subject="Question sur l'AMI dialogue social technologique",
               body=Doc(items=[("p", "Bonjour,"), ("p", "Notre association n'est pas assujettie à la TVA : devons-nous présenter notre budget en TTC ? "
                                                          "Et les lettres de soutien sont-elles obligatoires ?"), ("p", "Merci d'avance,"), ("p", f"{k.first} {k.last}")]),
               classification="correspondence")
    q.dossier = None
    q.note = f"question from the future applicant of {k.id}"
    doc = Doc(title=c.title)
    doc.add(("title", c.title))
    i = k.describe(doc, num="arabic", level=1)
    if k.has("partenaires.liste"):
        k.partners_block(doc, "bullets", number(i, "arabic") + "Partenaires", level=1)
    body = Doc(items=[("p", "Bonjour,"), ("p", f"Voici notre candidature au projet {c.acr}. Notre budget (en euros TTC, association non assujettie) :")])
    k.budget_block(body, b, "grouped", "fr", with_resources=True)
    body.add(("p", "Cordialement,"))
    k.mail("zimbra", sender=sender, body=body, atts=[att(f"{c.acr}.pdf", doc, data=to_pdf(doc, "plain"))]).signature = k.signature()
    meta(k, "pdf_reportlab_plain", "body", "grouped", "doc", "bullets", "zimbra", {"num": "arabic"}, roles=["question_first"])
    return k


# ------------------------------------------------------------------------------------------ N38


def n38(st):
    """An employers' grouping fills a 'fiche projet' as one two-column table (label | answer) in
    a DOCX, budget table below it; Outlook for Mac."""
    k = Dossier(st, "N38", "groupement")
    k.draw_missing(p_complete=0.4, kmax=3)
    c, r = k.c, k.r
    b = make_budget(r, c, drop_cats=k.drop_cats(), with_cofin=k.has("budget.cofinancements"), ineligible=("Frais de structure (8 %)", "autres"))
    k.optional_flags.append("depense_non_eligible")
    k.notes.append("overhead ('frais de structure 8 %') in the budget: depense_non_eligible optional")
    doc = Doc(title="Fiche projet")
    doc.add(("title", "FICHE PROJET – AMI Fabrique CTO"))
    rows = k.summary_kv(b)
    doc.end_stated = True
    labels = {"contexte": "Contexte", "objectifs": "Objectifs", "problematique": "Problématique", "cibles": "Cibles",
              "methodologie": "Méthodologie", "phasage": "Phasage", "pilotage": "Pilotage / comitologie", "resultats": "Résultats escomptés",
              "perennisation": "Pérennisation / essaimage"}
    for key in DESC:
        if k.has(key):
            rows.append((labels[key], write(key, c, r)))
            doc.keys.add(f"description.{key}")
    contrib = k.has("partenaires.contributions")
    if k.has("partenaires.liste"):
        rows.append(("Partenaires", [("p", " ; ".join(f"{p.name} ({p.contribution})" if contrib else p.name for p in k.partners))]))
        doc.set_partners([p.name for p in k.partners], contrib)
    doc.add(("kv", rows), ("h", 2, "Budget détaillé"))
    k.budget_block(doc, b, "grouped", "fr")
    k.mail("outlook_mac", body=Doc(items=k.cover(0)), atts=[att("Fiche projet.docx", doc, data=to_docx(doc, "bold"))]).signature = k.signature()
    meta(k, "docx_fiche_kv", "doc", "grouped", "doc", "kv_field", "outlook_mac", {"form": True})
    return k


# ------------------------------------------------------------------------------------------ N39


def n39(st):
    """An HTML-only Gmail message with real heading tags, an HTML budget table and the partners
    under 'Ils s'engagent à nos côtés'."""
    k = Dossier(st, "N39", "syndicat")
    k.draw_missing(p_complete=0.4, kmax=2)
    c, r = k.c, k.r
    b = make_budget(r, c, drop_cats=k.drop_cats(), with_cofin=k.has("budget.cofinancements"))
    body = Doc(items=[("p", "Bonjour,"), ("p", f"Voici la proposition {org_prep(c.org.name, 'de')} : {c.acr} – {c.title}.")])
    k.describe(body, num="none", level=1)
    k.budget_block(body, b, "grouped", "fr", head="Budget", level=1)
    if k.has("partenaires.liste"):
        body.add(("h", 1, "Ils s'engagent à nos côtés"))
        k.partners_block(body, "bullets")
    body.add(("p", "Salutations syndicales,"))
    k.mail("gmail", body=body, html_only=True, html_heading="tags").signature = k.signature(False)
    meta(k, "body_html_only", "body", "grouped", "body", "bullets", "gmail_html_only", {"num": "none", "tags": True})
    return k


# ------------------------------------------------------------------------------------------ N40


def n40(st):
    """A hospital: DOCX in parts ('Partie 1 : …') with sub-headings 1.1, 1.2…, letters of support
    as DOCX; the budget workbook forgotten and sent 20 minutes later in a new message."""
    k = Dossier(st, "N40", "sante")
    k.draw_missing(p_complete=0.45, kmax=2)
    c, r = k.c, k.r
    b = make_budget(r, c, drop_cats=k.drop_cats(), with_cofin=k.has("budget.cofinancements"), years=True)
    doc = Doc(title=c.title, author=c.lead, header=c.org.name)
    doc.add(("title", c.title), ("h", 1, "Partie 1 : Description du projet"))
    order = list(DESC)
    n = 0
    for key in order:
        if k.has(key):
            doc.element(key, f"1.{n + 1} {heading(key, r)}", write(key, c, r), 2)
            doc.end_stated = doc.end_stated or key == "phasage"
            n += 1
    doc.add(("h", 1, "Partie 2 : Budget"), ("p", "Le budget détaillé figure dans le classeur joint."))
    atts = [att(f"{c.acr} - dossier de candidature.docx", None)]
    if k.has("partenaires.liste"):
        doc.add(("h", 1, "Partie 3 : Partenaires"), ("p", "Les partenaires et leurs engagements figurent dans les lettres jointes."))
        for j, p in enumerate(k.partners[:3]):
            ld = letter(p, c, c.city, fr_day(k.when - timedelta(days=3)), j)
            if not k.has("partenaires.contributions"):
                ld = Doc(title=ld.title)
                ld.add(("title", p.name), ("p", "Madame, Monsieur,"), ("p", f"{p.name} soutient le projet {c.acr} porté {org_prep(c.org.name, 'par')}."), ("sig", [p.signer, p.name]))
                ld.set_partners([p.name], False)
            atts.append(att(f"Lettre de soutien - {p.name[:35]}.docx", ld, data=to_docx(ld, "bold")))
    atts[0] = att(f"{c.acr} - dossier de candidature.docx", doc, data=to_docx(doc, "style"))
    k.mail("outlook", body=Doc(items=k.cover(0)), atts=atts, logo=True).signature = k.signature()
    first = k.mails[0]
    k.mail("outlook", when=k.when + timedelta(minutes=20), subject=first.subject, classification="reply",
           body=Doc(items=[("p", "Bonjour,"), ("p", "Avec le budget, c'est mieux ! Toutes mes excuses."), ("p", "Cordialement,")]),
           atts=[att(f"Budget {c.acr}.xlsx", budget_doc(b), data=xlsx_merged(b, c, comments=False))], logo=True).signature = k.signature()
    k.notes.append("the budget forgotten, sent 20 minutes later in a new message with the same subject (no threading headers)")
    meta(k, "docx_parts", "xlsx_second_mail", "years_merged", "letters", "letters_docx", "outlook", {"num": "dotted_parts"}, xlsx="merged",
         reply="forgotten_attachment")
    return k


RECIPES_B = [n21, n22, n23, n24, n25, n26, n27, n28, n29, n30, n31, n32, n33, n34, n35, n36, n37, n38, n39, n40]


# ------------------------------------------------------------------------------------------ mails of no dossier


def dsn(r, when, failed: str, orig_subject: str) -> tuple[str, bytes]:
    mid = f"<20220{when:%m%d%H%M%S}.{r.upid(10)}@mx2.anact.fr>"
    b = f"{r.upid(10)}.{int(when.timestamp())}/mx2.anact.fr"
    text = (f"This is the mail system at host mx2.anact.fr.\r\n\r\nI'm sorry to have to inform you that your message could not\r\n"
            f"be delivered to one or more recipients. It's attached below.\r\n\r\n<{failed}>: host mx.{failed.split('@')[1]} said: 550 5.1.1\r\n"
            "    <" + failed + ">: Recipient address rejected: User unknown in virtual mailbox table\r\n")
    status = (f"Reporting-MTA: dns; mx2.anact.fr\r\nArrival-Date: {rfc2822(when)}\r\n\r\nFinal-Recipient: rfc822; {failed}\r\n"
              f"Action: failed\r\nStatus: 5.1.1\r\nDiagnostic-Code: smtp; 550 5.1.1 <{failed}>: Recipient address rejected\r\n")
    head = (f"Return-Path: <>\r\nDate: {rfc2822(when)}\r\nFrom: MAILER-DAEMON@mx2.anact.fr (Mail Delivery System)\r\n"
            f"Subject: Undelivered Mail Returned to Sender\r\nTo: fabrique@anact.fr\r\nAuto-Submitted: auto-replied\r\nMIME-Version: 1.0\r\n"
            f"Content-Type: multipart/report; report-type=delivery-status;\r\n\tboundary=\"{b}\"\r\nMessage-Id: {mid}\r\n\r\n")
    body = (f"This is a MIME-encapsulated message.\r\n\r\n--{b}\r\nContent-Description: Notification\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n{text}\r\n"
            f"--{b}\r\nContent-Description: Delivery report\r\nContent-Type: message/delivery-status\r\n\r\n{status}\r\n"
            f"--{b}\r\nContent-Description: Undelivered Message Headers\r\nContent-Type: text/rfc822-headers\r\n\r\n"
            f"From: Fabrique CTO <fabrique@anact.fr>\r\nTo: {failed}\r\nSubject: {orig_subject}\r\n\r\n--{b}--\r\n")
    return mid, (head + body).encode("utf-8")


def others(st, dossiers: dict) -> list[Mail]:
    """Out-of-office answers, a thank-you, a partner's question, a delivery failure."""
    r = Rand(st.seed, "others")
    out = []
    k = dossiers.get("N02")
    if k:
        when = k.when + timedelta(minutes=4)
        m = Mail(sender=k.email, name=f"{k.first} {k.last}", subject=f"Réponse automatique : Accusé de réception – votre proposition « {k.c.title} »",
                 date=when, client="outlook", body_items=[("p", f"Bonjour, je suis absente jusqu'au {r.randrange(25, 31)} août inclus. Pour toute urgence, merci de contacter l'accueil du cabinet.")],
                 body_doc=Doc(), msgid=message_id("outlook", r, k.email.split("@")[1], when), classification="auto_reply",
                 in_reply_to=f"<fcto-{r.hexid(12)}@anact.fr>", extra_headers=[("Auto-Submitted", "auto-replied"), ("X-Auto-Response-Suppress", "All")],
                 note=f"out-of-office from the applicant of {k.id}")
        out.append(m)
    k = dossiers.get("N24")
    if k:
        when = k.when + timedelta(minutes=2)
        m = Mail(sender=k.email, name=f"{k.first} {k.last}", subject="Absent(e) du bureau", date=when, client="zimbra",
                 body_items=[("p", "Je suis en congés jusqu'au 29 août, avec un accès limité à ma messagerie. Je vous répondrai à mon retour.")],
                 body_doc=Doc(), msgid=message_id("zimbra", r, k.email.split("@")[1], when), classification="auto_reply",
                 in_reply_to=f"<fcto-{r.hexid(12)}@anact.fr>", extra_headers=[("Auto-Submitted", "auto-replied (zimbra; vacation)")],
                 note=f"Zimbra out-of-office from the applicant of {k.id}")
        out.append(m)
    k = dossiers.get("N26")
    if k:
        when = paris(datetime(2022, 8, 24, 8, 12, 5))
        m = Mail(sender=k.email, name=f"{k.first} {k.last}", subject=f"Re: Accusé de réception – votre proposition « {k.c.title} »", date=when,
                 client="gmail", body_items=[("p", "Merci beaucoup pour ce retour rapide, et bonne journée !"), ("p", k.first)], body_doc=Doc(),
                 msgid=message_id("gmail", r, "gmail.com", when), classification="correspondence", accept=["correspondence", "reply"],
                 in_reply_to=f"<fcto-{r.hexid(12)}@anact.fr>", related=k.id, note=f"thank-you from the applicant of {k.id} (no new content)")
        out.append(m)
    k = dossiers.get("N12")
    if k:
        p = k.partners[0]
        when = k.when - timedelta(days=4, hours=3)
        m = Mail(sender=f"contact@{ascii_slug(p.name.split()[0], '-')}-{ascii_slug(k.c.region.name, '-')}.fr", name=p.signer,
                 subject="Lettre de soutien : format attendu ?", date=when, client="roundcube",
                 body_items=[("p", "Bonjour,"), ("p", "Nous soutenons une candidature à votre appel. La lettre de soutien doit-elle être signée par notre président, ou une signature de la direction suffit-elle ?"),
                             ("p", "Merci,"), ("p", p.signer)], body_doc=Doc(), msgid=message_id("roundcube", r, "example.fr", when),
                 classification="correspondence", note="a partner's question about the call")
        out.append(m)
    k = dossiers.get("N13")
    if k:
        when = k.when + timedelta(minutes=6)
        mid, raw = dsn(r, when, f"compta@{k.c.org.domain}", f"Accusé de réception – votre proposition « {k.c.title} »")
        m = Mail(sender="MAILER-DAEMON@mx2.anact.fr", name="Mail Delivery System", subject="Undelivered Mail Returned to Sender", date=when,
                 client="outlook", msgid=mid, raw=raw, classification="bounce", accept=["bounce", "auto_reply"],
                 note=f"delivery failure of an acknowledgement (Cc of {k.id})")
        out.append(m)
    for m in out:
        m.dossier = None
    return out
