"""Which dossier does a person's message belong to, and may it join it?

The evidence, strongest first:
1. it answers one of our mails or one of a dossier's messages (In-Reply-To / References);
2. it carries a dossier's reference in its subject: honoured only from those who may speak for
   the dossier (below); anyone else's mail changes nothing and is held for staff;
3. it comes from the applicant of a dossier (or copies them, or bears their full name from another
   address) or from a colleague at the same domain, and answers one of its messages ("RE: <its
   subject>") or names its project (title or acronym);
4. it comes from the applicant and brings no proposal of its own (a missing piece, a question);
5. it comes from someone else (a partner) and brings no proposal of its own, only a piece (a letter
   of support), naming one dossier's project: it joins that dossier as a third party's piece.
A message bringing a proposal of its own (its own description, another project's name) opens its
own dossier, whoever sends it: the call's own words ("dialogue", "social") name no project.

Who may speak for a dossier (`speaks_for`, `dossier_people`): its applicant, an address of their
organisation's domain, the applicant's full name from another address, a mail copying the
applicant, the writers of its own messages and the addresses those copied. Anyone else's message
in the dossier is a third party's: its partners are added to the dossier, nothing else of it
counts (`with_third_parties`), it makes no one a person of the dossier, and our answers go to the
applicant only.
"""
from __future__ import annotations

import email.parser
import email.policy
import email.utils
import html
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from extract.facts import call_words, is_acronym, named_acronyms
from extract.types import Analysis
from ingest.parse import ParsedMail
from store.archive import read_blob
from store.models import Attachment, Correction, Dossier, Message, Outbox

PUBLIC_MAIL_DOMAINS = frozenset({
    "gmail.com", "googlemail.com", "yahoo.fr", "yahoo.com", "hotmail.fr", "hotmail.com", "outlook.fr",
    "outlook.com", "live.fr", "live.com", "msn.com", "orange.fr", "wanadoo.fr", "free.fr", "sfr.fr",
    "laposte.net", "neuf.fr", "bbox.fr", "icloud.com", "me.com", "aol.com", "gmx.fr", "gmx.com",
    "protonmail.com", "proton.me", "numericable.fr", "club-internet.fr", "aliceadsl.fr", "yandex.com",
})
# Words of any subject or document name about a call for projects: they name no project (the
# call's own title and name are added from its file).
_GENERIC = frozenset(
    "re tr fw fwd aw wg candidature candidatures ami appel appels projet projets anact aract "
    "reponse dossier proposition manifestation interet de du des la le les et a au aux en pour sur "
    "notre votre nos vos un une d l budget complement complements piece pieces jointe jointes "
    "version corrige corrigee suite demande annexe annexes formulaire note presentation detaillee "
    "previsionnel partenaires depot pdf docx xlsx doc odt".split())
WHOLE = 5  # description elements from which a message carries a proposal of its own
_REPLY_PREFIX = re.compile(r"^\s*(?:(?:re|r[ée]f|tr|fw|fwd|aw|wg|sv|antw)\s*(?:\[\d+\])?\s*:\s*)+", re.IGNORECASE)
# A message saying it completes or corrects what was sent before (matched on folded text).
_COMPLETES = re.compile(
    r"(?<![a-z])(?:elements? complementaires?|complements? (?:a|au|de|du|pour) (?:notre |votre |mon |ma |le |la |ce |cette )?"
    r"(?:dossier|candidature|note|envoi|proposition|presentation)|manquai(?:en)?t|pieces? manquantes?|oubli|"
    r"corrig|rectifi|annule et remplace|remplace (?:le|la|les|celui|celle|notre|la)|nouvelle version|"
    r"version (?:corrigee|modifiee|revisee|definitive|actualisee|mise a jour|pdf)|mise a jour|"
    r"(?:suite|comme suite) a votre (?:demande|message|courriel|mail|relance|retour)|"
    r"(?:premier|precedent|dernier) envoi|envoi (?:precedent|initial)|vous a (?:adresse|envoye|transmis)|"
    r"(?:pieces?|documents?|informations?|elements?) (?:complementaires?|manquants?|demandes?)|"
    r"(?:^|\n)[ \t]*(?:(?:re|tr|fw|fwd)[ \t]*:[ \t]*)*complements?[ \t]*(?=\n|$))(?![a-z])")
