"""The forty dossiers of the blind set, one recipe each: who writes, with which client, in which
layout, what they leave out, and what they send later."""
from __future__ import annotations

import copy

from . import docgen, office
from .kit import Doc, Dossier, Piece, at, join, later
from .mail import gmail_quote, text_to_html
from .texts import heading
from .world import Money, person, slug


def flat(blocks: list) -> str:
    """An outline's text as one cell of a spreadsheet form."""
    out = []
    for b in blocks:
        if b[0] == "p":
            out.append(b[1])
        elif b[0] in ("ul", "ol"):
            out += [f"- {x}" for x in b[1]]
        elif b[0] == "table":
            out += [" ; ".join(c for c in r if c) for r in b[1]]
    return "\n".join(out)


def title_blocks(d: Dossier, sub: str | None = None) -> list:
    return [("title", f"{d.acronym} – {d.title}"),
            ("sub", sub or d.rng.choice(["Réponse à l'appel à manifestation d'intérêt de la Fabrique CTO (Anact)",
                                         "AMI « Développer le dialogue social technologique au travail » – 2022",
                                         f"Candidature présentée par {d.org.name}"]))]


def h(d: Dossier, element: str, mode: str = "noun", numbering: str = "1.", level: int = 1, caps: bool = False):
    return ("h", level, d.next_heading(element, mode, numbering, caps))


# =========================================================================== recipes
def b01(conv):
    d = Dossier("B01", "Atelier Parallèle", "brancardage", 101)
    d.make_budget(total=68000, share=0.3)
    form = d.form("form")
    bp = d.budget_piece("years_mixed")
    pp = d.partner_piece("role_table")
    doc = join(Piece(title_blocks(d, "Dossier de candidature – AMI Fabrique CTO 2022") + d.summary()),
               Piece([("h", 1, "Présentation du projet")]), form,
               Piece([("h", 1, "Budget prévisionnel (en euros HT)")]), bp,
               Piece([("h", 1, "Partenaires mobilisés")]), pp)
    name = f"Dossier candidature {d.org.label} - {d.acronym}.docx"
    att = d.docx(name, doc, d.budget, partners=True, headings="bold", footer="Atelier Parallèle – SAS au capital "
                                                                               "de 10 000 € – RCS Strasbourg")
    when = at(2022, 7, 12, 10, 14, rng=d.rng)
    d.submit("outlook", when, f"Candidature AMI Fabrique CTO – {d.acronym}", d.cover(files=[name]), [att], logo=True)
    d.meta.update(desc_format="docx_form_table", budget_loc="doc", partner_loc="doc", client="outlook+logo")
    return d


def b02(conv):
    d = Dossier("B02", "Laboratoire TRAME", "biologie", 102)
    d.drop("description.perennisation")
    d.make_budget(total=74000, share=0.35)
    pp = d.partner_piece("prose")
    desc = d.sections(mode="english", numbering="1.", extra_method=pp.blocks)
    doc = join(Piece(title_blocks(d, "Proposal to the Fabrique CTO call (Anact) – Réponse à l'AMI 2022")),
               desc, Piece([h(d, "budget", "english")]), d.budget_piece("kilo"),
               Piece([], pp.keys))
    name = f"TRAME_{slug(d.acronym, '_')}_proposition.pdf"
    att = d.pdf(name, doc, d.budget, partners=True, family="DVSe", header="Laboratoire TRAME – UR 4363 – Université "
                                                                          "de Haute-Alsace")
    when = at(2022, 8, 2, 18, 47, rng=d.rng)
    d.submit("zimbra", when, f"Réponse AMI Fabrique CTO - projet {d.acronym}", d.cover(files=[name]), [att])
    d.notes.append("headings in English, text in French; partners named inside the methodology")
    d.meta.update(desc_format="pdf_reportlab_english_headings", budget_loc="doc", partner_loc="methodology_prose",
                  client="zimbra")
    return d


def b03(conv):
    d = Dossier("B03", "Les Ateliers du Dialogue", "collecte", 103)
    d.make_budget(total=55000, share=0.25)
    desc = d.sections(mode="question", numbering="")
    pp = d.partner_piece("parens")
    doc = join(Piece(title_blocks(d)), desc, Piece([h(d, "partenaires", "question", "")]), pp)
    name = f"Projet {d.acronym.title()} - Les Ateliers du Dialogue.docx"
    att = d.docx(name, doc, partners=True, headings="styles")
    xname = f"Budget_{slug(d.acronym, '_')}.xlsx"
    xl = Doc(xname, office.xlsx_multi(d.budget, d.title), d.budget_keys(d.budget), d.budget)
    d.notes.append("budget workbook: amounts and totals are formulas without cached values (computed from "
                   "quantities x rates and stated lines)")
    when = at(2022, 7, 28, 21, 5, rng=d.rng)
    agent = person(d.rng)
    quoted = ("<div>Bonjour,</div><div>Oui, une association loi 1901 peut tout à fait porter un projet, seule ou avec "
              "des partenaires. La date limite est fixée au 23 août.</div><div>Bien cordialement,</div>"
              f"<div>{agent.name}<br>Anact – Département Innovation</div>")
    quoted = gmail_quote(
        "Le mar. 5 juil. 2022 à 09:12", agent.name, agent.email("anact.fr"), quoted)
    text = d.cover(intro="Merci encore pour votre réponse rapide. Comme annoncé, voici notre candidature pour le "
                         f"projet {d.acronym}.", files=[name, xname])
    d.submit("gmail_html", when, "Re: Question sur l'AMI Fabrique CTO", text, [att, xl], quoted_html=quoted,
             in_reply_to=f"<{d.rng.getrandbits(64):x}.fabrique@anact.fr>")
    d.meta.update(desc_format="docx_question_headings", budget_loc="xlsx_multi_nocache", partner_loc="doc",
                  client="gmail_html_only_quoted", xlsx_variant="formulas_without_cached_values")
    return d


def b04(conv):
    d = Dossier("B04", "Kanopée", "hotellerie", 104)
    d.make_budget(total=86000, share=0.32)
    desc = d.sections(mode="noun", numbering="1.")
    names = d.partner_names()
    doc = join(Piece(title_blocks(d)), desc, Piece([h(d, "budget")]), d.budget_piece("qty_rate"),
               Piece([h(d, "partenaires"),
                      ("p", "Nos partenaires ont formalisé leur engagement par courrier (lettres jointes) : "
                            + ", ".join(names) + ".")], {"partenaires.liste"}))
    name = f"Kanopée – {d.acronym} – dossier.pdf"
    main = d.office(conv, name, doc, "pdf", d.budget, partners=True, headings="styles",
                    header=f"Kanopée Logiciels – Candidature Fabrique CTO – {d.acronym}", footer="Confidentiel")
    letters = d.letters()
    when = at(2022, 8, 9, 14, 31, rng=d.rng)
    text = d.cover(intro="Veuillez trouver ci-dessous notre dossier ainsi que les lettres de nos partenaires.")
    d.submit("apple", when, f"Candidature Fabrique CTO : {d.acronym}", text, [main] + letters,
             inline_between=("", "Bonne réception,\n" + d.person.first))
    d.notes.append("partners' contributions only in their letters of support")
    d.meta.update(desc_format="pdf_libreoffice", budget_loc="doc", budget_variant="qty_rate",
                  partner_loc="letters", client="apple_inline")
    return d


