"""Build the blind set: the .eml files and their truth.json, deterministically.

    .venv/bin/python -m tests.extract.blind.generate OUTDIR

writes OUTDIR/mail/NNNN.eml (in order of arrival) and OUTDIR/truth.json, in the schema of the
shared corpus's truth.json. Dossiers that need LibreOffice are left out (and listed under
`skipped`) when soffice is absent.
"""
from __future__ import annotations

import json
import random
import shutil
import sys
import time
from datetime import datetime
from pathlib import Path

from . import mail, office
from .dossiers import RECIPES
from .kit import PARIS, Msg, at
from .world import person

CONVENTIONS = [
    "budget figures are the ones the applicant's latest readable budget states; null = not stated anywhere readable",
    "hors_delai: first submission message Date after 2022-08-23 23:59:59 Europe/Paris",
    "fin_apres_echeance: stated project end month in 2024 (a bare 'décembre 2023' is not flagged)",
    "optional_flags are neither rewarded nor penalised; 'accept' lists the classifications accepted for a message",
    "requirements held only in an unreadable attachment (encrypted PDF, Apple Pages) count as missing",
    "budget.cofinancements is present only when a co-financing source other than Anact is stated with its amount",
    "cofinancement_insuffisant: co-financing / total below 20 %, or (total - Anact request) / total below 20 % when "
    "no co-financing is stated (an Anact request equal to the total is 0 % co-financing)",
]


def _others(by_id: dict, rng: random.Random) -> list[Msg]:
    """Mails that open no dossier: questions, a thank-you, out-of-office answers, a bounce, a newsletter."""
    out = []
    q1 = person(rng)
    m = Msg("gmail", at(2022, 7, 8, 13, 22, rng=rng), "Question AMI Fabrique CTO",
            "Bonjour,\n\nNous sommes une petite entreprise de menuiserie (18 salariés) et nous venons d'équiper "
            "l'atelier d'un logiciel de commande numérique. Pouvons-nous répondre seuls à l'appel, ou faut-il "
            "obligatoirement passer par un cabinet ou une association ?\n\nMerci d'avance,\n"
            f"{q1.name}\nMenuiserie Texier et Fils", "correspondence",
            (q1.name, f"menuiserie.texier{rng.randint(10, 99)}@gmail.com"))
    m.note = "question about the call"
    out.append(m)
    q2 = person(rng)
    m = Msg("zimbra", at(2022, 7, 20, 10, 4, rng=rng), "Éligibilité des dépenses de personnel permanent",
            "Bonjour,\n\nDans le cadre de l'AMI Fabrique CTO, les salaires des enseignants-chercheurs titulaires "
            "peuvent-ils être présentés en dépenses de personnel, ou seulement les contrats recrutés pour le "
            "projet ? Et le temps valorisé compte-t-il dans les 20 % de co-financement ?\n\nBien cordialement,\n"
            f"{q2.name}\nLaboratoire Praxis-Travail, Université de Caen Normandie", "correspondence",
            (q2.name, q2.email("unicaen.fr")))
    m.note = "question about eligible costs"
    out.append(m)
    if "B01" in by_id:
        d = by_id["B01"]
        m = Msg("outlook", at(2022, 7, 13, 8, 51, rng=rng), "RE: Accusé de réception de votre candidature",
                "Bonjour,\n\nMerci pour votre accusé de réception. Nous restons disponibles pour un échange si le "
                "comité le souhaite.\n\nBien cordialement,\n" + d.person.name, "correspondence",
                (d.person.name, d.email))
        m.accept, m.note, m.related = ["correspondence", "reply"], "thank-you from the applicant of B01", "B01"
        out.append(m)
    if "B02" in by_id:
        d = by_id["B02"]
        m = Msg("zimbra", d.messages[0].when.replace(minute=min(59, d.messages[0].when.minute + 3)),
                "Message d'absence",
                f"Bonjour,\n\nJe suis absente du laboratoire jusqu'au 22 août. Pour toute urgence, merci d'écrire à "
                f"secretariat-trame@{d.org.domain}.\n\n{d.person.name}", "auto_reply", (d.person.name, d.email))
        m.extra = {"Auto-Submitted": "auto-replied (zimbra; vacation)"}
        m.note = "out-of-office (Zimbra) from the applicant of B02"
        out.append(m)
    if "B20" in by_id:
        d = by_id["B20"]
        m = Msg("outlook", d.messages[0].when.replace(minute=min(59, d.messages[0].when.minute + 2)),
                f"Réponse automatique : Accusé de réception – {d.acronym}",
                f"Bonjour,\n\nJe suis en congés jusqu'au 24 août inclus. En mon absence, vous pouvez contacter "
                f"notre standard.\n\nCordialement,\n{d.person.name}", "auto_reply", (d.person.name, d.email))
        m.extra = {"Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "All",
                   "X-MS-Exchange-Inbox-Rules-Loop": d.email}
        m.note = "out-of-office (Exchange) from the applicant of B20"
        out.append(m)
    if "B26" in by_id:
        d = by_id["B26"]
        m = Msg("roundcube", d.messages[0].when.replace(minute=min(59, d.messages[0].when.minute + 1)),
                "Absente du 15 au 29 août",
                "Bonjour,\n\nJe suis en congés jusqu'au 29 août inclus et ne consulte pas ma messagerie. Pour "
                "toute urgence, merci d'appeler le standard de l'association.\n\nBien à vous", "auto_reply",
                (d.person.name, d.email))
        m.accept = ["auto_reply", "correspondence"]
        m.note = "vacation answer with no machine header (only its words say it is automatic)"
        out.append(m)
    if "B19" in by_id:
        m = Msg("dsn", at(2022, 8, 12, 16, 26, rng=rng), "Undelivered Mail Returned to Sender", None, "bounce",
                ("", "MAILER-DAEMON@mx1.anact.fr"))
        m.note = "delivery failure of an acknowledgement to a mistyped copy address"
        m.extra = {"to": f"secretariat@{by_id['B19'].org.domain}"}
        out.append(m)
    m = Msg("newsletter", at(2022, 8, 16, 7, 0, rng=rng), "La lettre Travail & Numérique – août 2022", None,
            "auto_reply", ("La lettre Travail & Numérique", "lettre@reseau-travail-numerique.fr"))
    m.accept = ["auto_reply", "bounce"]
    m.note = "newsletter (mailing-list traffic) reminding readers of the call's deadline"
    out.append(m)
    return out