# Requirement keys of the call's partners part: what a third party's piece may add to a dossier.
PARTNER_KEYS = "partenaires."


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def _tokens(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", fold(text).replace("’", "'"))


def significant_words(text: str) -> set[str]:
    return {w for w in _tokens(text) if len(w) >= 3 and w not in _GENERIC}


def org_domain(address: str | None) -> str | None:
    if not address or "@" not in address:
        return None
    domain = address.rsplit("@", 1)[1].lower()
    return None if domain in PUBLIC_MAIL_DOMAINS else domain


@dataclass(frozen=True)
class Brought:
    """What a message brings, as the finders read its own documents."""

    title: str | None = None
    acronym: str | None = None
    organisation: str | None = None
    subject: str = ""
    description: int = 0  # description elements found in the message's own documents
    found: int = 0  # requirements of any kind found there
    text: str = ""  # subject, body and file names: where a dossier's project may be named
    kinds: frozenset[str] = frozenset()  # the requirement keys found there
    documents: int = 0  # document attachments (read or not)
    documents_text: str = ""  # the start of each of them: where a third party's letter names the project
    letter: bool = False  # its subject, body or file names say it brings a letter (of support, of commitment)

    @property
    def whole(self) -> bool:
        return self.description >= WHOLE

    @property
    def completes(self) -> bool:
        return bool(_COMPLETES.search(fold(self.text[:3000])))

    @property
    def piece(self) -> bool:
        """A partner's piece, no proposal of its own: its partners (and what they bring) and
        nothing else, or a document said to be a letter that could not be read (a scan)."""
        return all(k.startswith(PARTNER_KEYS) or k == "budget.cofinancements" for k in self.kinds) and (
            any(k.startswith(PARTNER_KEYS) for k in self.kinds) or (self.documents > 0 and self.letter))


@dataclass(frozen=True)
class Found:
    dossier: Dossier | None
    reason: str
    held: str | None = None  # the message is held for staff, for this reason, and joins nothing


def find_dossier(session: Session, mail: ParsedMail, call, brought: Callable[[], Brought],
                 people: Callable[[Dossier], "People"] = lambda d: People()) -> Found:
    """The dossier this message joins, with the reason; or none (a new proposal, correspondence);
    or held for staff. `brought` is called only when the message may join a dossier by what it
    brings; `people` gives who may speak for a dossier beside its applicant (dossier_people)."""
    ids = [i for i in (mail.in_reply_to, *mail.references) if i]
    if ids:
        prior = session.exec(select(Message).where(col(Message.message_id).in_(ids),
                                                   col(Message.dossier_id).is_not(None))).first()
        if prior:  # the Message-ID of one of the dossier's own mails: known to those who received it
            return Found(session.get(Dossier, prior.dossier_id), "réponse dans le fil du dossier")
        out = session.exec(select(Outbox).where(col(Outbox.message_id).in_(ids))).first()
        if out and out.dossier_id:  # our answers' identifiers can be worked out from the reference
            return _if_theirs(session.get(Dossier, out.dossier_id), mail, people,
                              "réponse à notre message", "répond à notre message du dossier")
    cited = _cited_dossier(session, mail.subject, call.reference_prefix)
    if cited is not None:
        return _if_theirs(cited, mail, people, "référence dans l'objet", "cite dans l'objet le dossier")
    return _by_sender(session, mail, call, brought)


def _if_theirs(dossier: Dossier, mail: ParsedMail, people, reason: str, what: str) -> Found:
    """The dossier, when the sender may speak for it; else the message is held for staff."""
    if speaks_for(dossier, mail.from_addr, mail.to, mail.from_name) or (mail.from_addr or "").lower() in people(dossier).addresses:
        return Found(dossier, reason)
    return Found(None, "dossier d'autres personnes", held=(
        f"message retenu pour vérification : {mail.from_addr or 'l’expéditeur'} {what} {dossier.reference} "
        f"sans en être le porteur, ni de son organisation, ni en copie de ses messages ; le dossier n'a pas "
        f"été modifié"))


def _cited_dossier(session: Session, subject: str | None, prefix: str) -> Dossier | None:
    m = re.search(re.escape(prefix) + r"-(\d{3,6})", subject or "", re.I)
    if not m:
        return None
    return session.exec(select(Dossier).where(Dossier.reference == f"{prefix}-{int(m.group(1)):04d}")).first()


def speaks_for(dossier: Dossier, sender: str | None, copies: tuple[str, ...] = (), name: str | None = None) -> bool:
    """The applicant, an address of their organisation's domain, the applicant under another
    address (the same full name), or a mail copying the applicant (an assistant, an adviser
    writing for them: the applicant reads it)."""
    sender, applicant = (sender or "").lower(), (dossier.applicant_email or "").lower()
    if not sender:
        return False
    return sender == applicant or bool(dossier.org_domain and org_domain(sender) == dossier.org_domain) \
        or bool(applicant and applicant in {c.lower() for c in copies}) or same_person(name, dossier.applicant_name)


def same_person(name: str | None, other: str | None) -> bool:
    """Two display names of one person: the same words, in any order and case ("PORT Jeanne",
    "Jeanne Port"); a full name of two to four words, not a lone first name or a mailbox's label."""
    words = sorted(_tokens(name or ""))
    return 2 <= len(words) <= 4 and all(len(w) >= 2 and not w.isdigit() for w in words) \
        and words == sorted(_tokens(other or ""))


def _by_sender(session: Session, mail: ParsedMail, call, brought: Callable[[], Brought]) -> Found:
    sender = (mail.from_addr or "").lower()
    if not sender:
        return Found(None, "aucun dossier correspondant")
    newest = (col(Dossier.received_at).desc(), col(Dossier.id).desc())
    copied = [a for a in mail.to if a != sender and a != (getattr(call, "mailbox", None) or "").lower()]
    own = list(session.exec(select(Dossier).where(col(Dossier.applicant_email).in_([sender, *copied]),
                                                  Dossier.call == call.name).order_by(*newest)))
    domain = org_domain(sender)
    colleagues = [] if domain is None else [
        d for d in session.exec(select(Dossier).where(Dossier.org_domain == domain, Dossier.call == call.name)
                                .order_by(*newest))
        if d.id not in {o.id for o in own}]
    # the applicant writing from another address (same full name): joins by thread or name only
    seen = {d.id for d in own + colleagues}
    namesakes = [d for d in _namesakes(session, call, mail.from_name) if d.id not in seen]
    candidates = own + colleagues + namesakes
    own_ids = {d.id for d in own + namesakes}
    generic = _GENERIC | set(_tokens(getattr(call, "title", ""))) | call_words(call)
    if not candidates:
        return _supported(session, call, brought(), generic) or Found(None, "aucun dossier correspondant")
    b = brought()
    known = _known(session, candidates)
    for d in candidates:  # "RE: <one of its subjects>": the thread, whatever the mail brings
        if _answers_subject(mail.subject, known[d.id].subjects):
            return Found(d, "réponse dans le fil du dossier (objet)")
    for d in candidates:
        if _names_meet(b, d, known[d.id], generic):
            if d.id in own_ids or not b.whole or b.completes:
                return Found(d, "même projet (titre ou acronyme)" + ("" if d.id in own_ids else ", même organisation"))
            return Found(None, "une proposition complète d'un autre expéditeur de l'organisation, sans lien avec "
                               "l'envoi précédent : son propre dossier")
    if b.whole and not (own and b.completes):
        return Found(None, "une proposition de plus, qui ne nomme aucun projet déjà reçu")
    if len(namesakes) == 1 and not own and not colleagues and b.completes and not b.whole:
        return Found(namesakes[0], "même personne, autre adresse : dit compléter son envoi")
    supported = _supported(session, call, b, generic, exclude={d.id for d in candidates})
    if supported is not None:  # a letter for another applicant's project, from one who has a dossier too
        return supported

    def named_otherwise(d: Dossier) -> bool:  # both name a project, and not the same one
        organisations = [b.organisation, d.organisation]
        return b.found >= 2 and bool(_names(b.title, b.acronym, [b.subject], organisations, generic)) \
            and bool(_names(d.project_title, (d.budget or {}).get("acronym"), known[d.id].subjects, organisations,
                            generic))

    if own:
        if named_otherwise(own[0]):
            return Found(None, "un autre projet du même expéditeur (autre titre ou acronyme)")
        return Found(own[0], "même expéditeur" if own[0].applicant_email == sender else "en copie du porteur")
    # a colleague's piece that names no project: the organisation's only dossier, unless it brings a
    # description of its own without saying it completes anything (another proposal, however short)
    if len(colleagues) == 1 and not named_otherwise(colleagues[0]) \
            and (b.completes or (b.found and b.description < 2)):
        return Found(colleagues[0], "même organisation, seul dossier de l'organisation")
    return Found(None, "aucun dossier correspondant")


def _namesakes(session: Session, call, name: str | None) -> list[Dossier]:
    """Dossiers whose applicant bears this full name (same_person)."""
    words = [w for w in re.split(r"[^\w]+", (name or "").lower()) if len(w) >= 2 and w.isascii() and w.isalpha()]
    if not 2 <= len(_tokens(name or "")) <= 4 or not words:
        return []
    # narrowed by the database on the name's plain words (one of them at least is written alike)
    near = or_(*[func.lower(Dossier.applicant_name).contains(w, autoescape=True) for w in words])
    ids = [pk for pk, other in session.exec(select(Dossier.id, Dossier.applicant_name).where(
        Dossier.call == call.name, near)) if same_person(name, other)]
    return list(session.exec(select(Dossier).where(col(Dossier.id).in_(ids))
                             .order_by(col(Dossier.received_at).desc(), col(Dossier.id).desc()))) if ids else []


def _supported(session: Session, call, b: Brought, generic: set[str], exclude: set[int] = frozenset()) -> Found | None:
    """The one dossier whose project a third party's piece names (a partner's letter of support):
    it joins it, adding its partners only (with_third_parties). None when the message brings a
    proposal of its own, nothing, or names no project or several."""
    if not b.piece:
        return None
    dossiers = [d for d in session.exec(select(Dossier).where(Dossier.call == call.name)) if d.id not in exclude]
    if not dossiers:
        return None
    known = _known(session, dossiers)
    named = [d for d in dossiers if _names_meet(b, d, known[d.id], generic, strict=True)]
    if len(named) != 1:
        return None
    return Found(named[0], "pièce d'un tiers (lettre de partenaire) nommant le projet du dossier")


@dataclass
class _Known:
    subjects: list[str]
    text: str  # subjects, file names, title and acronym: where a message's project name is looked for


def _known(session: Session, dossiers: list[Dossier]) -> dict[int, _Known]:
    ids = [d.id for d in dossiers]
    known = {d.id: _Known([], " ".join(filter(None, [d.project_title, (d.budget or {}).get("acronym")])))
             for d in dossiers}
    for dossier_id, subject in session.exec(select(Message.dossier_id, Message.subject)
                                            .where(col(Message.dossier_id).in_(ids))):
        known[dossier_id].subjects.append(subject or "")
        known[dossier_id].text += " " + (subject or "")
    for dossier_id, filename in session.exec(
            select(Message.dossier_id, Attachment.filename).join(Attachment, Attachment.message_pk == Message.id)
            .where(col(Message.dossier_id).in_(ids), Attachment.extraction != "skipped")):
        known[dossier_id].text += " " + filename
    return known


def _base_subject(subject: str | None) -> str:
    return " ".join(_tokens(_REPLY_PREFIX.sub("", subject or "")))


def _answers_subject(subject: str | None, subjects: list[str]) -> bool:
    """ "RE: Candidature X" after "Candidature X": a reply or forward of one of the dossier's mails."""
    if not _REPLY_PREFIX.match(subject or ""):
        return False
    base = _base_subject(subject)
    return len(base) >= 4 and any(base == _base_subject(s) for s in subjects)


def _valid_name(name: str | None, generic: set[str]) -> bool:
    """A title or acronym that can name a project: not only the call's and the dossier's words."""
    return bool(name) and any(len(w) >= 2 and w not in generic and not w.isdigit() for w in _tokens(name))


def _named_in(name: str, text_tokens: list[str]) -> bool:
    """The name written in the text: a short name whole, a long title by its first six words
    (subjects and file names cut titles short)."""
    words = _tokens(name)
    if not words:
        return False
    head = words if len(words) <= 6 else words[:6]
    n = len(head)
    return any(text_tokens[i:i + n] == head for i in range(len(text_tokens) - n + 1))


def _names(title: str | None, acronym: str | None, subjects: list[str], organisations: list[str | None],
           generic: set[str]) -> list[str]:
    """A project's names: its title and acronym as the documents give them, and the short names
    its subjects give ("Candidature projet TEMPO"), unless that is the organisation's name."""
    organisation_tokens = _tokens(" ".join(o for o in organisations if o))
    named = [a for subject in subjects for a in named_acronyms(subject)
             if not _named_in(a, organisation_tokens)]
    return [n for n in dict.fromkeys([title, acronym, *named]) if _valid_name(n, generic)]


def _names_meet(b: Brought, d: Dossier, known: _Known, generic: set[str], strict: bool = False) -> bool:
    """The message names the dossier's project, or the dossier names the message's. `strict`
    (a stranger's message): a short name counts only written in capitals as the project's name,
    a title only by two words of its own."""
    message_tokens = _tokens(" ".join([b.text, b.title or "", b.acronym or ""]))
    dossier_tokens = _tokens(known.text)
    organisations = [b.organisation, d.organisation]
    theirs = _names(d.project_title, (d.budget or {}).get("acronym"), known.subjects, organisations, generic)
    mine = _names(b.title, b.acronym, [b.subject], organisations, generic)
    if strict:  # the letter itself too: one naming two projects names neither for sure
        message_tokens += _tokens(b.documents_text)
        written = _unaccented(" ".join([b.text, b.documents_text, b.acronym or ""]))
        return any(_in_capitals(n, written) if is_acronym(n) else _distinctive(n, generic) and
                   _named_in(n, message_tokens) for n in theirs) \
            or any((is_acronym(n) or _distinctive(n, generic)) and _named_in(n, dossier_tokens) for n in mine)
    return any(_named_in(n, message_tokens) for n in theirs) or any(_named_in(n, dossier_tokens) for n in mine)


def _unaccented(text: str) -> str:
    text = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in text if not unicodedata.combining(c))