def b05(conv):
    d = Dossier("B05", "UD CFDT 72", "garages", 105)
    d.drop("description.cibles")
    d.make_budget(total=42000, share=0.12, n_cofin=1)
    money = Money(" ", 0, " EUR")
    desc = d.sections(mode="noun", numbering="")
    body = join(Piece([("p", f"Projet {d.acronym} – {d.title}")]), desc,
                Piece([("h", 1, "Budget")]), d.budget_piece("bullets", money=money),
                Piece([("h", 1, "Partenaires")]), d.partner_piece("colon"))
    text = ("Bonjour,\n\nNous vous transmettons ci-dessous, directement dans le corps du message, la proposition de "
            "notre union départementale.\n\n" + docgen.to_text(body.blocks, headings="upper", bullet="* ")
            + "\nSalutations syndicales,\n\n" + d.signature())
    when = at(2022, 8, 16, 22, 40, rng=d.rng)
    m = d.submit("thunderbird", when, f"Proposition UD CFDT Sarthe pour l'AMI dialogue social technologique", text, [])
    m.body, m.body_budget, m.body_partners = body, d.budget, d.partner_names()
    d.meta.update(desc_format="body_plain_caps_underlined", budget_loc="body", partner_loc="body", client="thunderbird")
    return d


def b06(conv):
    d = Dossier("B06", "CC Vals et Coteaux", "maisons_sante", 106)
    d.make_budget(total=128000, anact=92000, n_cofin=2)
    desc = d.sections(mode="mixed", numbering="1 -")
    body = join(Piece(title_blocks(d, "Candidature de la Communauté de communes Vals et Coteaux")), desc,
                Piece([h(d, "budget", numbering="1 -")]), d.budget_piece("two_tables", show_detail=False),
                Piece([h(d, "partenaires", numbering="1 -")]), d.partner_piece("role_table"))
    intro = ("Madame, Monsieur,\n\nLa Communauté de communes Vals et Coteaux a l'honneur de présenter sa "
             "candidature à l'appel à manifestation d'intérêt de la Fabrique CTO. Le dossier figure ci-dessous.\n")
    html = text_to_html(intro, "outlook") + docgen.to_html(body.blocks, flavor="outlook", headings="underline") + \
        text_to_html("\nRespectueusement,\n\n" + d.signature(), "outlook")
    when = at(2022, 7, 21, 11, 2, rng=d.rng)
    m = d.submit("outlook", when, "Candidature AMI Fabrique CTO - CC Vals et Coteaux", None, [], html=html, logo=True)
    m.body, m.body_budget, m.body_partners = body, d.budget, d.partner_names()
    d.meta.update(desc_format="outlook_html_body_tables", budget_loc="body", partner_loc="body", client="outlook")
    return d


def b07(conv):
    d = Dossier("B07", "Ostinato", "imprimerie", 107)
    d.make_budget(total=61000, share=0.28)
    desc = d.sections(mode="noun", numbering="I.", groups=[("methodologie", "phasage")])
    n1 = f"{d.acronym} - note de présentation.docx"
    a1 = d.docx(n1, join(Piece(title_blocks(d)), desc), headings="bold")
    when = at(2022, 8, 18, 16, 2, rng=d.rng)
    subj = f"AMI Fabrique CTO – {d.acronym} (envoi {{}}/3 : {{}})"
    d.submit("outlook", when, subj.format(1, "présentation"),
             d.cover(intro="Notre dossier étant volumineux, je vous l'adresse en trois envois successifs. Voici le "
                           "premier : la note de présentation du projet.", files=[n1]), [a1])
    n2 = f"{d.acronym} - budget.xlsx"
    a2 = Doc(n2, office.xlsx_multi(d.budget, d.title, cached=True), d.budget_keys(d.budget), d.budget)
    d.reply("outlook", later(when, minutes=7), subj.format(2, "budget"),
            "Bonjour,\n\nDeuxième envoi : le budget détaillé.\n\nCordialement,\n" + d.person.name, [a2])
    pp = d.partner_piece("role_table")
    n3 = f"{d.acronym} - partenaires.docx"
    a3 = d.docx(n3, join(Piece([("h", 1, "Partenaires et engagements")]), pp), partners=True)
    letters = d.letters(names=d.partner_names()[:1])
    d.reply("outlook", later(when, minutes=13), subj.format(3, "partenaires"),
            "Bonjour,\n\nTroisième et dernier envoi : nos partenaires et une lettre de soutien.\n\nCordialement,\n"
            + d.person.name, [a3] + letters)
    d.notes.append("one proposal over three mails; the workbook's formulas carry their cached values")
    d.meta.update(desc_format="docx_bold_roman", budget_loc="xlsx_multi_cached", partner_loc="third_mail",
                  client="outlook", reply="split3", xlsx_variant="formulas_with_cached_values")
    return d


def b08(conv):
    d = Dossier("B08", "Travail & Territoires", "espaces_verts", 108)
    d.email = f"{slug(d.person.first, '')}.{slug(d.person.last, '')}15@gmail.com"
    d.make_budget(total=47000, share=0.3)
    desc = d.sections(mode="noun", numbering="1)")
    doc = join(Piece(title_blocks(d)), desc, Piece([h(d, "budget", numbering="1)")]),
               d.budget_piece("by_columns", columns=["Phase 1", "Phase 2", "Phase 3"]),
               Piece([h(d, "partenaires", numbering="1)")]), d.partner_piece("numbered"))
    name = f"candidature_{slug(d.acronym, '_')}.odt"
    att = d.office(conv, name, doc, "odt", d.budget, partners=True, headings="styles")
    sig = f"{d.person.name}\n{d.person.gendered('Directeur|Directrice')} – {d.org.name}\n{d.org.address}"
    when = at(2022, 8, 11, 9, 26, rng=d.rng)
    d.submit("gmail", when, "candidature fabrique CTO", d.cover(files=[name], sig=sig,
                                                               extra="J'écris depuis ma messagerie personnelle, "
                                                                     "celle de l'association étant en panne."), [att])
    d.notes.append("sent from a personal Gmail address; the organisation is only in the signature")
    d.meta.update(desc_format="odt", budget_loc="doc", partner_loc="doc", client="gmail_personal")
    return d