def _render_other(m: Msg, rng: random.Random) -> bytes:
    if m.client == "dsn":
        return mail.dsn(when=m.when, mid=m.mid, original_to=m.extra["to"],
                        original_subject="Accusé de réception de votre candidature – Fabrique CTO",
                        original_mid=f"<{rng.getrandbits(80):x}@anact.fr>", rng=rng)
    if m.client == "newsletter":
        frag = ("<h2>La lettre Travail &amp; Numérique</h2><p>Au sommaire ce mois-ci : télétravail dans les PME, "
                "nouvelles études sur l'IA au travail, et un rappel : <b>l'appel à manifestation d'intérêt de la "
                "Fabrique CTO (Anact) se clôt le 23 août</b>. Envoyez votre candidature à fabrique@anact.fr.</p>"
                "<p><a href=\"https://reseau-travail-numerique.fr/desinscription\">Se désinscrire</a></p>")
        return mail.build("roundcube", sender=m.sender, subject=m.subject, when=m.when, mid=m.mid,
                          html_fragment=frag, rng=rng, to="abonnes@reseau-travail-numerique.fr",
                          extra={"List-Id": "<lettre.reseau-travail-numerique.fr>",
                                 "List-Unsubscribe": "<https://reseau-travail-numerique.fr/desinscription>",
                                 "Precedence": "bulk"})
    return mail.build(m.client, sender=m.sender, subject=m.subject, when=m.when, mid=m.mid, text=m.text, rng=rng,
                      extra=m.extra)