def _in_capitals(acronym: str, written: str) -> bool:
    """A project's short name written as such ("CO-PILOTE"), not a word of the text ("copilote")."""
    return re.search(r"(?<![\w-])" + re.escape(_unaccented(acronym)) + r"(?![\w-])", written) is not None


def _distinctive(name: str, generic: set[str]) -> bool:
    """A title with two words of its own at least: a stranger's text may share one word by chance."""
    return sum(1 for w in _tokens(name) if len(w) >= 3 and w not in generic) >= 2


@dataclass(frozen=True)
class People:
    """Who may speak for a dossier beside its applicant and their domain, and which of its
    messages come from anyone else."""

    addresses: frozenset[str] = frozenset()  # writers of its own messages and the addresses those copied
    third: frozenset[int] = frozenset()  # its messages from third parties (a partner's letter): pks


def dossier_people(session: Session, archive: Path, dossier: Dossier, call) -> People:
    """Its messages in order: one is the dossier's own when it comes from someone who may speak
    for it (speaks_for, or a writer or an address copied by its own messages before) or answers
    one of its own messages; else it is a third party's. The copies are read from the archive
    (To, Cc, Reply-To), the call's own mailbox aside."""
    return _people(session, archive, dossier, call, whole=True)


def third_parties(session: Session, archive: Path, dossier: Dossier, call) -> frozenset[int]:
    """The dossier's messages from third parties (dossier_people), reading the archive only when
    a message does not come from the applicant or their domain."""
    return _people(session, archive, dossier, call, whole=False).third