def b09(conv):
    d = Dossier("B09", "Équipe PsyTra", "relation_client", 109)
    d.make_budget(total=58000, share=0.3)
    desc = d.sections(mode="english", numbering="")
    doc = join(Piece(title_blocks(d)), desc, Piece([("h", 1, "Budget")]), d.budget_piece("english"),
               Piece([("h", 1, "Partners")]), d.partner_piece("english"))
    name = f"PsyTra - {d.acronym}.docx"
    att = d.docx(name, doc, d.budget, partners=True, headings="styles")
    when = at(2022, 8, 23, 20, 41, "America/Montreal", rng=d.rng)
    d.submit("sogo", when, f"Candidature Fabrique CTO - {d.acronym}",
             d.cover(extra="Je vous écris depuis Montréal, où je suis en séjour de recherche, en espérant que le "
                           "décalage horaire ne nous pénalise pas.", files=[name]), [att])
    d.notes.append("sent 20:41 in Montréal (-04:00) = 02:41 on 24 August in Paris: late")
    d.meta.update(desc_format="docx_english_headings", budget_loc="doc", partner_loc="doc", client="sogo",
                  roles=["late_tz"])
    return d


def b10(conv):
    d = Dossier("B10", "Cap Santé Travail", "ambulances", 110)
    d.drop("description.phasage")
    d.make_budget(total=52000, share=0.26)
    desc = d.sections(runin=True, mode="noun", numbering="")
    doc = join(Piece(title_blocks(d)), desc, Piece([("h", 1, "Budget prévisionnel")]), d.budget_piece("accounting"),
               Piece([("h", 1, "Partenaires")]), d.partner_piece("parens"))
    name = f"{d.acronym} - Cap Santé Travail.pdf"
    att = d.pdf(name, doc, d.budget, partners=True, family="DVS")
    when = at(2022, 8, 24, 1, 35, "Indian/Reunion", rng=d.rng)
    d.submit("roundcube", when, f"AMI Fabrique CTO : candidature {d.acronym}", d.cover(files=[name]), [att])
    d.notes.append("sent 01:35 on 24 August in La Réunion (+04:00) = 23:35 on 23 August in Paris: on time")
    d.meta.update(desc_format="pdf_runin_headings", budget_loc="doc", budget_variant="accounting",
                  partner_loc="doc", client="roundcube", roles=["ontime_tz"])
    return d


def b11(conv):
    d = Dossier("B11", "Azimut", "cuisine", 111)
    d.period((2022, 11), 17)
    d.make_budget(total=72000, share=0.3)
    desc = d.sections(mode="noun", numbering="I.")
    doc = join(Piece(title_blocks(d) + d.summary(duration=d.duration_text("end"))), desc,
               Piece([h(d, "budget", numbering="I.")]), d.budget_piece("two_tables"),
               Piece([h(d, "partenaires", numbering="I.")]), d.partner_piece("role_table"))
    name = f"AZIMUT_{slug(d.acronym, '_').upper()}_AMI_FabriqueCTO.docx"
    att = d.docx(name, doc, d.budget, partners=True, headings="styles")
    when = at(2022, 8, 19, 17, 55, rng=d.rng)
    d.submit("outlook_mac", when, f"Dépôt de candidature – {d.acronym}", d.cover(files=[name]), [att])
    d.notes.append("'fin prévue : mars 2024'")
    d.meta.update(desc_format="docx_styles_roman", budget_loc="doc", partner_loc="doc", client="outlook_mac",
                  roles=["end2024_month"])
    return d


def b12(conv):
    d = Dossier("B12", "Travail & Cité", "insertion", 112)
    d.period((2022, 9), 20)
    d.make_budget(total=97000, share=0.3)
    desc = d.sections(mode="noun", numbering="1.", phasage_style="months")
    lab = "Centre de recherche sur le travail et le développement (Cnam)"
    if lab not in d.partner_names():
        d.partners[-1] = (lab, "lab")
        d.contrib[lab] = "appui scientifique et évaluation de la démarche"
    doc = join(Piece(title_blocks(d) + [("p", "Durée : " + d.duration_text("from") + ".")]), desc,
               Piece([h(d, "budget")]),
               d.budget_piece("by_columns", columns=[d.org.label, "Cnam"]),
               Piece([h(d, "partenaires")]), d.partner_piece("colon"))
    name = f"Note {d.acronym} - Institut Travail & Cité.pdf"
    att = d.office(conv, name, doc, "pdf", d.budget, partners=True, headings="styles", header="Institut Travail & "
                                                                                              "Cité")
    when = at(2022, 8, 22, 12, 10, rng=d.rng)
    d.submit("thunderbird", when, f"AMI Fabrique CTO - {d.acronym}", d.cover(files=[name]), [att])
    d.notes.append("'durée 20 mois à partir de septembre 2022' = end April 2024; budget split by partner columns")
    d.meta.update(desc_format="pdf_libreoffice", budget_loc="doc", partner_loc="doc", client="thunderbird",
                  roles=["end2024_duration"])
    return d


def b13(conv):
    d = Dossier("B13", "Oriel", "securite", 113)
    d.period((2022, 7), 18)
    d.make_budget(total=64000, share=0.3)
    pp = d.partner_piece("prose")
    desc = d.sections(runin=True, numbering="", extra_method=pp.blocks)
    doc = join(Piece(title_blocks(d) + [("p", f"Calendrier : {d.duration_text('from')}.")]), desc,
               Piece([("h", 1, "Budget")]), d.budget_piece("prose"), Piece([], pp.keys))
    name = f"Oriel - {d.acronym}.docx"
    att = d.docx(name, doc, d.budget, partners=True, headings="bold")
    when = at(2022, 7, 29, 15, 20, rng=d.rng)
    d.submit("roundcube", when, f"Candidature {d.acronym}", d.cover(files=[name]), [att])
    d.notes.append("'18 mois à partir de juillet 2022' ends December 2023: not late; budget written as prose")
    d.meta.update(desc_format="docx_runin", budget_loc="doc", partner_loc="methodology_prose", client="roundcube")
    return d


def b14(conv):
    d = Dossier("B14", "Dispatch'In", "ambulances", 114)
    d.make_budget(total=82000, share=0.3, ineligible=True)
    desc = d.sections(mode="noun", numbering="")
    doc = join(Piece([("title", d.acronym), ("sub", d.title)]), desc,
               Piece([("h", 1, "Budget")]), d.budget_piece("qty_rate"),
               Piece([("h", 1, "Ils nous accompagnent")]), d.partner_piece("parens"))
    name = f"{d.acronym} pitch Fabrique CTO.pdf"
    att = d.pdf(name, doc, d.budget, partners=True, landscape_slides=True, family="DVS")
    key = Doc(f"{d.acronym} pitch Fabrique CTO.key", office.keynote_file(114), set(), readable=False,
              flag="piece_jointe_non_supportee")
    when = at(2022, 8, 5, 8, 58, rng=d.rng)
    d.submit("outlook", when, f"Dispatch'In - candidature {d.acronym}",
             d.cover(files=[name, key.filename], extra="Je joins aussi le fichier Keynote d'origine."), [att, key])
    d.notes.append("slides (landscape PDF) + the original Keynote file; budget buys tablets (not eligible)")
    d.meta.update(desc_format="pdf_slides", budget_loc="doc", partner_loc="doc", client="outlook",
                  roles=["keynote", "equipment"])
    return d


