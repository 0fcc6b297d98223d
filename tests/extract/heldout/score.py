"""Score the extraction on the held-out set: requirement F1, budget exactness, partner recall,
decision accuracy.   python3 tests/extract/heldout/score.py [-v]"""
from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
for p in (HERE.parents[2], HERE.parent):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

from config.call import load_call  # noqa: E402
from extract.evaluate import evaluate  # noqa: E402
from extract.find import analyse  # noqa: E402
from extract.textutil import fold  # noqa: E402

import extracthelp  # noqa: E402
from heldout.cases import build_cases  # noqa: E402

TARGETS = {"requirement_f1": 0.95, "budget_exact": 0.95, "partner_recall": 0.9, "decision_accuracy": 0.95}


def documents_of(raw: bytes):
    return extracthelp.documents_of(raw)[1]


def _same(a, b) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and abs(a - b) <= 0.5)


def _name_found(expected: str, found: list[str]) -> bool:
    e = fold(expected)
    return any(e == f or (len(f) >= 3 and (e in f or f in e)) for f in map(fold, found))


def score(cases=None, verbose: bool = False) -> dict:
    call = load_call()
    cases = cases if cases is not None else build_cases()
    tp = fp = fn = 0  # on "missing" (the decision that matters: what to ask the applicant for)
    ptp = pfp = pfn = 0  # on "present"
    figures = exact = 0
    partners_expected = partners_found = 0
    decisions = correct = 0
    flags_ok = 0
    details = []
    for case in cases:
        documents = []
        for _, raw in case.messages:
            documents += documents_of(raw)
        analysis = analyse(documents, call)
        evaluation = evaluate(analysis, call, case.messages[0][0])
        got, want = set(evaluation.missing), set(case.missing)
        tp += len(got & want)
        fp += len(got - want)
        fn += len(want - got)
        keys = set(call.requirement_keys)
        ptp += len((keys - got) & (keys - want))
        pfp += len((keys - got) - (keys - want))
        pfn += len((keys - want) - (keys - got))
        problems = []
        if got != want:
            problems.append(f"missing +{sorted(got - want)} -{sorted(want - got)}")
        b = analysis.budget
        for name, g, w in (("total", b.total_eur, case.total), ("anact", b.anact_request_eur, case.anact),
                           ("cofin", b.cofinancing_eur, case.cofinancing)):
            figures += 1
            if _same(g, w):
                exact += 1
            else:
                problems.append(f"{name} {g} != {w}")
        names = [p.name for p in analysis.partners]
        for name in case.partners:
            partners_expected += 1
            if _name_found(name, names):
                partners_found += 1
            else:
                problems.append(f"partner {name!r} not in {names}")
        decisions += 1
        correct += evaluation.status == case.status
        if set(evaluation.flags) == set(case.flags):
            flags_ok += 1
        else:
            problems.append(f"flags {sorted(evaluation.flags)} != {sorted(case.flags)}")
        if problems:
            details.append((case.id, case.spec.fmt, problems))
    f1 = 2 * tp / (2 * tp + fp + fn) if (tp + fp + fn) else 1.0
    pf1 = 2 * ptp / (2 * ptp + pfp + pfn) if (ptp + pfp + pfn) else 1.0
    result = {
        "cases": len(cases),
        "requirement_f1": round(min(f1, pf1), 4),
        "requirement_f1_missing": round(f1, 4),
        "requirement_f1_present": round(pf1, 4),
        "budget_exact": round(exact / figures, 4) if figures else 1.0,
        "partner_recall": round(partners_found / partners_expected, 4) if partners_expected else 1.0,
        "decision_accuracy": round(correct / decisions, 4),
        "flags_exact": round(flags_ok / decisions, 4),
    }
    if verbose:
        for case_id, fmt, problems in details:
            print(f"{case_id} [{fmt}]")
            for p in problems:
                print("    " + p)
    return result


if __name__ == "__main__":
    result = score(verbose="-v" in sys.argv)
    for key, value in result.items():
        target = TARGETS.get(key)
        print(f"{key:24} {value}" + (f"   (target >= {target})" if target else ""))
