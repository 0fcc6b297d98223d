"""What the two blind sets (tests/extract/blind, tests/extract/blind2) share: a set generated into a
temporary directory, imported as if it had arrived by IMAP, exported, and scored by the shared
corpus's score.py. Each set's test module gives its generator and its thresholds."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest
from sqlmodel import Session

from config.settings import Settings
from service.jobs import import_paths
from service.runtime import open_runtime
from store.export import export_document
from tests.shared import SHARED

SCORER = SHARED / "corpus" / "proposals" / "score.py"


def generated_set(build: Callable[..., dict], out: Path, label: str) -> dict:
    """The set built by `build`, imported and exported (SQLite, no answer sent)."""
    truth = build(out / "set", work=out / "work")
    if truth["skipped"]:
        print(f"\n{label}: LibreOffice absent, dossiers left out: {', '.join(truth['skipped'])}")
    data = out / "data"
    data.mkdir()
    rt = open_runtime(Settings(data_dir=data, database_url=f"sqlite:///{data / 'db.sqlite3'}"))
    try:
        report = import_paths(rt, [out / "set" / "mail"], send=False)
        with Session(rt.engine) as s:
            document = export_document(s, rt.call.name, rt.call.timezone)
    finally:
        rt.engine.dispose()
    export = out / "export.json"
    export.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return {"truth": truth, "truth_path": out / "set" / "truth.json", "report": report, "export": export,
            "document": document}


def recorded_every_mail(generated: dict) -> None:
    rep = generated["report"]
    assert rep.unrecorded == 0 and rep.failed == 0, rep
    recorded = {m["message_id"].strip("<>").lower() for m in generated["document"]["messages"]}
    expected = {m["message_id"].strip("<>").lower() for m in generated["truth"]["messages"]}
    assert expected <= recorded, sorted(expected - recorded)


def scored(generated: dict, label: str) -> dict:
    """score.py's figures for the set (its worst dossiers printed, seen with `pytest -s`)."""
    if not SCORER.exists():
        pytest.skip(f"{SCORER} absent : le barème vit dans le dossier partagé ../shared, présent en CI")
    args = [sys.executable, str(SCORER), str(generated["truth_path"]), str(generated["export"])]
    report = subprocess.run(args + ["--worst", "10"], capture_output=True, text=True, timeout=300, check=True)
    figures = json.loads(subprocess.run(args + ["--json"], capture_output=True, text=True, timeout=300,
                                        check=True).stdout)
    print(f"\n=== {label} ===")
    print(report.stdout)
    assert "error" not in figures, figures
    return figures


def below(figures: dict, floors: dict[str, float]) -> dict[str, float]:
    """The metrics under their floor (empty when the set reads as well as it did)."""
    return {k: round(figures[k], 3) for k, floor in floors.items() if figures[k] < floor}
