"""analyse(): everything the documents of one dossier say, for the call's requirements."""
from __future__ import annotations

from collections.abc import Sequence

from .budget import dossier_budget, read_budget
from .facts import acronym_of, organisation_of, project_end_of, title_of
from .find_requirements import description_sources
from .partners import contributions_stated, dossier_partners
from .types import Analysis, Document, Source

_STATUS_FLAGS = {
    "unreadable": "document_illisible",
    "error": "document_illisible",
    "encrypted": "piece_jointe_protegee",
    "unsupported": "piece_jointe_non_supportee",
}


def analyse(documents: Sequence[Document], call) -> Analysis:
    """Documents in arrival order (bodies and attachments of every message of the dossier)."""
    documents = list(documents)
    requirements: dict[str, Source | None] = {key: None for key in call.requirement_keys}
    how: dict[str, str] = {}
    requirements.update({k: v for k, v in description_sources(documents, call, how).items() if k in requirements})

    budget = dossier_budget([read_budget(d, call) for d in documents])
    for category in ("personnel", "deplacements_logistique", "prestations"):
        key = f"budget.{category}"
        if key in requirements:
            line = next((l for l in budget.lines if l.category == category and l.amount_eur > 0), None)
            requirements[key] = line.source if line else None
    if "budget.cofinancements" in requirements:
        resource = next((r for r in budget.resources if r.kind == "cofinancement" and r.amount_eur > 0), None)
        requirements["budget.cofinancements"] = resource.source if resource else None

    organisation = organisation_of(documents, call)
    partners = dossier_partners(documents, call, organisation)
    if "partenaires.liste" in requirements:
        requirements["partenaires.liste"] = partners[0].source if partners else None
    if "partenaires.contributions" in requirements:
        with_contribution = next((p for p in partners if p.contribution), None)
        requirements["partenaires.contributions"] = (
            with_contribution.source if with_contribution and contributions_stated(partners) else None
        )

    flags: list[str] = []
    for document in documents:
        flag = _STATUS_FLAGS.get(document.status)
        if document.ocr:
            flag = "document_illisible"
        if flag and flag not in flags:
            flags.append(flag)
    unread = _unread(documents)

    return Analysis(
        requirements=requirements,
        budget=budget,
        partners=tuple(partners),
        project_title=title_of(documents, call),
        acronym=acronym_of(documents, call),
        organisation=organisation,
        project_end=project_end_of(documents, call),
        document_flags=tuple(flags),
        confidence=_confidence(requirements, how, documents, unread),
        unread=unread,
    )


def _unread(documents: list[Document]) -> tuple[str, ...]:
    """The attachments that could not be read whole (or only by OCR), except those the applicant
    sent again, under the same name, readable ("Budget.pdf" protected, then "Budget.pdf" without
    its password): they say nothing missing is hidden any more."""
    readable = {d.name.lower() for d in documents if d.name and d.status == "ok" and not d.ocr}
    return tuple(dict.fromkeys(d.name or "corps du message" for d in documents
                               if (d.status != "ok" or d.ocr) and (d.name or "").lower() not in readable))


def _confidence(requirements: dict[str, Source | None], how: dict[str, str], documents: list[Document],
                unread: tuple[str, ...]) -> dict[str, str]:
    """Doubt said, not guessed: what a completion request may name (sure) and what staff check."""
    ocr = {d.name for d in documents if d.ocr}
    result = {}
    for key, source in requirements.items():
        if source is None:
            result[key] = "unsure" if unread else "sure"
        elif how.get(key) == "content" or source.attachment in ocr:
            result[key] = "probable"
        else:
            result[key] = "sure"
    return result
