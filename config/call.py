"""The rules of a call for projects, read from config/calls/<name>.toml."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

CALLS_DIR = Path(__file__).resolve().parent / "calls"
CATEGORIES = ("personnel", "deplacements_logistique", "prestations", "autres")


def _fold(text: str) -> str:
    from extract.textutil import fold

    return ("^" if text.lstrip().startswith("^") else "") + fold(text) + ("*" if text.rstrip().endswith("*") else "")


def _folded(values) -> tuple[str, ...]:
    seen: list[str] = []
    for value in values or ():
        folded = _fold(str(value))
        if folded.strip("*^") and folded not in seen:
            seen.append(folded)
    return tuple(seen)


@dataclass(frozen=True)
class Requirement:
    key: str
    label: str  # the call's words, for completion requests to applicants
    headings: tuple[str, ...] = ()  # folded heading wordings
    content_patterns: tuple[str, ...] = ()  # regular expressions on folded paragraphs
    # heading wordings that name the element only when the heading names nothing else ("Enjeux"
    # alone is the context; "Enjeux et hypothèse" is the problem, "Origine des financements" the budget)
    yielding: tuple[str, ...] = ()
    # the element a later section states when these wordings alone head it, once this one is
    # found ("2.1 Éléments de contexte", then "2.2 Enjeux identifiés": the problem)
    then: str | None = None
    then_headings: tuple[str, ...] = ()


@dataclass(frozen=True)
class AnswerRules:
    """What the answers to applicants give and say ([answers] of the call's file). Wordings may
    hold {deadline}, {selection_date}, {received_on} (French dates) and {reference}."""

    reply_days: int = 10  # days a completion request gives to send what is missing
    # the date asked for falls at least this many days before the selection date (None: no cap)
    reply_ends_before_selection: int | None = 1
    min_reply_days: int = 2  # fewer days left than this: no date asked, the dossier is examined as it is
    no_time: str = ""  # what the applicant is told then
    late_subject: str = ""  # a proposal received after the deadline: its answer's subject...
    late: tuple[str, ...] = ()  # ... and paragraphs: what the call's rules say happens to it
    impersonal_names: tuple[str, ...] = ()  # folded: a display name holding one is not a person's


PLACEHOLDERS = {"deadline": "23 août 2022", "selection_date": "2 septembre 2022", "received_on": "24 août 2022",
                "reference": "REF-0001"}


def _wording(value, where: str) -> str:
    """A wording of [answers], its placeholders checked now rather than when an answer is due."""
    text = str(value or "")
    try:
        text.format_map(PLACEHOLDERS)
    except (KeyError, IndexError, ValueError) as exc:
        raise ValueError(f"[answers] {where}: unknown placeholder or brace {exc} "
                         f"(known: {', '.join('{' + k + '}' for k in PLACEHOLDERS)})") from None
    return text


def _answer_rules(raw: dict) -> AnswerRules:
    answers = raw.get("answers", {})
    before = answers.get("reply_ends_before_selection", 1)
    rules = AnswerRules(
        reply_days=int(answers.get("reply_days", raw.get("reply_days", 10))),
        reply_ends_before_selection=None if before is False or before is None else int(before),
        min_reply_days=int(answers.get("min_reply_days", 2)),
        no_time=_wording(answers.get("no_time"), "no_time"),
        late_subject=_wording(answers.get("late_subject"), "late_subject"),
        late=tuple(_wording(p, "late") for p in answers.get("late", ())),
        impersonal_names=_folded(answers.get("impersonal_names")),
    )
    if rules.reply_days < 1 or rules.min_reply_days < 0 or (rules.reply_ends_before_selection or 0) < 0:
        raise ValueError("[answers] reply_days must be 1 or more, min_reply_days and "
                         "reply_ends_before_selection 0 or more")
    return rules


@dataclass(frozen=True)
class CallRules:
    name: str
    title: str
    reference_prefix: str
    deadline: datetime  # timezone-aware
    project_end_limit: date
    cap_eur: float
    min_cofinancing_share: float
    requirements: tuple[Requirement, ...]
    eligible_categories: tuple[str, ...]
    reply_days: int
    categories: tuple[tuple[str, tuple[str, ...]], ...]  # (category, folded wordings), in matching order
    timed_roles: tuple[str, ...]  # roles that are personnel when counted in days or months
    external_words: tuple[str, ...]  # ... unless the line says they are bought outside
    expense_accounts: tuple[tuple[str, str], ...]  # (account number prefix, category), longest prefix first
    anact_wordings: tuple[str, ...]
    anact_generic_wordings: tuple[str, ...]
    cofinancing_wordings: tuple[str, ...]
    natures: tuple[tuple[str, tuple[str, ...]], ...]
    partner_sections: tuple[str, ...]
    budget_sections: tuple[str, ...]
    organisation_labels: tuple[str, ...]
    submission_words: tuple[str, ...]
    title_labels: tuple[str, ...]
    end_labels: tuple[str, ...]
    empty_markers: tuple[str, ...]
    instruction_words: tuple[str, ...]
    heading_fillers: tuple[str, ...]
    total_words: tuple[str, ...]
    skip_words: tuple[str, ...]
    expense_headers: tuple[str, ...]
    resource_headers: tuple[str, ...]
    neutral_headers: tuple[str, ...]
    ignored_columns: tuple[str, ...]
    preferred_columns: tuple[str, ...]
    quantity_columns: tuple[str, ...]
    in_kind_headers: tuple[str, ...]
    unit_price_columns: tuple[str, ...]
    partner_name_headers: tuple[str, ...]
    partner_contribution_headers: tuple[str, ...]
    contribution_words: tuple[str, ...]
    organisation_words: tuple[str, ...]
    partner_kind_headers: tuple[str, ...] = ()
    partner_kind_words: tuple[str, ...] = ()
    partner_triggers: tuple[str, ...] = ()
    organiser_names: tuple[str, ...] = ()
    letter_words: tuple[str, ...] = ()
    partner_role_verbs: tuple[str, ...] = ()
    partner_task_headers: tuple[str, ...] = ()  # a who-does-what table's column of tasks...
    partner_actor_headers: tuple[str, ...] = ()  # ...and its columns of who leads or takes part
    phasage_min_dated_rows: int = 2
    phasage_step_words: tuple[str, ...] = ()
    mendable_words: tuple[str, ...] = ()  # key words read through a one-letter slip ("CONTEXE")
    mailbox: str | None = None
    selection_date: date | None = None
    timezone: str = "Europe/Paris"
    answers: AnswerRules = field(default_factory=AnswerRules)
    source: str = ""
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def requirement_keys(self) -> tuple[str, ...]:
        return tuple(r.key for r in self.requirements)

    @property
    def labels(self) -> dict[str, str]:
        return {r.key: r.label for r in self.requirements}

    @property
    def heading_synonyms(self) -> dict[str, tuple[str, ...]]:
        return {r.key: r.headings for r in self.requirements if r.headings}

    def requirement(self, key: str) -> Requirement:
        for r in self.requirements:
            if r.key == key:
                return r
        raise KeyError(key)


def load_call(name: str = "fabrique-cto-2022", directory: Path | None = None) -> CallRules:
    """Read config/calls/<name>.toml into CallRules; ValueError naming the file when it is bad."""
    path = (directory or CALLS_DIR) / f"{name}.toml"
    if not name or "/" in name or "\\" in name or name.startswith("."):
        raise ValueError(f"invalid call name {name!r} (expected a file name in {CALLS_DIR})")
    try:
        with path.open("rb") as handle:
            raw = tomllib.load(handle)
    except FileNotFoundError:
        raise ValueError(f"call file not found: {path}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ValueError(f"call file {path} is not valid TOML: {exc}") from None
    try:
        return _build(raw, path)
    except (KeyError, TypeError, ValueError, ZoneInfoNotFoundError) as exc:
        raise ValueError(f"call file {path} is invalid: {type(exc).__name__}: {exc}") from None


def _as_date(value) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _build(raw: dict, path: Path) -> CallRules:
    timezone = ZoneInfo(raw.get("timezone", "Europe/Paris"))
    deadline = raw["deadline"]
    if isinstance(deadline, str):
        deadline = datetime.fromisoformat(deadline)
    if isinstance(deadline, date) and not isinstance(deadline, datetime):
        deadline = datetime(deadline.year, deadline.month, deadline.day, 23, 59, 59)
    if not isinstance(deadline, datetime):
        raise TypeError("deadline must be a date-time")
    if deadline.tzinfo is None:
        deadline = deadline.replace(tzinfo=timezone)
    end_limit = _as_date(raw["project_end_limit"])
    requirements = []
    for item in raw["requirements"]:
        requirements.append(Requirement(
            key=str(item["key"]),
            label=str(item["label"]),
            headings=_folded(item.get("headings")),
            content_patterns=tuple(item.get("content_patterns", ())),
            yielding=_folded(item.get("yielding")),
            then=(item.get("then") or {}).get("key"),
            then_headings=_folded((item.get("then") or {}).get("headings")),
        ))
    if not requirements:
        raise ValueError("no requirements")
    keys = [r.key for r in requirements]
    if len(set(keys)) != len(keys):
        raise ValueError("duplicate requirement keys")
    if any(r.then and r.then not in keys for r in requirements):
        raise ValueError("a requirement's 'then' names no requirement")
    categories_raw = raw.get("categories", {})
    categories = tuple((name, _folded(categories_raw.get(name, ()))) for name in CATEGORIES)
    eligible = tuple(raw.get("eligible_categories", CATEGORIES[:3]))
    for category in eligible:
        if category not in CATEGORIES:
            raise ValueError(f"unknown eligible category {category!r}")
    sections = raw.get("sections", {})
    budget = raw.get("budget", {})
    resources = raw.get("resources", {})
    partners = raw.get("partners", {})
    phasage = raw.get("phasage", {})
    share = float(raw["min_cofinancing_share"])
    if not 0 <= share <= 1:
        raise ValueError("min_cofinancing_share must be within 0..1")
    answers = _answer_rules(raw)
    return CallRules(
        name=str(raw.get("name", path.stem)),
        title=str(raw.get("title", "")),
        reference_prefix=str(raw["reference_prefix"]),
        deadline=deadline,
        project_end_limit=end_limit,
        cap_eur=float(raw["cap_eur"]),
        min_cofinancing_share=share,
        requirements=tuple(requirements),
        eligible_categories=eligible,
        reply_days=answers.reply_days,
        categories=categories,
        timed_roles=_folded(categories_raw.get("timed_roles")),
        external_words=_folded(categories_raw.get("external_words")),
        expense_accounts=tuple(sorted(((str(k), str(v)) for k, v in categories_raw.get("accounts", {}).items()),
                                      key=lambda kv: -len(kv[0]))),
        anact_wordings=_folded(resources.get("anact")),
        anact_generic_wordings=_folded(resources.get("anact_generic")),
        cofinancing_wordings=_folded(resources.get("cofinancing")),
        natures=tuple((k, _folded(v)) for k, v in resources.get("natures", {}).items()),
        partner_sections=_folded(sections.get("partners")),
        budget_sections=_folded(sections.get("budget")),
        organisation_labels=_folded(sections.get("organisation_labels")),
        submission_words=_folded(sections.get("submission_words")),
        title_labels=_folded(sections.get("title_labels")),
        end_labels=_folded(sections.get("end_labels")),
        empty_markers=_folded(raw.get("empty_markers")) + tuple(m for m in raw.get("empty_markers", ()) if not _fold(m)),
        instruction_words=_folded(raw.get("instruction_words")),
        heading_fillers=_folded(raw.get("heading_fillers")),
        total_words=_folded(budget.get("total_words")),
        skip_words=_folded(budget.get("skip_words")),
        expense_headers=_folded(budget.get("expense_headers")),
        resource_headers=_folded(budget.get("resource_headers")),
        neutral_headers=_folded(budget.get("neutral_headers")),
        ignored_columns=_folded(budget.get("ignored_columns")) + ("%",),
        preferred_columns=_folded(budget.get("preferred_columns")),
        quantity_columns=_folded(budget.get("quantity_columns")),
        in_kind_headers=_folded(budget.get("in_kind_headers")),
        unit_price_columns=_folded(budget.get("unit_price_columns")),
        partner_name_headers=_folded(partners.get("name_headers")),
        partner_contribution_headers=_folded(partners.get("contribution_headers")),
        contribution_words=_folded(partners.get("contribution_words")),
        organisation_words=_folded(partners.get("organisation_words")),
        partner_kind_headers=_folded(partners.get("kind_headers")),
        partner_kind_words=_folded(partners.get("kind_words")),
        partner_triggers=_folded(partners.get("triggers")),
        organiser_names=_folded(partners.get("organiser")),
        letter_words=_folded(partners.get("letter_words")),
        partner_role_verbs=_folded(partners.get("role_verbs")),
        partner_task_headers=_folded(partners.get("task_headers")),
        partner_actor_headers=_folded(partners.get("actor_headers")),
        phasage_min_dated_rows=int(phasage.get("min_dated_rows", 2)),
        phasage_step_words=_folded(phasage.get("step_words")),
        mendable_words=_folded(raw.get("mendable_words")),
        mailbox=raw.get("mailbox"),
        selection_date=_as_date(raw.get("selection_date")),
        timezone=str(raw.get("timezone", "Europe/Paris")),
        answers=answers,
        source=str(path),
    )