def b15(conv):
    d = Dossier("B15", "Regards Croisés", "insertion", 115)
    d.make_budget(total=49000, share=0.3, overhead=True)
    desc = d.sections(mode="noun", numbering="1.", groups=[("objectifs", "cibles")])
    doc = join(Piece(title_blocks(d)), desc, Piece([h(d, "budget")]), d.budget_piece("accounting"),
               Piece([h(d, "partenaires")]), d.partner_piece("colon"))
    name = f"Dossier {d.acronym}.docx"
    att = d.docx(name, doc, d.budget, partners=True, headings="bold", font="Arial")
    when = at(2022, 7, 19, 13, 33, rng=d.rng)
    d.submit("orange", when, f"Dossier {d.acronym} – Association Regards Croisés", d.cover(files=[name]),
             [Doc(**{**att.__dict__, "octet": True})])
    d.notes.append("overhead line (debatable eligibility); accounting-plan budget side by side")
    d.meta.update(desc_format="docx_bold", budget_loc="doc", partner_loc="doc", client="orange", roles=["overhead"])
    return d


def b16(conv):
    d = Dossier("B16", "CMA Aude", "garages", 116)
    d.make_budget(total=66000, share=0.3)
    desc = d.sections(mode="noun", numbering="1.")
    doc = join(Piece(title_blocks(d)), desc, Piece([h(d, "budget")]), d.budget_piece("two_tables"),
               Piece([h(d, "partenaires")]), d.partner_piece("role_table"))
    name = f"CMA11 - {d.acronym}.doc"
    att = d.office(conv, name, doc, "doc:MS Word 97", d.budget, partners=True, headings="styles")
    att.optional_flag = "piece_jointe_non_supportee"
    when = at(2022, 8, 1, 10, 45, rng=d.rng)
    d.submit("outlook", when, "Réponse de la CMA de l'Aude à l'AMI Fabrique CTO", d.cover(files=[name]), [att])
    d.notes.append("legacy Word 97 .doc (readable by a clerk; flag optional)")
    d.meta.update(desc_format="doc_word97", budget_loc="doc", partner_loc="doc", client="outlook")
    return d


def b17(conv):
    d = Dossier("B17", "Tangente RH", "officine", 117)
    d.make_budget(total=59000, share=0.3)
    desc = d.sections(mode="noun", numbering="1.")
    doc = join(Piece(title_blocks(d) + d.summary(figures=False)), desc, Piece([h(d, "partenaires")]),
               d.partner_piece("parens"))
    name = f"Tangente RH - {d.acronym}.docx"
    att = d.docx(name, doc, partners=True, headings="styles")
    bname = f"Budget {d.acronym} (protégé).pdf"
    enc = Doc(bname, office.encrypted_pdf(d.budget_piece("two_tables").blocks, "tangente2022"), set(),
              readable=False, flag="piece_jointe_protegee")
    when = at(2022, 8, 17, 19, 12, rng=d.rng)
    d.submit("gmail", when, f"AMI Fabrique CTO – {d.acronym}",
             d.cover(files=[name, bname], extra="Le budget est protégé par un mot de passe, que je vous "
                                                "communiquerai sur simple demande."), [att, enc])
    d.notes.append("budget only in a password-protected PDF")
    d.meta.update(desc_format="docx_styles", budget_loc="encrypted_pdf", partner_loc="doc", client="gmail")
    return d


def b18(conv):
    d = Dossier("B18", "UMR TTO", "collecte", 118)
    b1 = d.make_budget(total=120000, anact=96000, n_cofin=1)
    desc = d.sections(mode="noun", numbering="1.")
    pp = d.partner_piece("colon")
    name = f"UMR TTO - {d.acronym} - projet.docx"
    att = d.docx(name, join(Piece(title_blocks(d)), desc, Piece([h(d, "partenaires")]), pp), partners=True)
    bname = f"Budget {d.acronym}.pdf"
    batt = d.pdf(bname, join(Piece([("title", f"Budget prévisionnel – {d.acronym}")]),
                             d.budget_piece("two_tables")), b1)
    when = at(2022, 7, 25, 9, 40, rng=d.rng)
    d.submit("zimbra", when, f"Candidature Fabrique CTO - {d.acronym}", d.cover(files=[name, bname]),
                     [att, batt])
    b2 = copy.deepcopy(b1)
    anact = b2.resources[0]
    anact.amount = 80000.0
    others = [r for r in b2.resources if r.nature != "anact"]
    others[0].amount = round(b2.total - 80000.0 - sum(r.amount for r in others[1:]), 2)
    others[0].label = "Autofinancement (temps des chercheurs permanents)"
    others[0].nature = "autofinancement"
    cname = f"Budget {d.acronym} v2 corrigé.xlsx"
    c = Doc(cname, office.xlsx_multi(b2, d.title, cached=True), d.budget_keys(b2), b2)
    d.reply("zimbra", at(2022, 8, 10, 11, 5, rng=d.rng), f"RE: Candidature Fabrique CTO - {d.acronym}",
            "Bonjour,\n\nNous avions mal lu le plafond de l'appel : voici notre budget corrigé, avec une demande "
            "ramenée à 80 000 € et un autofinancement augmenté d'autant. Il remplace la version précédente.\n\n"
            "Bien cordialement,\n" + d.person.name, [c], in_reply_to="@first")
    d.budget = b2
    d.notes.append("first budget asks 96 000 € of Anact; the reply's workbook corrects it to 80 000 €")
    d.meta.update(desc_format="docx_styles", budget_loc="annex_pdf+xlsx_v2", partner_loc="doc", client="zimbra",
                  reply="corrected_budget", xlsx_variant="formulas_with_cached_values")
    return d


def b19(conv):
    d = Dossier("B19", "CNI 44", "cuisine", 119)
    d.make_budget(total=45000, share=0.24)
    desc = d.sections(mode="question", numbering="1.")
    doc = join(Piece(title_blocks(d)), desc, Piece([h(d, "budget", "question")]), d.budget_piece("two_tables"),
               Piece([h(d, "partenaires", "question")]), d.partner_piece("colon"))
    name = f"CNI44_{slug(d.acronym, '_')}.pdf"
    att = d.pdf(name, doc, d.budget, partners=True, family="DVSe", header="Collectif Numérique Inclusif 44")
    letters = d.letters(scan=d.partner_names()[0])
    when = at(2022, 8, 12, 16, 20, rng=d.rng)
    d.submit("thunderbird", when, f"Candidature AMI Fabrique CTO {d.acronym}", d.cover(files=[name]),
             [att] + letters)
    d.meta.update(desc_format="pdf_reportlab_questions", budget_loc="doc", partner_loc="doc+letters",
                  client="thunderbird", roles=["scan_letter"])
    return d