def _people(session: Session, archive: Path, dossier: Dossier, call, *, whole: bool) -> People:
    rows = session.exec(select(Message.id, Message.from_addr, Message.from_name, Message.message_id,
                               Message.in_reply_to, Message.references, Message.archive_path)
                        .where(Message.dossier_id == dossier.id)
                        .order_by(col(Message.received_at), col(Message.id))).all()
    people: set[str] = set()
    unread: list[str] = []  # own messages whose copies are not read yet
    own_ids: set[str] = set()
    third: set[int] = set()
    pinned: set[int] | None = None  # messages staff attached to the dossier: its own, staff decided
    for pk, sender, name, message_id, in_reply_to, references, path in rows:
        sender = (sender or "").lower()
        own = speaks_for(dossier, sender, name=name) or bool({in_reply_to, *(references or "").split()} & own_ids)
        if not own:
            for earlier in unread:
                people |= _copies(archive, earlier)
            unread.clear()
            own = sender in people or speaks_for(dossier, sender, tuple(_copies(archive, path)))
        if not own:
            if pinned is None:
                pinned = set(session.exec(select(Correction.message_pk).where(
                    Correction.kind == "message", col(Correction.message_pk).in_([r[0] for r in rows]),
                    col(Correction.withdrawn_at).is_(None))))
            if pk in pinned:  # its content counts; its sender gains no right to speak for the dossier
                if message_id:
                    own_ids.add(message_id)
                continue
        if own:
            people.add(sender)
            unread.append(path)
            if message_id:
                own_ids.add(message_id)
        else:
            third.add(pk)
    for earlier in unread if whole else ():
        people |= _copies(archive, earlier)
    return People(frozenset(people - {(getattr(call, "mailbox", None) or "").lower(), ""}), frozenset(third))


