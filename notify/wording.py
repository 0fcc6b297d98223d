"""The words applicants and staff read: the call's labels, flag labels, French dates.

CallRules (config/call.py) is read defensively through `call_words()` so that the
templates get one plain mapping whatever the call definition provides.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

# The export contract's requirement keys and the call's words (used when the call gives none).
DEFAULT_LABELS: dict[str, str] = {
    "description.contexte": "contexte",
    "description.objectifs": "objectifs",
    "description.problematique": "problématique",
    "description.cibles": "cibles",
    "description.methodologie": "déroulé méthodologique envisagé",
    "description.phasage": "… incluant un phasage détaillé",
    "description.pilotage": "pilotage et comitologie",
    "description.resultats": "résultats escomptés",
    "description.perennisation": "perspective de pérennisation et d’essaimage",
    "budget.personnel": "dépenses de personnel",
    "budget.deplacements_logistique": "frais de déplacement et logistique",
    "budget.prestations": "achats de prestations",
    "budget.cofinancements": "les co-financements envisagés ou existants et leur nature",
    "partenaires.liste": "les partenaires mobilisés",
    "partenaires.contributions": "… et leur contribution attendue",
}

# A label that continues the previous one ("… incluant …") cannot stand alone in a list.
_STANDALONE: dict[str, str] = {
    "description.phasage": "phasage détaillé du déroulé méthodologique envisagé",
    "partenaires.contributions": "contribution attendue des partenaires mobilisés",
}

PART_TITLES: dict[str, str] = {
    "description": "La description du projet",
    "budget": "Le budget détaillé",
    "partenaires": "Les partenaires mobilisés et leur contribution attendue",
}

FLAG_LABELS: dict[str, str] = {
    "plafond_depasse": "montant demandé supérieur au plafond de l’appel",
    "cofinancement_insuffisant": "co-financement inférieur au minimum attendu",
    "hors_delai": "reçu après la date limite",
    "fin_apres_echeance": "fin du projet après l’échéance de l’appel",
    "depense_non_eligible": "dépense hors des catégories éligibles",
    "document_illisible": "document illisible (scan, image ou fichier endommagé) : à vérifier à l’œil",
    "piece_jointe_protegee": "pièce jointe chiffrée ou protégée par mot de passe",
    "piece_jointe_non_supportee": "format de pièce jointe non lu",
}

STATUS_LABELS: dict[str, str] = {"complete": "complet", "incomplete": "incomplet"}

CLASSIFICATION_LABELS: dict[str, str] = {
    "submission": "candidatures",
    "reply": "réponses de candidats",
    "correspondence": "correspondances",
    "auto_reply": "réponses automatiques",
    "bounce": "avis de non-remise",
}

KIND_LABELS: dict[str, str] = {
    "acknowledgement": "accusé de réception",
    "completion_request": "demande de compléments",
    "completion_acknowledgement": "dossier complet",
    "digest": "synthèse",
    "alert": "alerte",
}

ALERT_LABELS: dict[str, str] = {  # service.alerts' kinds
    "boite_injoignable": "boîte de réception injoignable",
    "envoi_injoignable": "serveur d’envoi injoignable",
}


def days_since(days: int | None) -> str:
    if days is None:
        return "date inconnue"
    if days < 1:
        return "moins d’un jour"
    return "1 jour" if days == 1 else f"{days} jours"


MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre")

DEFAULT_REPLY_DAYS = 10


def french_date(value: date | datetime | None, tz: str | None = None) -> str:
    """« 1er septembre 2022 », « 12 septembre 2022 »; a datetime is first put in `tz`."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        if tz and value.tzinfo is not None:
            value = value.astimezone(ZoneInfo(tz))
        value = value.date()
    day = "1er" if value.day == 1 else str(value.day)
    return f"{day} {MONTHS[value.month - 1]} {value.year}"


def french_datetime(value: datetime | None, tz: str) -> str:
    """« 12 septembre 2022 à 14 h 05 » in the staff's time zone."""
    if value is None:
        return ""
    local = value.astimezone(ZoneInfo(tz)) if value.tzinfo else value
    return f"{french_date(local)} à {local.hour} h {local.minute:02d}"