def b20(conv):
    d = Dossier("B20", "Quaero", "collecte", 120)
    d.make_budget(total=88000, share=0.35)
    desc = d.sections(mode="question", numbering="")
    name = f"Quaero - {d.acronym} - description.docx"
    att = d.docx(name, join(Piece(title_blocks(d)), desc), headings="styles")
    parts = [(n, {"aract": "Aract", "union": "Syndicat", "employer": "Organisation patronale", "lab": "Recherche",
                  "opco": "OPCO", "prevention": "Prévention", "design": "Prestataire", "public": "Institution",
                  "pilot": "Entreprise pilote"}[k], d.contrib[n]) for n, k in d.partners]
    xname = f"Quaero - {d.acronym} - budget et partenaires.xlsx"
    x = Doc(xname, office.xlsx_multi(d.budget, d.title, partners=parts, cached=True),
            d.budget_keys(d.budget) | {"partenaires.liste", "partenaires.contributions"}, d.budget, d.partner_names())
    when = at(2022, 8, 3, 11, 28, rng=d.rng)
    d.submit("outlook", when, f"Quaero Solutions – AMI Fabrique CTO – {d.acronym}", d.cover(files=[name, xname]),
             [att, x], logo=True)
    d.meta.update(desc_format="docx_question_headings", budget_loc="xlsx_multi_cached", partner_loc="xlsx_sheet",
                  client="outlook", xlsx_variant="formulas_with_cached_values")
    return d


def b21(conv):
    d = Dossier("B21", "Lendemains du Travail", "maisons_sante", 121)
    d.make_budget(total=93000, share=0.3)
    desc = d.sections(mode="noun", numbering="1.", groups=[("contexte", "problematique")])
    doc = join(Piece(title_blocks(d)), desc, Piece([h(d, "budget")]), d.budget_piece("long", phases=5),
               Piece([h(d, "partenaires")]), d.partner_piece("role_table"))
    name = f"Fondation Lendemains du Travail – {d.acronym}.pdf"
    att = d.pdf(name, doc, d.budget, partners=True, family="DVS", header="Fondation Lendemains du Travail",
                footer="AMI Fabrique CTO 2022")
    when = at(2022, 8, 8, 10, 3, rng=d.rng)
    d.submit("apple", when, f"Projet {d.acronym} – Fondation Lendemains du Travail", d.cover(files=[name]), [att])
    d.notes.append("detailed budget table (one row per line and phase) running over a page break")
    d.meta.update(desc_format="pdf_reportlab", budget_loc="doc", partner_loc="doc", client="apple")
    return d


def b22(conv):
    d = Dossier("B22", "Lignes de Force", "hotellerie", 122)
    d.drop_random(2)
    d.make_budget(total=57000, share=0.27)
    desc = d.sections(mode="noun", numbering="1.")
    doc = join(Piece(title_blocks(d)), desc, Piece([h(d, "budget")]), d.budget_piece("two_tables", show_detail=False),
               Piece([h(d, "partenaires")]), d.partner_piece("role_table"))
    name = f"LDF_{slug(d.acronym, '_')}.pdf"
    att = d.office(conv, name, doc, "pdf", d.budget, partners=True, headings="styles",
                   header="Lignes de Force Consultants", footer="AMI Fabrique CTO")
    when = at(2022, 8, 22, 23, 48, rng=d.rng)
    d.submit("zimbra", when, f"AMI Fabrique CTO - dépôt {d.acronym}", d.cover(files=[name]), [att])
    d.meta.update(desc_format="pdf_libreoffice", budget_loc="doc", partner_loc="doc", client="zimbra")
    return d


def b23(conv):
    d = Dossier("B23", "CDG 86", "collecte", 123)
    d.make_budget(total=63000, share=0.3)
    gone = d.drop_random(2)
    bp = d.budget_piece("two_tables")
    pp = d.partner_piece("colon")
    blank = "(Décrire ici : {what} – 15 lignes maximum)"

    def form_doc():
        return join(Piece(title_blocks(d, "Formulaire de candidature")), d.form("question", blank=blank),
                    Piece([("h", 1, "Budget")]), bp, Piece([("h", 1, "Partenaires")]), pp)
    name = f"Formulaire candidature {d.acronym}.docx"
    a1 = d.docx(name, form_doc(), d.budget, partners=True, headings="bold")
    when = at(2022, 7, 27, 15, 5, rng=d.rng)
    d.submit("outlook", when, f"Candidature CDG 86 - {d.acronym}", d.cover(files=[name]), [a1])
    d.missing -= set(gone)
    name2 = f"Formulaire candidature {d.acronym} - complet.docx"
    a2 = d.docx(name2, form_doc(), d.budget, partners=True, headings="bold")
    d.reply("outlook", at(2022, 8, 1, 9, 12, rng=d.rng), f"RE: Candidature CDG 86 - {d.acronym}",
            "Bonjour,\n\nJe vous prie de nous excuser : deux rubriques du formulaire étaient restées vides. Vous "
            "trouverez ci-joint la version complète, qui annule et remplace la précédente.\n\nCordialement,\n"
            + d.person.name, [a2], in_reply_to="@first")
    d.notes.append(f"first form left {', '.join(gone)} with the template's instruction; the reply completes it")
    d.meta.update(desc_format="docx_form_question_labels", budget_loc="doc", partner_loc="doc", client="outlook",
                  reply="completed_form", missing_first_message=gone)
    return d


def b24(conv):
    d = Dossier("B24", "LECO", "brancardage", 124)
    d.drop_random(1)
    d.make_budget(total=76000, share=0.3)
    desc = d.sections(mode="english", numbering="1.")
    doc = join(Piece(title_blocks(d)), desc, Piece([("h", 1, "Budget")]),
               d.budget_piece("by_columns", columns=["WP1", "WP2", "WP3", "WP4"]),
               Piece([("h", 1, "Consortium")]), d.partner_piece("english"))
    name = f"LECO_{slug(d.acronym, '_')}_FabriqueCTO.docx"
    att = d.docx(name, doc, d.budget, partners=True, headings="styles", table_style="Light Grid Accent 1")
    when = at(2022, 8, 19, 9, 50, rng=d.rng)
    d.submit("sogo", when, f"Fabrique CTO - candidature LECO ({d.acronym})", d.cover(files=[name]), [att])
    d.meta.update(desc_format="docx_english_headings", budget_loc="doc", budget_variant="by_work_package",
                  partner_loc="doc", client="sogo")
    return d