def _copies(archive: Path, path: str) -> set[str]:
    try:
        headers = email.parser.BytesHeaderParser(policy=email.policy.compat32).parsebytes(read_blob(archive, path))
    except OSError:
        return set()
    values = [str(v) for h in ("To", "Cc", "Reply-To") for v in headers.get_all(h) or []]
    try:
        return {a.lower() for _, a in email.utils.getaddresses(values) if "@" in a}
    except RecursionError:  # a header made to exhaust the parser (ingest/parse.py): it copies no one we trust
        return set()


def with_third_parties(own: Analysis, whole: Analysis) -> Analysis:
    """The dossier as its own messages make it (`own`), with what third parties' pieces add
    (`whole`: every message): their partners, the partners part of the call when its own messages
    lacked it, and their files that could not be read. Nothing else of theirs counts: not the
    description, the budget, the title, the organisation, nor the project's end."""
    names = {fold(p.name) for p in own.partners}
    partners = own.partners + tuple(p for p in whole.partners if fold(p.name) not in names)
    requirements = dict(own.requirements)
    confidence = dict(own.confidence)
    for key, source in whole.requirements.items():
        if key.startswith(PARTNER_KEYS) and requirements.get(key) is None:  # found there, or in doubt there
            requirements[key] = source
            if key in whole.confidence:
                confidence[key] = whole.confidence[key]
    return replace(own, requirements=requirements, partners=partners, confidence=confidence,
                   unread=tuple(dict.fromkeys(own.unread + whole.unread)),
                   document_flags=tuple(dict.fromkeys(own.document_flags + whole.document_flags)))