def french_amount(value: float | None) -> str:
    """« 80 000 € », « 1 234,50 € »; None -> « non trouvé »."""
    if value is None:
        return "non trouvé"
    whole = f"{value:,.2f}".replace(",", "\u202f").replace(".", ",")
    if whole.endswith(",00"):
        whole = whole[:-3]
    return f"{whole}\u00a0€"


def french_share(value: float | None) -> str:
    if value is None:
        return "non trouvé"
    return f"{value * 100:.1f}".replace(".", ",") + "\u00a0%"


def _get(obj: Any, *names: str) -> Any:
    for name in names:
        value = obj.get(name) if isinstance(obj, dict) else getattr(obj, name, None)
        if value is not None:
            return value
    return None


def call_labels(call: Any) -> dict[str, str]:
    """Requirement key -> the call's words, from whatever shape CallRules uses."""
    raw = _get(call, "labels", "requirement_labels", "requirements")
    labels = dict(DEFAULT_LABELS)
    if isinstance(raw, dict):
        for key, value in raw.items():
            text = value if isinstance(value, str) else _get(value, "label", "words", "text")
            if text:
                labels[str(key)] = str(text)
    elif isinstance(raw, (list, tuple)):
        for item in raw:
            key, text = _get(item, "key"), _get(item, "label", "words", "text")
            if key and text:
                labels[str(key)] = str(text)
    return labels


def standalone_label(key: str, labels: dict[str, str]) -> str:
    """The call's words for one key, readable on its own line of a list."""
    text = labels.get(key) or key
    if text.startswith(("…", "...")):
        return _STANDALONE.get(key) or text.lstrip("….").strip()
    return text


@dataclass(frozen=True)
class CallWords:
    """What the templates need to know about the call."""

    name: str
    title: str
    labels: dict[str, str]
    reply_days: int
    deadline: str = ""  # « 23 août 2022 » or ""
    selection_date: str = ""
    project_end_limit: str = ""
    parts: dict[str, str] = field(default_factory=lambda: dict(PART_TITLES))


def call_words(call: Any, tz: str = "Europe/Paris") -> CallWords:
    title = _get(call, "title") or "Fabrique CTO"
    reply_days = _get(call, "reply_days")
    return CallWords(
        name=str(_get(call, "name") or ""),
        title=str(title),
        labels=call_labels(call),
        reply_days=int(reply_days) if reply_days else DEFAULT_REPLY_DAYS,
        deadline=french_date(_get(call, "deadline"), tz),
        selection_date=french_date(_get(call, "selection_date", "selection"), tz),
        project_end_limit=french_date(_get(call, "project_end_limit"), tz),
    )


def reply_by(now: datetime, days: int, tz: str) -> date:
    """The date to answer by: `days` calendar days after `now`, in the staff's time zone."""
    return (now.astimezone(ZoneInfo(tz)) + timedelta(days=days)).date()


def completion_deadline(now: datetime, call: Any, tz: str) -> date | None:
    """The date a completion request asks for: the call's reply days after `now`, but never later
    than its set number of days before the selection date; None when that leaves fewer days than
    the call's minimum (the dossier is then examined as it is)."""
    rules = answer_rules(call)
    today = now.astimezone(ZoneInfo(tz)).date()
    by = today + timedelta(days=rules.reply_days)
    selection = _get(call, "selection_date")
    selection = selection.date() if isinstance(selection, datetime) else selection
    if isinstance(selection, date) and rules.reply_ends_before_selection is not None:
        by = min(by, selection - timedelta(days=rules.reply_ends_before_selection))
    return by if (by - today).days >= max(rules.min_reply_days, 1) else None


def answer_rules(call: Any):
    """The call's [answers] (config.call.AnswerRules), or their defaults with the call's reply days."""
    from config.call import AnswerRules

    rules = _get(call, "answers")
    if isinstance(rules, AnswerRules):
        return rules
    days = _get(call, "reply_days")
    return AnswerRules(reply_days=int(days) if days else DEFAULT_REPLY_DAYS)


def closing_time(call: Any, tz: str = "Europe/Paris") -> datetime | None:
    """The call's deadline as an aware date-time (a bare date: its last second, in `tz`)."""
    deadline = _get(call, "deadline")
    if isinstance(deadline, datetime):
        return deadline if deadline.tzinfo else deadline.replace(tzinfo=ZoneInfo(tz))
    if isinstance(deadline, date):
        return datetime.combine(deadline, time(23, 59, 59), tzinfo=ZoneInfo(tz))
    return None