def build(outdir: Path, work: Path | None = None) -> dict:
    started = time.monotonic()
    outdir = Path(outdir)
    (outdir / "mail").mkdir(parents=True, exist_ok=True)
    own_work = work is None
    work = Path(work) if work else office.scratch()
    conv = office.Converter(work)
    dossiers = [recipe(conv) for recipe in RECIPES]
    converted = conv.run()
    kept, skipped = [], []
    for d in dossiers:
        ok = True
        for m in d.messages:
            for doc in m.docs:
                if doc.pending:
                    doc.data = converted.get(doc.pending)
                    ok &= doc.data is not None
        (kept if ok else skipped).append(d)
    rng = random.Random(2022)
    logo_cache: dict[str, bytes] = {}
    messages: list[tuple[Msg, str | None]] = []
    for d in kept:
        for m in sorted(d.messages, key=lambda m: m.when):
            m.mid = mail.msgid(d.rng, m.client, m.sender[1].split("@")[1], m.when)
        first = min((m for m in d.messages if m.classification == "submission"), key=lambda m: m.when)
        for m in d.messages:
            irt = first.mid if m.in_reply_to == "@first" else m.in_reply_to
            atts = [mail.Att(doc.filename, doc.data, inline=doc.inline, octet=doc.octet) for doc in m.docs]
            logo = None
            if m.logo:
                logo = logo_cache.setdefault(d.id, office.logo_png(int(d.id[1:]), d.org.label))
            m.raw = mail.build(m.client, sender=m.sender, subject=m.subject, when=m.when, mid=m.mid, text=m.text,
                               html_fragment=m.html, atts=atts, rng=d.rng, in_reply_to=irt, cc=m.cc, extra=m.extra,
                               quoted_html=m.quoted_html, logo=logo, inline_between=m.inline_between)
            messages.append((m, d.id))
    by_id = {d.id: d for d in kept}
    for m in _others(by_id, rng):
        m.mid = mail.msgid(rng, "gmail" if m.client in ("dsn", "newsletter") else m.client,
                           m.sender[1].split("@")[1], m.when) if m.client not in ("dsn", "newsletter") else \
            f"<{m.when.strftime('%Y%m%d%H%M%S')}.{rng.getrandbits(32):X}@{m.sender[1].split('@')[1]}>"
        m.raw = _render_other(m, rng)
        messages.append((m, None))
    messages.sort(key=lambda x: x[0].when)
    truth_msgs = []
    for i, (m, did) in enumerate(messages, 1):
        fname = f"mail/{i:04d}.eml"
        (outdir / fname).write_bytes(m.raw)
        entry = {"message_id": m.mid, "file": fname, "classification": m.classification, "dossier_id": did}
        if m.accept:
            entry["accept"] = m.accept
        if getattr(m, "related", None):
            entry["related_dossier"] = m.related
        if m.note:
            entry["note"] = m.note
        truth_msgs.append(entry)
    truth = {
        "schema": 1, "call": "fabrique-cto-2022",
        "generator": "tests/extract/blind/generate.py, written without reading the product's readers",
        "deadline": "2022-08-23T23:59:59+02:00", "cap_eur": 80000, "project_end_limit": "2023-12-30",
        "conventions": CONVENTIONS,
        "dossiers": [d.truth() for d in kept],
        "messages": truth_msgs,
        "skipped": [d.id for d in skipped],
        "build_seconds": round(time.monotonic() - started, 1),
        "built_at": datetime(2022, 9, 1, tzinfo=PARIS).isoformat(),
    }
    (outdir / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
    if own_work:
        shutil.rmtree(work, ignore_errors=True)
    return truth


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    t = build(Path(argv[0]))
    print(f"{len(t['dossiers'])} dossiers, {len(t['messages'])} mails in {t['build_seconds']} s"
          + (f"; skipped (no LibreOffice): {', '.join(t['skipped'])}" if t["skipped"] else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