# --- forwards from staff -------------------------------------------------------------------------

_FORWARD_FROM = re.compile(r"^[>\s*]*(?:de|from|von|exp[ée]diteur)\s*:\s*(.+?)\s*$", re.IGNORECASE | re.MULTILINE)


def staff_domain(call, settings=None) -> str | None:
    """The call's own mailbox domain (anact.fr): its addresses are staff."""
    mailbox = getattr(call, "mailbox", None) or (settings.from_address if settings else None)
    address = email.utils.parseaddr(mailbox or "")[1]
    return address.rsplit("@", 1)[1].lower() if "@" in address else None


def forwarded_sender(mail: ParsedMail, raw: bytes | None, staff: str | None) -> tuple[str | None, str] | None:
    """(name, address) of the person whose message a staff member forwarded: the sender of an
    attached message, else the first "De : …" of a forwarded block that is not staff."""
    candidates: list[str] = []
    if raw:
        message = email.parser.BytesParser(policy=email.policy.compat32).parsebytes(raw)
        for part in message.walk():
            if part.get_content_type() in ("message/rfc822", "message/global"):
                inner = part.get_payload()
                inner = inner[0] if isinstance(inner, list) and inner else inner
                if hasattr(inner, "get"):
                    candidates.append(str(inner.get("From", "")))
    text = mail.text
    if not text and mail.html:  # an HTML-only forward: its lines, tags removed, then entities decoded
        lines = re.sub(r"<(?:br|/p|/div|/tr)\b[^>]*>", "\n", mail.html, flags=re.I)
        text = html.unescape(re.sub(r"<[^>]+>", "", lines))
    candidates += _FORWARD_FROM.findall(text or "")
    for value in candidates:
        name, address = email.utils.parseaddr(value.replace("[mailto:", "<").replace("]", ">")
                                              if "mailto:" in value else value)
        address = address.lower()
        if "@" in address and address.rsplit("@", 1)[1] != staff:
            return (name or None), address
    return None
