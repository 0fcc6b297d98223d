"""Which dossier does a person's message belong to?

In order: it answers one of our mails or one of the dossier's messages (In-Reply-To /
References); it carries a dossier reference in its subject; it comes from the same
applicant; or from a colleague at the same organisation's domain about the same project.
"""
from __future__ import annotations

import re
import unicodedata

from sqlmodel import Session, col, select

from ingest.parse import ParsedMail
from store.models import Dossier, Message, Outbox

PUBLIC_MAIL_DOMAINS = frozenset({
    "gmail.com", "googlemail.com", "yahoo.fr", "yahoo.com", "hotmail.fr", "hotmail.com", "outlook.fr",
    "outlook.com", "live.fr", "live.com", "msn.com", "orange.fr", "wanadoo.fr", "free.fr", "sfr.fr",
    "laposte.net", "neuf.fr", "bbox.fr", "icloud.com", "me.com", "aol.com", "gmx.fr", "gmx.com",
    "protonmail.com", "proton.me", "numericable.fr", "club-internet.fr", "aliceadsl.fr", "yandex.com",
})
_GENERIC = frozenset(
    "re tr fw fwd aw wg candidature candidatures ami appel appels projet projets fabrique cto anact "
    "reponse dossier proposition manifestation interet de du des la le les et a au aux en pour sur "
    "notre votre nos vos un une d l budget complement complements piece pieces jointe jointes "
    "version corrige corrigee suite demande".split())


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def significant_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]{3,}", fold(text)) if w not in _GENERIC}


def org_domain(address: str | None) -> str | None:
    if not address or "@" not in address:
        return None
    domain = address.rsplit("@", 1)[1].lower()
    return None if domain in PUBLIC_MAIL_DOMAINS else domain


def find_dossier(session: Session, mail: ParsedMail, reference_prefix: str, call: str) -> tuple[Dossier | None, str]:
    """The dossier this message joins, with the reason, or (None, reason)."""
    ids = [i for i in (mail.in_reply_to, *mail.references) if i]
    if ids:
        out = session.exec(select(Outbox).where(col(Outbox.message_id).in_(ids))).first()
        if out and out.dossier_id:
            return session.get(Dossier, out.dossier_id), "réponse à notre message"
        prior = session.exec(select(Message).where(col(Message.message_id).in_(ids),
                                                   col(Message.dossier_id).is_not(None))).first()
        if prior:
            return session.get(Dossier, prior.dossier_id), "réponse dans le fil du dossier"
    m = re.search(re.escape(reference_prefix) + r"-(\d{3,6})", mail.subject or "", re.I)
    if m:
        d = session.exec(select(Dossier).where(Dossier.reference == f"{reference_prefix}-{int(m.group(1)):04d}")).first()
        if d:
            return d, "référence dans l'objet"
    if mail.from_addr:
        d = session.exec(select(Dossier).where(Dossier.applicant_email == mail.from_addr, Dossier.call == call)
                         .order_by(col(Dossier.received_at).desc())).first()
        if d:
            return d, "même expéditeur"
    domain = org_domain(mail.from_addr)
    if domain:
        words = significant_words(mail.subject)
        for d in session.exec(select(Dossier).where(Dossier.org_domain == domain, Dossier.call == call)):
            first = session.exec(select(Message).where(Message.dossier_id == d.id)
                                 .order_by(col(Message.received_at))).first()
            known = significant_words(d.project_title or "") | significant_words(first.subject if first else "")
            if words & known:
                return d, "même organisation, même projet"
    return None, "aucun dossier correspondant"
