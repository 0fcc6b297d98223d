"""The product on the second blind set: proposals written without reading the readers (see
README.md), generated into a temporary directory, imported as if they had arrived by IMAP,
exported, and scored by the shared corpus's score.py.

Only the recording is asserted (every mail recorded, none failed); the figures are printed
(`pytest -s`), the thresholds being the team lead's to set."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from sqlmodel import Session

from config.settings import Settings
from service.jobs import import_paths
from service.runtime import open_runtime
from store.export import export_document
from tests.shared import SHARED

from .generate import build
from .office import soffice

SCORER = SHARED / "corpus" / "proposals" / "score.py"
pytestmark = pytest.mark.blind2


@pytest.fixture(scope="module")
def blind2(tmp_path_factory):
    out = tmp_path_factory.mktemp("blind2")
    truth = build(out / "set", work=out / "work")
    if truth["skipped"]:
        print(f"\nblind2 set: LibreOffice absent, dossiers left out: {', '.join(truth['skipped'])}")
    data = out / "data"
    data.mkdir()
    rt = open_runtime(Settings(data_dir=data, database_url=f"sqlite:///{data / 'db.sqlite3'}"))
    report = import_paths(rt, [out / "set" / "mail"], send=False)
    with Session(rt.engine) as s:
        document = export_document(s, rt.call.name, rt.call.timezone)
    export = out / "export.json"
    export.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return {"truth": truth, "truth_path": out / "set" / "truth.json", "report": report, "export": export,
            "document": document}


def test_set_is_broad(blind2):
    t = blind2["truth"]
    if not soffice():
        pytest.skip("soffice absent: the set lacks its LibreOffice documents")
    assert len(t["dossiers"]) >= 40 and len(t["messages"]) >= 55
    assert {d["status"] for d in t["dossiers"]} == {"complete", "incomplete"}
    assert len({d["meta"]["desc_format"] for d in t["dossiers"]}) >= 25
    assert len({d["meta"]["client"] for d in t["dossiers"]}) >= 14


def test_every_mail_is_recorded(blind2):
    rep = blind2["report"]
    assert rep.unrecorded == 0 and rep.failed == 0, rep
    recorded = {m["message_id"].strip("<>").lower() for m in blind2["document"]["messages"]}
    expected = {m["message_id"].strip("<>").lower() for m in blind2["truth"]["messages"]}
    assert expected <= recorded, sorted(expected - recorded)


def test_blind2_scores_are_reported(blind2):
    if not SCORER.exists():
        pytest.skip(f"{SCORER} absent : le barème vit dans le dossier partagé ../shared, présent en CI")
    args = [sys.executable, str(SCORER), str(blind2["truth_path"]), str(blind2["export"])]
    report = subprocess.run(args + ["--worst", "10"], capture_output=True, text=True, timeout=300, check=True)
    figures = json.loads(subprocess.run(args + ["--json"], capture_output=True, text=True, timeout=300,
                                        check=True).stdout)
    print("\n=== second blind set (tests/extract/blind2) ===")
    print(report.stdout)
    assert "error" not in figures, figures
