"""evaluate(): the contract's rules, exactly."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from config.call import load_call
from extract.evaluate import evaluate
from extract.types import Analysis, Budget, BudgetLine, Source

PARIS = ZoneInfo("Europe/Paris")
ON_TIME = datetime(2022, 8, 1, 10, 0, tzinfo=PARIS)
SOURCE = Source("projet.docx", 1, "extrait")


@pytest.fixture(scope="module")
def call():
    return load_call()


def analysis(call, missing=(), budget=None, end=None, flags=()):
    requirements = {key: (None if key in missing else SOURCE) for key in call.requirement_keys}
    return Analysis(requirements=requirements, budget=budget or Budget(), partners=(), project_end=end,
                    document_flags=tuple(flags))


def budget(total, anact, cofinancing=None, categories=("personnel",)):
    lines = tuple(BudgetLine(f"ligne {c}", total / len(categories), c, SOURCE, evidence=c) for c in categories)
    share = None
    if total:
        share = cofinancing / total if cofinancing is not None else (total - anact) / total
    return Budget(lines=lines, total_eur=total, anact_request_eur=anact, cofinancing_eur=cofinancing,
                  cofinancing_share=share)


def test_complete_when_nothing_missing(call):
    evaluation = evaluate(analysis(call, budget=budget(50000, 40000, 10000)), call, ON_TIME)
    assert evaluation.status == "complete" and evaluation.missing == () and evaluation.flags == ()
    assert evaluation.reasons == ()


def test_missing_keys_in_the_calls_order(call):
    evaluation = evaluate(analysis(call, missing=("partenaires.liste", "description.cibles")), call, ON_TIME)
    assert evaluation.status == "incomplete"
    assert evaluation.missing == ("description.cibles", "partenaires.liste")


def test_cap(call):
    assert "plafond_depasse" not in evaluate(analysis(call, budget=budget(100000, 80000, 20000)), call, ON_TIME).flags
    assert "plafond_depasse" in evaluate(analysis(call, budget=budget(120000, 80000.01, 40000)), call, ON_TIME).flags


@pytest.mark.parametrize("total, anact, cofinancing, flagged", [
    (50000, 40000, 10000, False),      # exactly 20 %
    (50000, 41000, 9000, True),        # 18 %
    (43850, 43850, None, True),        # no co-financing stated, Anact = total: 0 %
    (50000, 40000, None, False),       # none stated: what the total leaves beyond the Anact request
    (50000, 42000, None, True),
])
def test_cofinancing_share(call, total, anact, cofinancing, flagged):
    evaluation = evaluate(analysis(call, budget=budget(total, anact, cofinancing)), call, ON_TIME)
    assert ("cofinancement_insuffisant" in evaluation.flags) is flagged


def test_unknown_figures_raise_no_budget_flag(call):
    evaluation = evaluate(analysis(call, budget=Budget()), call, ON_TIME)
    assert evaluation.flags == ()


def test_deadline_is_aware_and_in_paris_time(call):
    deadline = datetime(2022, 8, 23, 23, 59, 59, tzinfo=PARIS)
    assert "hors_delai" not in evaluate(analysis(call), call, deadline).flags
    assert "hors_delai" in evaluate(analysis(call), call, deadline + timedelta(seconds=1)).flags
    # 22:30 UTC on the 23rd is 00:30 in Paris on the 24th: late.
    assert "hors_delai" in evaluate(analysis(call), call, datetime(2022, 8, 23, 22, 30, tzinfo=timezone.utc)).flags
    assert "hors_delai" not in evaluate(analysis(call), call, datetime(2022, 8, 23, 21, 30, tzinfo=timezone.utc)).flags


@pytest.mark.parametrize("end, flagged", [
    (date(2023, 11, 30), False), (date(2023, 12, 31), False), (date(2024, 1, 31), True), (date(2024, 4, 30), True),
    (None, False),
])
def test_end_after_the_calls_end(call, end, flagged):
    assert ("fin_apres_echeance" in evaluate(analysis(call, end=end), call, ON_TIME).flags) is flagged


def test_ineligible_expense(call):
    b = budget(50000, 40000, 10000, categories=("personnel", "autres"))
    evaluation = evaluate(analysis(call, budget=b), call, ON_TIME)
    assert "depense_non_eligible" in evaluation.flags
    assert "ligne autres" in evaluation.reasons[evaluation.flags.index("depense_non_eligible")]


def test_an_unrecognised_line_is_not_called_ineligible(call):
    """Flags on evidence only: a line no wording places in a category is not ineligible."""
    unknown = BudgetLine("Poste divers non précisé", 5000.0, "autres", SOURCE, evidence=None)
    b = Budget(lines=(unknown,), total_eur=5000.0, anact_request_eur=4000.0, cofinancing_share=0.2)
    assert "depense_non_eligible" not in evaluate(analysis(call, budget=b), call, ON_TIME).flags
    named = BudgetLine("Achat d'un vidéoprojecteur", 5000.0, "autres", SOURCE, evidence="achat de materiel")
    b = Budget(lines=(named,), total_eur=5000.0, anact_request_eur=4000.0, cofinancing_share=0.2)
    evaluation = evaluate(analysis(call, budget=b), call, ON_TIME)
    reason = evaluation.reasons[evaluation.flags.index("depense_non_eligible")]
    assert "« Achat d'un vidéoprojecteur »" in reason and "achat de materiel" in reason


def test_document_flags_and_one_reason_per_flag(call):
    a = analysis(call, budget=budget(50000, 90000, None), end=date(2024, 2, 29),
                 flags=("document_illisible", "piece_jointe_protegee", "piece_jointe_non_supportee"))
    evaluation = evaluate(a, call, datetime(2022, 9, 1, tzinfo=PARIS))
    assert set(evaluation.flags) == {"plafond_depasse", "cofinancement_insuffisant", "hors_delai", "fin_apres_echeance",
                                     "document_illisible", "piece_jointe_protegee", "piece_jointe_non_supportee"}
    assert len(evaluation.reasons) == len(evaluation.flags)
    assert all(reason.endswith(".") and reason[0].isupper() for reason in evaluation.reasons)
    # Flags never make a dossier incomplete.
    assert evaluation.status == "complete"
