"""The digest's "À traiter": what waits for a human, each item with why and what to do.

Groups, in this order: messages retenus, en quarantaine, en échec (notify/names.py); answers non
remises, en échec d'envoi, en attente d'envoi; correspondence; dossiers à examiner. Messages and
failed or bounced answers of the period are listed, older ones counted; answers waiting and
dossiers to examine are listed whenever they are in that state.
"""
from __future__ import annotations

import email.parser
import email.policy
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import and_, or_
from sqlalchemy.orm import defer
from sqlmodel import Session, col, select

from config.settings import Settings
from notify import compose, names, wording
from notify.guards import address_of
from store.archive import archive_root, read_head
from store.models import Dossier, Message, Outbox

SET_ASIDE_STATES = ("quarantined", "failed")
SHOWN = 30  # items of one group listed; the others counted
REPROCESS = "fabrique-intake reprocess --all"
STATUS = "fabrique-intake status"


@dataclass
class Item:
    title: str  # who or what
    facts: list[str]  # the subject, when it came, to whom
    why: str
    todo: str
    command: str | None = None  # the one command a staff member runs, if any
    detail: str | None = None  # the service's own words, small
    tone: str = "alert"  # alert | hold | wait | info (the card's colour)


@dataclass
class Group:
    key: str
    title: str
    items: list[Item] = field(default_factory=list)
    older: int = 0  # same state, before the period, not listed
    older_text: str = ""
    hidden: int = 0  # of the period, beyond SHOWN

    @property
    def total(self) -> int:
        return len(self.items) + self.older + self.hidden


def within(column, start: datetime, end: datetime):
    return and_(column >= start, column < end)


def _sender(msg: Message) -> str:
    name = compose.header_text(msg.from_name)
    addr = msg.from_addr or "adresse inconnue"
    return f"{name} <{addr}>" if name else addr


def subject_of(msg: Message, settings: Settings) -> str:
    """The subject staff know the mail by: the stored one, else read from the archived header
    (a message set aside before parsing has none stored); "(sans objet)" only when it had none."""
    if msg.subject:
        return compose.header_text(msg.subject) or "(sans objet)"
    try:
        head = read_head(archive_root(settings.data_dir), msg.archive_path)
    except OSError:
        return "(objet inconnu : courrier d’origine introuvable)"
    try:
        value = email.parser.BytesHeaderParser(policy=email.policy.compat32).parsebytes(head).get("Subject")
    except Exception:  # a broken header block: the mail is still listed
        value = None
    return compose.header_text(str(value)) if value else "(sans objet)"


def _facts(msg: Message, settings: Settings) -> list[str]:
    return [f"« {subject_of(msg, settings)} »", f"reçu le {_when(msg.received_at, settings)}"]


def _kept_copy(msg: Message, settings: Settings) -> str:
    return f"Copie conservée par le service : {archive_root(settings.data_dir) / msg.archive_path}"


def _megabytes(n: int) -> str:
    value = f"{n / 1_000_000:.1f}".replace(".", ",").removesuffix(",0")
    return f"{value} Mo"


# setting named in a reason -> (what happened, in staff words; the limit as staff read it)
_LIMITS: dict[str, tuple[str, Any]] = {
    "FABRIQUE_MAX_MESSAGE_BYTES": ("message trop volumineux", lambda s: _megabytes(s.max_message_bytes)),
    "FABRIQUE_MAX_ATTACHMENTS": ("trop de pièces jointes", lambda s: f"{s.max_attachments} pièces jointes"),
    "FABRIQUE_MAX_ARCHIVE_DEPTH": ("archives (zip…) imbriquées trop profondément",
                                   lambda s: f"{s.max_archive_depth} niveaux"),
    "FABRIQUE_MAX_UNPACKED_BYTES": ("archive (zip…) trop volumineuse une fois ouverte",
                                    lambda s: _megabytes(s.max_unpacked_bytes)),
    "FABRIQUE_EXTRACTION_TIMEOUT": ("lecture d’un document trop longue",
                                    lambda s: f"{s.extraction_timeout:g} secondes par document"),
    "FABRIQUE_EXTRACTION_MEMORY_MB": ("lecture d’un document trop gourmande en mémoire",
                                      lambda s: f"{s.extraction_memory_mb} Mo"),
}


