"""The product as a whole on proposals it never saw being written: ../shared/corpus/proposals
(80 dossiers, 105 mails written independently of the project) imported as if they had arrived by
IMAP, exported, and scored by the corpus's own score.py against its truth.json.

The thresholds are the reading issue's: below any of them the product would answer applicants
wrongly often enough to matter, and this test fails."""
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
from tests.shared import SHARED, need

PROPOSALS = SHARED / "corpus" / "proposals"
TARGETS = {"status_acc": 0.97, "req_f1": 0.97, "budget_exact": 0.95, "partners_recall": 0.95, "flags_f1": 0.9,
           "classification": 0.98, "grouping": 0.95}


@pytest.fixture(scope="module")
def scores(tmp_path_factory):
    root = need(PROPOSALS)
    data = tmp_path_factory.mktemp("proposals")
    rt = open_runtime(Settings(data_dir=data, database_url=f"sqlite:///{data / 'db.sqlite3'}"))
    report = import_paths(rt, [root / "mail"], send=False)
    assert report.unrecorded == 0 and report.failed == 0
    export = data / "export.json"
    with Session(rt.engine) as s:
        document = export_document(s, rt.call.name, rt.call.timezone)
    export.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    done = subprocess.run([sys.executable, str(root / "score.py"), str(root / "truth.json"), str(export), "--json"],
                          capture_output=True, text=True, timeout=300, check=True)
    figures = json.loads(done.stdout)
    print("\n=== ../shared/corpus/proposals ===\n" + ", ".join(
        f"{k} {v:.3f}" for k, v in figures.items() if isinstance(v, (int, float))))
    return figures


@pytest.mark.parametrize("metric", sorted(TARGETS))
def test_independent_proposals_are_read_right(scores, metric):
    assert scores[metric] >= TARGETS[metric], (
        f"{metric} = {scores[metric]:.3f} < {TARGETS[metric]} ; détails : {json.dumps(scores['details'])[:1500]}")