def b25(conv):
    d = Dossier("B25", "Hélice Conseil", "biologie", 125)
    d.drop("partenaires.contributions")
    d.make_budget(total=71000, share=0.3)
    desc = d.sections(mode="noun", numbering="art")
    doc = join(Piece(title_blocks(d)), desc, Piece([h(d, "budget", numbering="art")]), d.budget_piece("accounting"),
               Piece([h(d, "partenaires", numbering="art")]), d.partner_piece("names_only"))
    name = f"Hélice Conseil – {d.acronym}.pdf"
    att = d.office(conv, name, doc, "pdf", d.budget, partners=True, headings="styles", header="Hélice Conseil SARL")
    when = at(2022, 8, 4, 17, 17, rng=d.rng)
    d.submit("outlook", when, f"{d.acronym} / AMI Fabrique CTO", d.cover(files=[name]), [att], logo=True)
    d.meta.update(desc_format="pdf_libreoffice_articles", budget_loc="doc", partner_loc="doc", client="outlook")
    return d


def b26(conv):
    d = Dossier("B26", "Parcours & Métiers", "insertion", 126)
    d.make_budget(total=44000, share=0.3)
    desc = d.sections(mode="noun", numbering="")
    body = join(desc, Piece([("h", 1, "Budget")]), d.budget_piece("bullets"),
                Piece([("h", 1, "Partenaires")]), d.partner_piece("parens"))
    html = text_to_html("Bonjour,\n\nVoici notre proposition pour la Fabrique CTO, rédigée directement dans ce "
                        f"message : projet {d.acronym} – {d.title}.\n", "roundcube") + \
        docgen.to_html(body.blocks, flavor="roundcube") + text_to_html("\nBien à vous,\n" + d.signature(), "roundcube")
    when = at(2022, 8, 15, 10, 30, rng=d.rng)
    m = d.submit("roundcube", when, f"Proposition {d.acronym} (Fabrique CTO)", None, [], html=html)
    m.body, m.body_budget, m.body_partners = body, d.budget, d.partner_names()
    d.meta.update(desc_format="html_body_h3", budget_loc="body", partner_loc="body", client="roundcube")
    return d


def b27(conv):
    d = Dossier("B27", "Solidaires Isère", "securite", 127)
    d.drop("budget.deplacements_logistique")
    d.make_budget(total=39000, share=0.25)
    desc = d.sections(mode="noun", numbering="1.")
    doc = join(Piece(title_blocks(d)), desc, Piece([h(d, "budget")]), d.budget_piece("kilo", mark=" K€"),
               Piece([h(d, "partenaires")]), d.partner_piece("parens"))
    name = f"{d.acronym}.pdf"
    att = d.office(conv, name, doc, "pdf", d.budget, partners=True, headings="bold")
    when = at(2022, 8, 21, 19, 3, rng=d.rng)
    d.submit("iphone", when, "", "Bonjour, ci-joint la candidature de Solidaires Isère.\n\n" + d.person.name +
             "\n\nEnvoyé de mon iPhone", [att])
    d.notes.append("no subject; budget in k€ without any travel line")
    d.meta.update(desc_format="pdf_libreoffice", budget_loc="doc", budget_variant="kilo", partner_loc="doc",
                  client="iphone_no_subject")
    return d


def b28(conv):
    d = Dossier("B28", "CGT HCR 73", "hotellerie", 128)
    d.drop("budget.cofinancements")
    d.make_budget(total=40000, share=0.0)
    desc = d.sections(mode="noun", numbering="1)")
    body = join(Piece([("p", f"Projet : {d.acronym}")]), desc, Piece([h(d, "partenaires", numbering="1)")]),
                d.partner_piece("colon"))
    xname = "budget CGT HCR.xlsx"
    x = Doc(xname, office.xlsx_flat_text(d.budget, d.money, d.acronym), d.budget_keys(d.budget), d.budget)
    text = ("Bonjour,\n\nVoici notre projet. Le budget est en pièce jointe.\n\n" +
            docgen.to_text(body.blocks, headings="plain", bullet="- ") + "\nFraternellement,\n" + d.signature())
    when = at(2022, 8, 10, 20, 15, rng=d.rng)
    m = d.submit("orange", when, f"projet {d.acronym.lower()} pour l'anact", text, [x])
    m.body, m.body_partners = body, d.partner_names()
    d.notes.append("no co-financing: the whole cost is asked of Anact; workbook amounts typed as text")
    d.meta.update(desc_format="body_plain_numbered", budget_loc="xlsx_text", partner_loc="body", client="orange",
                  xlsx_variant="amounts_as_text")
    return d


def b29(conv):
    d = Dossier("B29", "Vercors Ergonomie", "officine", 129)
    d.drop("budget.cofinancements")
    d.make_budget(total=90000, anact=70000, silent_remainder=True)
    desc = d.sections(mode="noun", numbering="1.")
    doc = join(Piece(title_blocks(d)), desc, Piece([h(d, "budget")]), d.budget_piece("kilo"),
               Piece([h(d, "partenaires")]), d.partner_piece("role_table"))
    name = f"Vercors Ergonomie - {d.acronym}.docx"
    att = d.docx(name, doc, d.budget, partners=True, headings="styles")
    when = at(2022, 8, 17, 8, 5, rng=d.rng)
    d.submit("gmail", when, f"Candidature {d.acronym}", d.cover(files=[name]), [att])
    d.notes.append("total and Anact request stated, the remainder's source never named (no co-financing figure)")
    d.meta.update(desc_format="docx_styles", budget_loc="doc", budget_variant="kilo", partner_loc="doc",
                  client="gmail", roles=["silent_remainder"])
    return d


def b30(conv):
    d = Dossier("B30", "Boussole & Cie", "cuisine", 130)
    d.make_budget(total=54000, share=0.3)
    desc = d.sections(mode="noun", numbering="1.", groups=[("resultats", "perennisation")])
    name = f"Boussole - {d.acronym}.docx"
    att = d.docx(name, join(Piece(title_blocks(d)), desc, Piece([h(d, "partenaires")]), d.partner_piece("parens")),
                 partners=True, headings="styles")
    xname = f"Boussole - {d.acronym} - budget.xlsx"
    when = at(2022, 8, 23, 17, 40, rng=d.rng)
    d.submit("outlook", when, f"Candidature {d.acronym} - Boussole & Cie", d.cover(files=[name, xname]), [att])
    x = Doc(xname, office.xlsx_multi(d.budget, d.title), d.budget_keys(d.budget), d.budget)
    d.reply("outlook", later(when, minutes=36), f"RE: Candidature {d.acronym} - Boussole & Cie",
            "Bonjour,\n\nAvec la pièce jointe, c'est mieux : voici le budget annoncé dans mon précédent message.\n\n"
            "Bien cordialement,\n" + d.person.name, [x], in_reply_to="@first")
    d.notes.append("first mail announces a budget it does not carry; it comes 36 minutes later, in a workbook "
                   "whose formulas (line amounts, totals) have no cached values: the figures are the stated lines' sums")
    d.meta.update(desc_format="docx_styles", budget_loc="xlsx_reply", partner_loc="doc", client="outlook",
                  reply="forgotten_attachment", xlsx_variant="formulas_without_cached_values")
    return d