def _header_only(msg: Message, settings: Settings) -> bool:
    """Only the header of a message over the size limit was fetched: it stays in the mailbox."""
    try:
        return (archive_root(settings.data_dir) / msg.archive_path).stat().st_size < msg.size
    except OSError:
        return False


def _held(msg: Message, settings: Settings, session: Session, prefix: str, mailbox: str) -> Item:
    cited = re.search(re.escape(prefix) + r"-\d{3,6}", (msg.error or "") + " " + (msg.subject or ""), re.I)
    dossier = (session.exec(select(Dossier).where(Dossier.reference == cited.group(0).upper())).first()
               if cited else None)
    ref = dossier.reference if dossier else (cited.group(0).upper() if cited else "un dossier")
    owner = f" ({dossier.applicant_email})" if dossier else ""
    return Item(
        title=_sender(msg), facts=_facts(msg, settings),
        why=(f"Il cite le dossier {ref}, mais son expéditeur n’en est ni le porteur, ni de son organisation, ni en "
             f"copie de ses messages : il n’a pas été ajouté au dossier et aucune réponse n’est partie."),
        todo=(f"Lisez-le dans la boîte {mailbox}. S’il concerne bien ce dossier, demandez au porteur{owner} de vous "
              f"le transmettre depuis son adresse : il rejoindra alors le dossier. Sinon, répondez vous-même à "
              f"l’expéditeur."),
        detail=_kept_copy(msg, settings), tone="hold")


def _quarantined(msg: Message, settings: Settings, mailbox: str) -> Item:
    error = msg.error or "raison non enregistrée"
    setting = next((s for s in _LIMITS if s in error), None)
    facts = _facts(msg, settings)
    detail = f"Détail : {error}"
    if setting is None:
        return Item(title=_sender(msg), facts=facts, why="Le service l’a mis de côté sans le lire ni y répondre.",
                    todo=(f"Lisez-le dans la boîte {mailbox}. Transmettez le détail ci-dessous à l’exploitant ; une "
                          f"fois la cause réglée, cette commande le traite à nouveau :"),
                    command=REPROCESS, detail=f"{detail}. {_kept_copy(msg, settings)}")
    what, limit = _LIMITS[setting]
    why = f"{what.capitalize()} (limite : {limit(settings)}, réglage {setting}) : il n’a été ni lu ni répondu."
    if setting == "FABRIQUE_MAX_MESSAGE_BYTES":
        why = (f"Message trop volumineux : {_megabytes(msg.size)}, au-delà de la limite de {limit(settings)} "
               f"(réglage {setting}) : il n’a été ni lu ni répondu.")
    if _header_only(msg, settings):
        return Item(title=_sender(msg), facts=facts, why=why, detail=detail,
                    todo=(f"Il est resté dans la boîte {mailbox} : lisez-le là. S’il s’agit d’une candidature, "
                          f"demandez à l’expéditeur de renvoyer des fichiers plus légers (moins de "
                          f"{limit(settings)} en tout) ou un lien de téléchargement."))
    return Item(title=_sender(msg), facts=facts, why=why, detail=f"{detail}. {_kept_copy(msg, settings)}",
                todo=(f"S’il s’agit d’une candidature, faites relever la limite {setting} par l’exploitant, puis "
                      f"lancez cette commande, qui le lit à nouveau (aucune réponse déjà envoyée ne repart) :"),
                command=REPROCESS)


def _failed(msg: Message, settings: Settings, mailbox: str) -> Item:
    error = msg.error or "raison non enregistrée"
    internal = error.startswith("erreur interne")
    return Item(
        title=_sender(msg), facts=_facts(msg, settings),
        why=("Une erreur du service l’a empêché de le traiter." if internal
             else "Le service n’a pas pu le lire : il n’a été ni classé ni répondu."),
        todo=(f"Lisez-le dans la boîte {mailbox} et répondez si besoin. Transmettez le détail à l’exploitant ; "
              f"une fois la cause corrigée, cette commande le traite à nouveau :"),
        command=REPROCESS, detail=f"Détail : {error}. {_kept_copy(msg, settings)}")


def _when(value: datetime | None, settings: Settings) -> str:
    return wording.french_datetime(value, settings.timezone) if value else "date inconnue"


