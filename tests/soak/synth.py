"""Varied synthetic submissions for the crash and soak runs, built in code (no shared files).

`backfill(n, seed)` returns a list of `Mail` in arrival order: proposals as DOCX, PDF, XLSX
budgets or in the body; some incomplete (they call for a completion request), some followed
by a reply that completes them or completes only part of them, and noise (out-of-office
replies, bounces, questions) that must never be answered. Each applicant has an address of
its own, and each `Mail` says which answers its applicant must receive in the end.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import format_datetime

from tests.extract.extracthelp import to_docx, to_pdf, to_xlsx

START = datetime(2022, 7, 20, 8, 0, tzinfo=timezone.utc)  # before the call's deadline (23 August 2022)
DOCX_TYPE = ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")
XLSX_TYPE = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")

SECTIONS = {  # heading -> text; the call's description elements
    "Contexte": "Les {sector} déploient des outils numériques qui réorganisent le travail des {public}.",
    "Objectifs": "Construire avec les {public} une démarche de discussion des outils numériques.",
    "Problématique": "Comment associer les {public} au choix et au paramétrage de ces outils ?",
    "Publics cibles": "Le projet vise les {public}, leur encadrement de proximité et leurs représentants.",
    "Méthodologie": "Des ateliers de discussion réunissent salariés, encadrants et représentants du personnel.",
    "Pilotage et comitologie": "Un comité de pilotage réunit le porteur, les partenaires et l'Anact à chaque étape.",
    "Résultats attendus": "Un guide pratique de la démarche et des règles d'usage adoptées dans chaque structure.",
    "Perspectives de pérennisation et d'essaimage": "La démarche sera diffusée aux autres structures du secteur.",
}
SECTORS = [("centres d'appels", "conseillers clientèle"), ("entrepôts logistiques", "préparateurs de commandes"),
           ("imprimeries", "conducteurs de presse"), ("hôpitaux", "aides-soignants"),
           ("agences bancaires", "conseillers bancaires"), ("chantiers du bâtiment", "compagnons")]
PHASES = [["Étape", "Période"], ["Lancement", "octobre 2022 – novembre 2022"],
          ["Ateliers de discussion", "décembre 2022 – avril 2023"], ["Bilan et diffusion", "mai 2023 – octobre 2023"]]


@dataclass(frozen=True)
class Mail:
    raw: bytes
    message_id: str
    sender: str
    kind: str  # submission | reply | noise
    when: datetime
    expected: tuple[str, ...] = ()  # answers the sender must have received in the end (set on its last mail)


@dataclass
class _Applicant:
    n: int
    rng: random.Random
    sector: tuple[str, str] = field(init=False)

    def __post_init__(self):
        self.sector = self.rng.choice(SECTORS)
        self.name = f"Porteur{self.n} Dupont"
        self.addr = f"porteur{self.n}@structure{self.n}.example"
        self.title = f"PROJET{self.n} – Dialoguer sur les outils numériques des {self.sector[0]}"

    def text(self, heading: str) -> str:
        return SECTIONS[heading].format(sector=self.sector[0], public=self.sector[1])

    def budget(self) -> tuple[list[list[str]], list[list[str]]]:
        k = 1 + self.n % 7
        staff, travel, services = 20000 + 1000 * k, 2000 + 100 * k, 5000 + 200 * k
        total = staff + travel + services
        anact = int(total * 0.7)
        region = total - anact - 3000
        fmt = lambda v: f"{v:,}".replace(",", "\u00a0") + "\u00a0€"  # noqa: E731
        expenses = [["Poste", "Montant"], ["Dépenses de personnel – chef de projet", fmt(staff)],
                    ["Frais de déplacement et logistique – ateliers", fmt(travel)],
                    ["Achats de prestations – graphisme du guide", fmt(services)],
                    ["Total des dépenses", fmt(total)]]
        resources = [["Ressources", "Nature", "Montant"], ["Financement Anact demandé", "", fmt(anact)],
                     ["Région (subvention sollicitée)", "subvention", fmt(region)],
                     ["Autofinancement", "autofinancement", fmt(3000)], ["Total des ressources", "", fmt(total)]]
        return expenses, resources

    def outline(self, drop: set[str] = frozenset(), budget: bool = True, partners: bool = True):
        out = [("title", self.title),
               ("p", f"Porteur : Structure {self.n} – contact : {self.name}, {self.addr}")]
        for heading in SECTIONS:
            if heading in drop:
                continue
            out += [("h", 1, heading), ("p", self.text(heading))]
            if heading == "Méthodologie" and "Calendrier" not in drop:
                out += [("h", 1, "Calendrier"), ("table", PHASES)]
        if partners:
            out += [("h", 1, "Partenaires"),
                    ("table", [["Partenaire", "Contribution attendue"],
                               [f"Aract Région {self.n}", "appui méthodologique et participation au comité"],
                               [f"Syndicat des {self.sector[1]}", "mobilisation des élus"]])]
        if budget:
            expenses, resources = self.budget()
            out += [("h", 1, "Budget prévisionnel"), ("table", expenses), ("table", resources)]
        return out

    def budget_xlsx(self) -> bytes:
        expenses, resources = self.budget()
        num = lambda s: int(s.replace("\u00a0", "").replace("€", ""))  # noqa: E731
        rows = [["Poste", "Montant (€)"]] + [[r[0], num(r[1])] for r in expenses[1:-1]]
        rows += [["Total des dépenses", num(expenses[-1][1])], [None, None]]
        rows += [[f"{r[0]} ({r[1]})" if r[1] else r[0], num(r[2])] for r in resources[1:-1]]
        rows += [["Total des ressources", num(resources[-1][2])]]
        return to_xlsx({"Budget": rows})

    def body_outline(self, drop: set[str] = frozenset()) -> str:
        lines = ["Bonjour,", "", "Voici notre candidature à l'appel à manifestation d'intérêt.", "",
                 self.title, f"Porteur : Structure {self.n}", ""]
        for heading in SECTIONS:
            if heading in drop:
                continue
            lines += [heading.upper(), self.text(heading), ""]
            if heading == "Méthodologie" and "Calendrier" not in drop:
                lines += ["CALENDRIER"] + [f"Phase {i} : {p} – {s}" for i, (s, p) in enumerate(PHASES[1:], 1)] + [""]
        lines += ["PARTENAIRES", f"- Aract Région {self.n} : appui méthodologique",
                  f"- Syndicat des {self.sector[1]} : mobilisation des élus", "", "BUDGET"]
        expenses, resources = self.budget()
        lines += [f"{label} ........ {amount}" for label, amount in expenses[1:]]
        lines += [f"{label} ({nature}) ........ {amount}" if nature else f"{label} ........ {amount}"
                  for label, nature, amount in resources[1:-1]]
        lines += ["", "Cordialement,", self.name]
        return "\n".join(lines)


def _mail(sender_name: str, sender: str, subject: str, body: str, when: datetime, mid: str,
          attachments=(), **headers) -> EmailMessage:
    m = EmailMessage()
    m["From"] = f"{sender_name} <{sender}>"
    m["To"] = "fabrique@anact.fr"
    m["Subject"] = subject
    m["Date"] = format_datetime(when)
    m["Message-ID"] = mid
    for k, v in headers.items():
        m[k.replace("_", "-")] = v
    m.set_content(body)
    for data, (maintype, subtype), name in attachments:
        m.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return m


def backfill(count: int, seed: int = 1, tag: str = "soak") -> list[Mail]:
    """At least `count` mails in arrival order (a scenario's reply may add one beyond)."""
    rng = random.Random(seed)
    mails: list[Mail] = []
    when = START
    n = 0
    while len(mails) < count:
        n += 1
        when += timedelta(minutes=rng.randint(5, 90))
        a = _Applicant(n, rng)
        mid = f"<{tag}-{n}-sub@structure{n}.example>"
        subject = f"Candidature AMI Fabrique CTO – {a.title.split(' – ')[0]}"
        fmt = rng.choice(["docx", "docx", "pdf", "body"])
        scenario = rng.choices(["complete", "incomplete", "completed", "partly", "noise"],
                               weights=[30, 20, 20, 10, 20])[0]
        if scenario == "noise":
            mails.append(_noise(n, rng, when, tag))
            continue
        drop: set[str] = set()
        budget = True
        if scenario == "incomplete":
            drop = set(rng.sample(["Problématique", "Pilotage et comitologie", "Publics cibles"], 1))
        elif scenario == "completed":
            budget = False  # the budget comes in the reply, as an XLSX file
        elif scenario == "partly":
            drop = {"Pilotage et comitologie", "Perspectives de pérennisation et d'essaimage"}
        body = "Bonjour,\n\nVeuillez trouver ci-joint notre candidature.\n\nCordialement,\n" + a.name
        if fmt == "body" and budget:
            sub = _mail(a.name, a.addr, subject, a.body_outline(drop), when, mid)
        elif fmt == "pdf":
            sub = _mail(a.name, a.addr, subject, body, when, mid,
                        [(to_pdf(a.outline(drop, budget)), ("application", "pdf"), f"Candidature_{n}.pdf")])
        else:
            sub = _mail(a.name, a.addr, subject, body, when, mid,
                        [(to_docx(a.outline(drop, budget)), DOCX_TYPE, f"Candidature_{n}.docx")])
        first = {"complete": ("acknowledgement",), "incomplete": ("completion_request",)}.get(scenario)
        mails.append(Mail(bytes(sub), mid, a.addr, "submission", when, first or ()))
        if first:
            continue
        when_reply = when + timedelta(minutes=rng.randint(1, 30))
        rid = f"<{tag}-{n}-reply@structure{n}.example>"
        if scenario == "completed":
            reply = _mail(a.name, a.addr, "RE: " + subject, "Bonjour,\n\nVoici le budget détaillé.\n\n" + a.name,
                          when_reply, rid, [(a.budget_xlsx(), XLSX_TYPE, f"Budget {n}.xlsx")],
                          In_Reply_To=mid, References=mid)
            expected = ("completion_request", "completion_acknowledgement")
        else:  # one of the two missing elements comes in the body: still incomplete, other missing list
            text = a.text("Pilotage et comitologie")
            reply = _mail(a.name, a.addr, "RE: " + subject,
                          f"Bonjour,\n\nVoici le complément demandé.\n\nPILOTAGE ET COMITOLOGIE\n{text}\n\n{a.name}",
                          when_reply, rid, In_Reply_To=mid, References=mid)
            expected = ("completion_request", "completion_request")
        mails.append(Mail(bytes(reply), rid, a.addr, "reply", when_reply, expected))
    return mails


def _noise(n: int, rng: random.Random, when: datetime, tag: str) -> Mail:
    kind = rng.choice(["auto_reply", "bounce", "question"])
    mid = f"<{tag}-{n}-noise@elsewhere{n}.example>"
    if kind == "auto_reply":
        m = _mail(f"Absent {n}", f"absent{n}@elsewhere{n}.example", "Réponse automatique : absence",
                  "Je suis absent jusqu'au 29 août.", when, mid, Auto_Submitted="auto-replied")
        sender = f"absent{n}@elsewhere{n}.example"
    elif kind == "bounce":
        raw = (f"From: Mail Delivery System <MAILER-DAEMON@mx{n}.example>\r\nTo: fabrique@anact.fr\r\n"
               f"Subject: Undelivered Mail Returned to Sender\r\nDate: {format_datetime(when)}\r\n"
               f"Message-ID: {mid}\r\nMIME-Version: 1.0\r\n"
               'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"\r\n\r\n'
               "--b1\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n"
               "--b1\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example\r\n\r\n"
               "Final-Recipient: rfc822; x@y.example\r\nAction: failed\r\nStatus: 5.1.1\r\n--b1--\r\n")
        return Mail(raw.encode(), mid, f"mailer-daemon@mx{n}.example", "noise", when, ())
    else:
        m = _mail(f"Curieux {n}", f"curieux{n}@elsewhere{n}.example", "Question sur l'appel",
                  "Bonjour,\n\nUn consultant indépendant peut-il candidater seul ?\n\nMerci", when, mid)
        sender = f"curieux{n}@elsewhere{n}.example"
    return Mail(bytes(m), mid, sender, "noise", when, ())


def expected_answers(mails: list[Mail]) -> dict[str, tuple[str, ...]]:
    """Per sender address, the answer kinds it must receive, in order (noise: none)."""
    out: dict[str, tuple[str, ...]] = {}
    for m in mails:
        out[m.sender] = m.expected
    return out
