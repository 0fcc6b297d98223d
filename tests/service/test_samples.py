"""The development samples end to end through `import`: classification, dossiers, figures, answers."""
from __future__ import annotations

import email
import email.policy
import unicodedata

import pytest
from sqlmodel import Session, select

from service.jobs import import_paths
from service.runtime import open_runtime
from store.export import export_document
from store.models import Outbox
from tests.contract import validate
from tests.shared import SAMPLES, need, truth


def norm(s: str) -> str:
    s = unicodedata.normalize("NFKD", s or "")
    return " ".join("".join(c for c in s if not unicodedata.combining(c)).lower().replace("’", "'").split())


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    need(SAMPLES)
    from config.settings import Settings

    data = tmp_path_factory.mktemp("samples")
    rt = open_runtime(Settings(data_dir=data, database_url=f"sqlite:///{data / 'db.sqlite3'}"))
    report = import_paths(rt, [SAMPLES / "mail"])
    with Session(rt.engine) as s:
        doc = export_document(s, rt.call.name)
        outbox = s.exec(select(Outbox)).all()
    return rt, report, doc, outbox


def test_every_message_recorded_and_export_valid(imported):
    rt, report, doc, _ = imported
    validate(doc)
    t = truth()
    assert report.unrecorded == 0
    assert len(doc["messages"]) == len(t["messages"])
    by_id = {m["message_id"]: m for m in doc["messages"]}
    for m in t["messages"]:
        got = by_id[m["message_id"]]
        assert got["classification"] in m.get("accept", [m["classification"]]), m["file"]


def _dossier_for(doc, truth_dossier):
    for d in doc["dossiers"]:
        if set(truth_dossier["messages"]) <= set(d["messages"]):
            return d
    raise AssertionError(f"{truth_dossier['id']}: no dossier holds {truth_dossier['messages']}")


def test_dossiers_match_truth(imported):
    _, _, doc, _ = imported
    t = truth()
    assert len(doc["dossiers"]) == len(t["dossiers"])
    problems = []
    for td in t["dossiers"]:
        d = _dossier_for(doc, td)
        b, tb = d["budget"], td["budget"]
        checks = {
            "status": (d["status"], td["status"]),
            "missing": (sorted(d["missing"]), sorted(td["missing"])),
            "total": (b["total_eur"], tb["total_eur"]),
            "anact": (b["anact_request_eur"], tb["anact_request_eur"]),
            "cofinancing": (b["cofinancing_eur"], tb["cofinancing_eur"]),
            "partners": (sorted(norm(p["name"]) for p in d["partners"]), sorted(norm(p) for p in td["partners"])),
            "flags": (sorted(set(d["flags"]) - set(td["optional_flags"])), sorted(td["flags"])),
        }
        for what, (got, want) in checks.items():
            if got != want:
                problems.append(f"{td['id']} {what}: got {got!r}, want {want!r}")
    assert not problems, "\n".join(problems)


def test_one_answer_per_dossier_state(imported):
    rt, _, doc, outbox = imported
    t = truth()
    answers = [o for o in outbox if o.kind != "digest"]
    for td in t["dossiers"]:
        d = _dossier_for(doc, td)
        kinds = [n["kind"] for n in d["notifications"]]
        assert all(n["to"] == td["applicant_email"] for n in d["notifications"])
        if len(td["messages"]) == 1:
            want = "acknowledgement" if td["status"] == "complete" else "completion_request"
            assert kinds == [want], td["id"]
        else:
            assert kinds[-1] == ("completion_acknowledgement" if td["status"] == "complete"
                                 else "completion_request"), td["id"]
            assert len(kinds) == len(set(kinds)), td["id"]
    noise = {m["message_id"] for m in t["messages"] if m["dossier_id"] is None}
    for o in answers:
        msg = email.message_from_bytes(o.raw, policy=email.policy.default)
        assert msg["In-Reply-To"] not in noise
        assert msg["Auto-Submitted"] == "auto-replied"
        assert o.status == "written"


def test_reimport_sends_nothing(imported):
    rt, _, _, outbox = imported
    again = import_paths(rt, [SAMPLES / "mail"])
    assert again.new == 0 and again.duplicates == again.read
    with Session(rt.engine) as s:
        assert len(s.exec(select(Outbox)).all()) == len(outbox)


def test_reprocess_sends_nothing(imported):
    from service.pipeline import reprocess

    rt, _, doc, outbox = imported
    reprocess(rt, None)
    with Session(rt.engine) as s:
        assert len(s.exec(select(Outbox)).all()) == len(outbox)
        again = export_document(s, rt.call.name)
    assert [(d["reference"], d["status"], d["missing"]) for d in again["dossiers"]] == \
           [(d["reference"], d["status"], d["missing"]) for d in doc["dossiers"]]