def _answer_title(o: Outbox, refs: dict[int, str]) -> str:
    kind = wording.KIND_LABELS.get(o.kind, o.kind)
    ref = refs.get(o.dossier_id) if o.dossier_id else None
    return f"{ref} – {kind} à {o.to_addr}" if ref else f"{kind.capitalize()} à {o.to_addr}"


def _bounced(o: Outbox, refs: dict[int, str], settings: Settings) -> Item:
    reason = o.last_error or "raison non donnée par le serveur du destinataire"
    sent = [f"envoyée le {_when(o.sent_at, settings)}"] if o.sent_at else []
    back = [f"revenue le {_when(o.bounced_at, settings)}"] if o.bounced_at else []
    return Item(title=_answer_title(o, refs), facts=[f"« {compose.header_text(o.subject)} »", *sent, *back],
                why=f"Le serveur du destinataire l’a renvoyée : {reason}",
                todo=("Le porteur n’a pas reçu cette réponse. Vérifiez son adresse dans le dossier (faute de frappe, "
                      "adresse fermée) et prévenez-le par un autre moyen : téléphone, autre adresse de son "
                      "organisation."))


def _failed_answer(o: Outbox, refs: dict[int, str], settings: Settings) -> Item:
    tries = f"{o.attempts} essai{'s' if o.attempts > 1 else ''}"
    ref = refs.get(o.dossier_id) if o.dossier_id else None
    return Item(title=_answer_title(o, refs), facts=[f"« {compose.header_text(o.subject)} »"],
                why=f"Notre serveur d’envoi l’a refusée ({tries}) : {o.last_error or 'raison non enregistrée'}",
                todo=("Vérifiez l’adresse du destinataire. Pour la renvoyer telle quelle :" if ref
                      else "Prévenez l’exploitant."),
                command=f"fabrique-intake outbox retry {ref}" if ref else None)


def _waiting(rows: list[Outbox], refs: dict[int, str], settings: Settings) -> list[Item]:
    items = []
    unreachable = [o for o in rows if o.failing_since is not None and o.attempts == 0]
    if unreachable:
        since = min(o.failing_since for o in unreachable)
        last = next((o.last_error for o in sorted(unreachable, key=lambda o: o.id, reverse=True) if o.last_error), "")
        n = len(unreachable)
        items.append(Item(
            title=f"{n} réponse{'s' if n > 1 else ''} en attente du serveur d’envoi",
            facts=[_answer_title(o, refs) for o in unreachable[:5]] + ([f"et {n - 5} autre(s)"] if n > 5 else []),
            why=f"Le serveur d’envoi est injoignable depuis le {_when(since, settings)}"
                + (f" : {last}" if last else "."),
            todo=(f"Rien à faire pour les porteurs : {'elles partiront' if n > 1 else 'elle partira'} d’elle"
                  f"{'s' if n > 1 else ''}-même{'s' if n > 1 else ''} dès que le serveur répondra. Si cela dure, "
                  f"prévenez l’exploitant ; cette commande montre l’état du service :"),
            command=STATUS, tone="wait"))
    for o in rows:
        if o.attempts > 0:
            items.append(Item(
                title=_answer_title(o, refs), facts=[f"« {compose.header_text(o.subject)} »"],
                why=(f"Refusée pour l’instant par le serveur ({o.attempts} essai{'s' if o.attempts > 1 else ''}) : "
                     f"{o.last_error or 'raison non enregistrée'} ; "
                     f"nouvel essai le {_when(o.next_attempt_at, settings)}."),
                todo="Rien à faire : le service réessaie seul. Après le dernier essai, elle passera en échec d’envoi.",
                tone="wait"))
    return items


def _correspondence(msg: Message, settings: Settings, mailbox: str) -> Item:
    return Item(title=_sender(msg), facts=_facts(msg, settings),
                why="Une personne écrit sans envoyer de proposition : aucune réponse automatique n’est partie.",
                todo=f"Répondez-lui depuis la boîte {mailbox}.", tone="info")


def _review(d: Dossier, reason: str) -> Item:
    acronym = (d.budget or {}).get("acronym") or getattr(d, "acronym", None)
    title = " · ".join(x for x in (d.reference, acronym) if x)
    return Item(title=f"{title} – {d.organisation or d.applicant_email}",
                facts=[f"« {compose.header_text(d.project_title)} »"] if d.project_title else [],
                why=reason[:1].upper() + reason[1:], tone="hold",
                todo="Examinez le dossier et décidez de la suite à lui donner.")