# An attachment we could not read, by its reading's status: what happened to it, and what the
# applicant can do, in words anyone understands ("scan": read only by character recognition).
_ORIGINAL = ("Merci de nous renvoyer de préférence le document d’origine : un fichier Word ou Excel, ou un PDF "
             "enregistré depuis votre traitement de texte.")
UNREAD_FILES: dict[str, tuple[str, str]] = {
    "encrypted": ("il est protégé par un mot de passe",
                  "Merci de nous le renvoyer sans mot de passe ni restriction d’ouverture."),
    "error": ("il est endommagé : il ne s’ouvre pas",
              "Merci de nous en renvoyer une copie qui s’ouvre normalement, enregistrée à nouveau depuis le "
              "logiciel qui l’a créé."),
    "unreadable": ("il ne contient que des images (document numérisé ou photographié), sans texte que nous "
                   "puissions lire", _ORIGINAL),
    "scan": ("c’est un document numérisé, que nous n’avons pu lire qu’en partie", _ORIGINAL),
    "unsupported": ("son format ne peut pas être lu",
                    "Merci de nous le renvoyer au format PDF, Word (docx) ou Excel (xlsx)."),
}
UNREAD_DEFAULT = ("nous n’avons pas pu le lire en entier",
                  "Merci de nous le renvoyer au format PDF, Word (docx) ou Excel (xlsx).")


def unread_file(status: str | None, reason: str | None = None) -> tuple[str, str]:
    """(what happened to the file, what to do) for an attachment's reading status."""
    if status == "ok" and "reconnaissance de caractères" in (reason or ""):
        status = "scan"
    return UNREAD_FILES.get(status or "", UNREAD_DEFAULT)


def group_missing(missing: list[str], labels: dict[str, str]) -> list[tuple[str, list[str]]]:
    """[(part title, [the call's words, ...]), ...] in the call's order."""
    order = list(labels)
    rank = {k: i for i, k in enumerate(order)}
    groups: dict[str, list[str]] = {}
    for key in sorted(missing, key=lambda k: (rank.get(k, len(order)), k)):
        part = key.split(".", 1)[0]
        groups.setdefault(part, []).append(standalone_label(key, labels))
    parts = list(PART_TITLES)
    return [(PART_TITLES.get(p, p.capitalize()), items)
            for p, items in sorted(groups.items(), key=lambda kv: (parts.index(kv[0]) if kv[0] in parts else 99, kv[0]))]


# --- committee exports and the terminal (issue 13) ---------------------------------------------

# One message, as a row of the export's « Messages » sheet says it (CLASSIFICATION_LABELS counts them).
MESSAGE_LABELS: dict[str, str] = {
    "submission": "candidature",
    "reply": "réponse d’un candidat",
    "correspondence": "correspondance",
    "auto_reply": "réponse automatique",
    "bounce": "avis de non-remise",
}

MESSAGE_STATE_LABELS: dict[str, str] = {
    "archived": "en attente de traitement",
    "processed": "traité",
    "failed": "en échec",
    "quarantined": "en quarantaine",
}

# An answer's fate, as the export's notifications say it (pending, sent, written, failed).
ANSWER_STATUS_LABELS: dict[str, str] = {
    "pending": "en attente d’envoi",
    "sent": "envoyé",
    "written": "écrit dans la boîte d’envoi (non envoyé)",
    "failed": "échec d’envoi",
}

# The budget's categories (by_category of the export contract).
CATEGORY_LABELS: dict[str, str] = {
    "personnel": "personnel",
    "deplacements_logistique": "déplacements et logistique",
    "prestations": "prestations",
    "autres": "autres dépenses",
}

# The nature of a co-financing (the call's [resources.natures] names).
NATURE_LABELS: dict[str, str] = {
    "subvention": "subvention",
    "autofinancement": "autofinancement",
    "valorisation": "valorisation (contribution en nature)",
    "mecenat": "mécénat",
    "pret": "prêt",
    "recettes": "recettes",
}
