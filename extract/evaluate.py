"""The call's rules applied to an Analysis: missing keys, status, flags and their reasons."""
from __future__ import annotations

from datetime import datetime

from .types import Analysis, Evaluation

FLAG_ORDER = (
    "plafond_depasse", "cofinancement_insuffisant", "hors_delai", "fin_apres_echeance", "depense_non_eligible",
    "document_illisible", "piece_jointe_protegee", "piece_jointe_non_supportee",
)


def _euros(amount: float) -> str:
    return f"{amount:,.0f}".replace(",", "\u202f") + " €"


def evaluate(analysis: Analysis, call, first_received_at: datetime) -> Evaluation:
    missing = tuple(key for key in call.requirement_keys if analysis.requirements.get(key) is None)
    flags: list[str] = []
    reasons: dict[str, str] = {}
    budget = analysis.budget

    if budget.anact_request_eur is not None and budget.anact_request_eur > call.cap_eur:
        flags.append("plafond_depasse")
        reasons["plafond_depasse"] = (
            f"Le montant demandé à l'Anact ({_euros(budget.anact_request_eur)}) dépasse le plafond de l'appel "
            f"({_euros(call.cap_eur)} net de taxe)."
        )

    share = budget.cofinancing_share
    if share is None and budget.total_eur and budget.anact_request_eur is not None:
        share = max(budget.total_eur - budget.anact_request_eur, 0.0) / budget.total_eur
    if share is not None and share < call.min_cofinancing_share - 1e-9:
        flags.append("cofinancement_insuffisant")
        reasons["cofinancement_insuffisant"] = (
            f"Le co-financement représente {share * 100:.1f} % du coût total du projet, en deçà des "
            f"{call.min_cofinancing_share * 100:.0f} % attendus."
        ).replace(".0 %", " %")

    received = first_received_at
    if received.tzinfo is None:
        received = received.replace(tzinfo=call.deadline.tzinfo)
    if received > call.deadline:
        flags.append("hors_delai")
        reasons["hors_delai"] = (
            f"La candidature a été reçue le {received.astimezone(call.deadline.tzinfo):%d/%m/%Y à %H:%M}, "
            f"après la date limite du {call.deadline:%d/%m/%Y à %H:%M}."
        )

    end = analysis.project_end
    limit = call.project_end_limit
    # A month-precision end ("novembre 2023" -> its last day) is compared by month.
    if end is not None and (end.year, end.month) > (limit.year, limit.month):
        flags.append("fin_apres_echeance")
        reasons["fin_apres_echeance"] = (
            f"Le projet s'achève le {end:%d/%m/%Y}, après l'échéance de l'appel fixée au {limit:%d/%m/%Y}."
        )

    # On evidence only: a line whose own words (or its group's heading) name a kind of spending
    # outside the eligible ones; a line nothing recognises is not called ineligible.
    ineligible = [line for line in budget.lines
                  if line.category not in call.eligible_categories and line.evidence is not None]
    if ineligible:
        flags.append("depense_non_eligible")
        labels = ", ".join(f"« {line.label} » ({_euros(line.amount_eur)}, {line.evidence})" for line in ineligible[:3])
        reasons["depense_non_eligible"] = (
            f"Le budget comporte une dépense hors des catégories éligibles (personnel, déplacements et logistique, "
            f"prestations) : {labels}."
        )

    document_reasons = {
        "document_illisible": "Une pièce jointe n'a pas de texte lisible (scan ou image) : merci de la vérifier à l'œil.",
        "piece_jointe_protegee": "Une pièce jointe est protégée par un mot de passe et n'a pas pu être lue.",
        "piece_jointe_non_supportee": "Une pièce jointe est dans un format qui ne peut pas être lu automatiquement.",
    }
    for flag in analysis.document_flags:
        if flag not in flags:
            flags.append(flag)
            reasons[flag] = document_reasons.get(flag, f"Signalement : {flag}.")

    ordered = tuple(sorted(flags, key=lambda f: FLAG_ORDER.index(f) if f in FLAG_ORDER else len(FLAG_ORDER)))
    return Evaluation(
        status="complete" if not missing else "incomplete",
        missing=missing,
        flags=ordered,
        reasons=tuple(reasons[f] for f in ordered),
    )