def to_do(session: Session, settings: Settings, call: Any, start: datetime, end: datetime) -> list[Group]:
    """The groups of "À traiter" that hold something (or older items), in the order staff act."""
    mailbox = address_of(settings.from_address) or "de la Fabrique"
    prefix = str(getattr(call, "reference_prefix", "") or "FCTO")
    in_period = or_(within(Message.created_at, start, end), within(Message.received_at, start, end))
    aside = session.exec(select(Message).where(col(Message.state).in_(SET_ASIDE_STATES), in_period)
                         .order_by(col(Message.received_at), col(Message.id))).all()
    older_aside = session.exec(select(Message.state, Message.classification, Message.error)
                               .where(col(Message.state).in_(SET_ASIDE_STATES), ~in_period,
                                      Message.created_at < start)).all()
    groups = {key: Group(key, title) for key, title in names.MESSAGE_GROUPS.items()}
    for m in aside:
        key = names.message_state(m.state, m.classification, m.error)
        item = (_held(m, settings, session, prefix, mailbox) if key == "held"
                else _quarantined(m, settings, mailbox) if key == "quarantined" else _failed(m, settings, mailbox))
        groups[key].items.append(item)
    for row in older_aside:
        groups[names.message_state(*row)].older += 1
    for g in groups.values():
        state = names.message_state_label(g.key, g.older)
        g.older_text = f"Et {g.older} plus ancien{'s' if g.older > 1 else ''}, toujours {state} : voir « {STATUS} »."

    refs = dict(session.exec(select(Dossier.id, Dossier.reference).where(Dossier.purged == False)).all())  # noqa: E712
    purged = set(session.exec(select(Dossier.id).where(Dossier.purged == True)).all())  # noqa: E712
    troubled = or_(col(Outbox.status).in_(("bounced", "failed")),
                   and_(Outbox.status == "pending", or_(Outbox.attempts > 0, col(Outbox.failing_since).is_not(None))))
    answers = [o for o in session.exec(select(Outbox).options(defer(Outbox.raw)).where(troubled)
                                       .order_by(col(Outbox.id))).all() if o.dossier_id not in purged]

    def recent(o: Outbox) -> bool:
        when = [o.bounced_at, o.next_attempt_at, o.sent_at, o.created_at]
        return any(w is not None and start <= w < end for w in when)

    bounced = Group("bounced", "Réponses non remises")
    failed = Group("failed_answers", "Réponses en échec d’envoi")
    for group, status, build in ((bounced, "bounced", _bounced), (failed, "failed", _failed_answer)):
        rows = [o for o in answers if o.status == status]
        group.items = [build(o, refs, settings) for o in rows if recent(o)]
        group.older = len(rows) - len(group.items)
        state = (names.BOUNCED + ("s" if group.older > 1 else "")) if status == "bounced" else "en échec d’envoi"
        group.older_text = (f"Et {group.older} plus ancienne{'s' if group.older > 1 else ''}, toujours {state} : "
                            f"voir « {STATUS} ».")
    waiting = Group("waiting", "Réponses en attente d’envoi",
                    _waiting([o for o in answers if o.status == "pending"], refs, settings))

    correspondence = Group("correspondence", "Correspondances en attente d’une réponse", [
        _correspondence(m, settings, mailbox) for m in session.exec(
            select(Message).where(Message.classification == "correspondence", Message.state == "processed", in_period)
            .order_by(col(Message.received_at))).all()])

    review = Group("review", "Dossiers à examiner", [_review(d, d.review) for d in session.exec(
        select(Dossier).where(Dossier.purged == False,  # noqa: E712
                              col(Dossier.review).is_not(None), Dossier.review != "")
        .order_by(col(Dossier.reference))).all()])

    ordered = [groups["held"], groups["quarantined"], groups["failed"], bounced, failed, waiting,
               correspondence, review]
    for g in ordered:
        g.hidden, g.items = max(len(g.items) - SHOWN, 0), g.items[:SHOWN]
    return [g for g in ordered if g.total]


def count(groups: list[Group]) -> int:
    return sum(g.total for g in groups)