def b31(conv):
    d = Dossier("B31", "Tisserand Conseil", "imprimerie", 131)
    d.drop("budget.personnel", "budget.deplacements_logistique", "budget.prestations", "budget.cofinancements")
    desc = d.sections(mode="noun", numbering="1.")
    doc = join(Piece(title_blocks(d)), desc, Piece([h(d, "partenaires")]), d.partner_piece("role_table"))
    name = f"Tisserand Conseil - {d.acronym}.pdf"
    att = d.office(conv, name, doc, "pdf", partners=True, headings="styles")
    when = at(2022, 8, 20, 11, 11, rng=d.rng)
    d.submit("thunderbird", when, f"AMI Fabrique CTO - {d.acronym}",
             d.cover(files=[name, "budget prévisionnel.xlsx"]), [att])
    d.notes.append("the cover names a budget workbook that is not attached")
    d.meta.update(desc_format="pdf_libreoffice", budget_loc=None, partner_loc="doc", client="thunderbird")
    return d


def b32(conv):
    d = Dossier("B32", "MDE Pays Mellois", "ambulances", 132)
    for extra in ("Taxis-Ambulances Mellois", "Ambulances du Val de Sèvre", "CPME de la Somme"):
        if len(d.partners) < 3 and extra not in d.partner_names():
            d.partners.append((extra, "pilot" if "Ambulances" in extra else "employer"))
            d.contrib[extra] = "accueil des immersions et des tests" if "Ambulances" in extra else \
                "relais de l'appel à volontaires et accueil des réunions"
    d.make_budget(total=62000, share=0.3)
    desc = d.sections(mode="noun", numbering="")
    doc = join(Piece(title_blocks(d)), desc, Piece([("h", 1, "Budget")]), d.budget_piece("two_tables"),
               Piece([("h", 1, "Partenaires")]), d.partner_piece("names_only"))
    name = f"MDE - {d.acronym}.docx"
    att = d.docx(name, doc, d.budget, partners=True, headings="styles")
    d.meta["scan_fmt"] = "jpg"
    letters = d.letters(scan=d.partner_names()[-1])
    when = at(2022, 8, 2, 14, 14, rng=d.rng)
    d.submit("outlook", when, f"Maison de l'emploi du Pays Mellois – candidature {d.acronym}",
             d.cover(files=[name] + [x.filename for x in letters]), [att] + letters, logo=True)
    d.meta.update(desc_format="docx_styles", budget_loc="doc", partner_loc="doc_names+letters", client="outlook",
                  roles=["photo_letter"])
    return d


def b33(conv):
    d = Dossier("B33", "Ergolab Sud", "garages", 133)
    d.make_budget(total=69000, share=0.3)
    desc = d.sections(mode="noun", numbering="1.")
    name = f"Ergolab Sud - {d.acronym}.docx"
    att = d.docx(name, join(Piece(title_blocks(d)), desc, Piece([h(d, "budget")]), d.budget_piece("two_tables")),
                 d.budget, headings="styles")
    when = at(2022, 8, 16, 18, 2, rng=d.rng)
    d.submit("gmail", when, f"Candidature Ergolab Sud – {d.acronym}", d.cover(files=[name]), [att])
    colleague = person(d.rng)
    cmail = colleague.email(d.org.domain, "first.last")
    pname = f"{d.acronym} - partenaires.docx"
    p = d.docx(pname, join(Piece([("h", 1, f"{d.acronym} – Partenaires du projet")]), d.partner_piece("role_table")),
               partners=True, headings="styles")
    d.reply("gmail", at(2022, 8, 17, 10, 31, rng=d.rng), f"{d.acronym} : complément au dossier (partenaires)",
            f"Bonjour,\n\nJe complète le dossier {d.acronym} envoyé hier soir par {d.person.name}, qui a oublié la "
            f"page des partenaires. La voici.\n\nBien cordialement,\n{colleague.name}\nIngénieur d'études – "
            f"{d.org.name}", [p], sender=(colleague.name, cmail))
    d.notes.append("a colleague (other address, same domain) sends the partners the next day, acronym in subject")
    d.meta.update(desc_format="docx_styles", budget_loc="doc", partner_loc="colleague_reply", client="gmail",
                  reply="colleague")
    return d


def b34(conv):
    d = Dossier("B34", "Plumea", "biologie", 134)
    d.make_budget(total=112000, anact=94000, n_cofin=1)
    form = d.form("question")
    doc = join(Piece(title_blocks(d) + d.summary()), form, Piece([("h", 1, "Budget détaillé")]),
               d.budget_piece("qty_rate"), Piece([("h", 1, "Partenaires")]), d.partner_piece("role_table"))
    name = f"Plumea_{slug(d.acronym, '_')}.docx"
    att = d.docx(name, doc, d.budget, partners=True, headings="bold")
    when = at(2022, 8, 11, 15, 47, rng=d.rng)
    d.submit("outlook", when, f"Plumea – candidature AMI Fabrique CTO ({d.acronym})", d.cover(files=[name]), [att])
    d.meta.update(desc_format="docx_form_question_labels", budget_loc="doc", partner_loc="doc", client="outlook",
                  roles=["plafond", "cofin_low"])
    return d


def b35(conv):
    d = Dossier("B35", "IRTS Normandie", "insertion", 135)
    d.make_budget(total=58000, share=0.3)
    d.drop("description.pilotage")
    desc = d.sections(mode="noun", numbering="1.")
    doc = join(Piece(title_blocks(d)), desc, Piece([h(d, "budget")]), d.budget_piece("two_tables"),
               Piece([h(d, "partenaires")]), d.partner_piece("parens"))
    name = f"IRTS Normandie - {d.acronym}.pdf"
    att = d.office(conv, name, doc, "pdf", d.budget, partners=True, headings="styles")
    when = at(2022, 8, 5, 16, 20, rng=d.rng)
    d.submit("zimbra", when, f"Candidature IRTS Normandie – {d.acronym}", d.cover(files=[name]), [att])
    d.missing.discard("description.pilotage")
    pil = d.texts(only={"description.pilotage"})["pilotage"]
    piece = Piece(pil, {"description.pilotage"})
    text = ("Bonjour,\n\nComme suite à votre message, voici les éléments relatifs au pilotage du projet, qui "
            "manquaient en effet dans notre note :\n\n" + docgen.to_text(pil) + "\nBien cordialement,\n"
            + d.person.name)
    m = d.reply("zimbra", at(2022, 8, 12, 9, 3, rng=d.rng), f"Re: Candidature IRTS Normandie – {d.acronym}", text, [],
                in_reply_to="@first")
    m.body = piece
    d.notes.append("the governance comes later, in the body of a reply")
    d.meta.update(desc_format="pdf_libreoffice", budget_loc="doc", partner_loc="doc", client="zimbra",
                  reply="body_complement")
    return d


def b36(conv):
    d = Dossier("B36", "Lumen Analytics", "collecte", 136)
    d.make_budget(total=79000, share=0.3)
    tx = d.texts()
    fields = [("Porteur", d.org.name), ("Contact", f"{d.person.name} ({d.email})"), ("Titre", d.title),
              ("Durée", d.duration_text("range"))]
    keys = set()
    for s, blocks in tx.items():
        fields.append((heading(d.rng, s, "form"), flat(blocks)))
        keys.add(f"description.{s}")
    partners = [(n, d.contrib[n]) for n, _ in d.partners]
    xname = f"Lumen - dossier {d.acronym}.xlsx"
    x = Doc(xname, office.xlsx_form(fields, d.budget, partners, d.title),
            keys | d.budget_keys(d.budget) | {"partenaires.liste", "partenaires.contributions"}, d.budget,
            d.partner_names())
    shared = f"contact@{d.org.domain}"
    when = at(2022, 7, 22, 12, 1, rng=d.rng)
    d.submit("outlook", when, "Dossier de candidature Fabrique CTO", d.cover(files=[xname]), [x],
             sender=("Lumen Analytics", shared))
    d.email = shared
    d.notes.append("whole application in a workbook (form sheet, budget with SUM formulas, partners); sent from a "
                   "shared mailbox signed by a person")
    d.notes.append("the budget sheet's totals are SUM formulas without cached values; its lines are numbers")
    d.meta.update(desc_format="xlsx_form", budget_loc="xlsx", partner_loc="xlsx_sheet", client="outlook_shared_box",
                  xlsx_variant="form_sheet_totals_without_cached_values")
    return d


def b37(conv):
    d = Dossier("B37", "Fédé centres sociaux 26", "insertion", 137)
    d.drop_random(2, ["description.objectifs", "description.cibles", "description.pilotage",
                      "description.resultats", "description.perennisation", "description.problematique"])
    d.make_budget(total=51000, share=0.3)
    form = d.form("form", blank="", phasage_style="table")
    doc = join(Piece(title_blocks(d)), form, Piece([("h", 1, "Budget")]), d.budget_piece("two_tables"),
               Piece([("h", 1, "Partenaires")]), d.partner_piece("colon"))
    name = f"Fiche projet {d.acronym}.docx"
    att = d.docx(name, doc, d.budget, partners=True, headings="bold")
    when = at(2022, 8, 18, 11, 36, rng=d.rng)
    d.submit("apple", when, f"Candidature {d.acronym} – Fédération des centres sociaux de la Drôme",
             d.cover(files=[name]), [att])
    d.notes.append("form with the schedule as a table nested in its cell; two answers left empty")
    d.meta.update(desc_format="docx_form_nested_table", budget_loc="doc", partner_loc="doc", client="apple")
    return d


def b38(conv):
    d = Dossier("B38", "WorkLab Europe", "relation_client", 138)
    d.make_budget(total=99000, share=0.36)
    d.ctx["territory"] = "Hauts-de-France and Wallonia"
    desc = d.sections(mode="english", numbering="1.", english_text=True)
    doc = join(Piece([("title", f"{d.acronym} – Listening to the listeners"),
                      ("sub", "Application to the Fabrique CTO call for projects (Anact, 2022)")]), desc,
               Piece([("h", 1, "Budget")]), d.budget_piece("english"), Piece([("h", 1, "Partners")]),
               d.partner_piece("english"))
    d.title = "Listening to the listeners"
    name = f"WorkLab Europe - {d.acronym} - application.pdf"
    att = d.pdf(name, doc, d.budget, partners=True, family="DVS")
    when = at(2022, 8, 9, 16, 2, "Europe/Brussels", rng=d.rng)
    text = (f"Dear Fabrique CTO team,\n\nPlease find attached the application of the WorkLab Europe consortium "
            f"for the project {d.acronym}. We apologise for writing in English; we will of course present the "
            "project in French.\n\nKind regards,\n\n" + d.signature(title="Project coordinator"))
    d.submit("gmail", when, f"Application Fabrique CTO – {d.acronym}", text, [att])
    d.notes.append("a whole proposal in English")
    d.meta.update(desc_format="pdf_english", budget_loc="doc", partner_loc="doc", client="gmail")
    return d


def b39(conv):
    d = Dossier("B39", "Nacelle", "brancardage", 139)
    d.drop_random(3)
    d.make_budget(total=67000, share=0.3)
    desc = d.sections(mode="noun", numbering="1.", caps=True)
    doc = join(Piece(title_blocks(d)), desc, Piece([h(d, "partenaires", caps=True)]), d.partner_piece("role_table"))
    name = f"Nacelle - {d.acronym} - note.docx"
    att = d.docx(name, doc, partners=True, headings="caps")
    bname = "Annexe budgétaire.docx"
    batt = d.docx(bname, join(Piece([("title", f"Annexe budgétaire – {d.acronym}")]),
                              d.budget_piece("years_mixed", vat=False)), d.budget, headings="bold")
    when = at(2022, 8, 12, 12, 0, rng=d.rng)
    d.submit("outlook", when, f"Nacelle – AMI Fabrique CTO", d.cover(files=[name, bname]), [att, batt])
    d.meta.update(desc_format="docx_caps_underlined", budget_loc="annex_docx", budget_variant="years_mixed_novat",
                  partner_loc="doc", client="outlook")
    return d


def b40(conv):
    d = Dossier("B40", "Les Artisans du Lien", "garages", 140)
    d.period((2022, 10), 15)
    d.end_day = "2023-12-15"
    d.make_budget(total=53000, share=0.3)
    pp = d.partner_piece("prose")
    desc = d.sections(runin=True, numbering="", extra_method=pp.blocks, phasage_style="bullets")
    doc = join(Piece(title_blocks(d) + [("p", "Date de démarrage : 03/10/2022 – Date de fin : 15/12/2023")]),
               desc, Piece([("h", 1, "Budget")]), d.budget_piece("qty_rate"), Piece([], pp.keys))
    name = f"SCOP Artisans du Lien - {d.acronym}.docx"
    att = d.docx(name, doc, d.budget, partners=True, headings="bold")
    when = at(2022, 8, 24, 0, 20, rng=d.rng)
    d.submit("roundcube", when, f"Candidature {d.acronym} (un peu tardive, désolés)", d.cover(files=[name]), [att])
    d.notes.append("sent 00:20 on 24 August, Paris time: late by twenty minutes")
    d.meta.update(desc_format="docx_runin", budget_loc="doc", partner_loc="methodology_prose", client="roundcube",
                  roles=["late_edge"])
    return d


RECIPES = [b01, b02, b03, b04, b05, b06, b07, b08, b09, b10, b11, b12, b13, b14, b15, b16, b17, b18, b19, b20,
           b21, b22, b23, b24, b25, b26, b27, b28, b29, b30, b31, b32, b33, b34, b35, b36, b37, b38, b39, b40]
