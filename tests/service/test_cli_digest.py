"""`digest` and `demo` as staff read them in a terminal: French lines, the period they cover."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from sqlmodel import Session
from typer.testing import CliRunner

from config.settings import Settings
from service.cli import app
from service import jobs
from store.db import make_engine, migrate
from tests.notify.digesthelp import fill

PARIS = ZoneInfo("Europe/Paris")


def plain(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def _store(tmp_path):
    """A data directory whose store holds tests/notify/digesthelp.py's things (10 August 2022)."""
    data = tmp_path / "data"
    settings = Settings(data_dir=data)
    engine = make_engine(settings.db_url)
    migrate(engine)
    with Session(engine) as s:
        fill(s, settings)
        s.commit()
    engine.dispose()
    return data


def run(args, data, **env):
    result = CliRunner().invoke(app, args, env={"FABRIQUE_DATA_DIR": str(data), **env}, catch_exceptions=False)
    return result.exit_code, plain(result.stdout), plain(result.stderr)


def test_digest_prints_the_day_it_covers_and_what_it_did(tmp_path):
    data = _store(tmp_path)
    code, out, _ = run(["digest", "--date", "2022-08-10"], data)
    assert code == 0
    assert out.startswith("[Fabrique CTO] Synthèse du 10 août 2022 : ")
    assert "journée du 10 août 2022" in out and "À TRAITER" in out
    page = tmp_path / "synthese.html"
    code, out, _ = run(["digest", "--date", "2022-08-10", "--output", str(page)], data)
    assert code == 0 and out == f"Synthèse du 10 août 2022 (journée du 10 août 2022) écrite dans {page}.\n"
    assert "À traiter" in page.read_text(encoding="utf-8")
    code, out, _ = run(["digest", "--date", "2022-08-10", "--send"], data, FABRIQUE_DIGEST_TO="equipe@anact.fr")
    assert code == 0
    assert out == (f"Synthèse du 10 août 2022 (journée du 10 août 2022) écrite dans {data / 'outbox'} : aucun "
                   "serveur d’envoi n’est configuré (FABRIQUE_SMTP_HOST).\n")
    code, out, _ = run(["digest", "--date", "2022-08-10", "--send"], data, FABRIQUE_DIGEST_TO="equipe@anact.fr")
    assert code == 0 and "déjà mise en file d’envoi pour cette période" in out


def test_the_demo_digest_covers_the_day_of_the_import():
    started = datetime(2026, 11, 29, 9, 15, tzinfo=timezone.utc)
    start, end = jobs.demo_period(started, started + timedelta(seconds=8), "Europe/Paris")
    assert (start, end) == (datetime(2026, 11, 29, tzinfo=PARIS), datetime(2026, 11, 30, tzinfo=PARIS))
    late = datetime(2026, 11, 29, 22, 59, 50, tzinfo=timezone.utc)  # 23:59:50 in Paris, done past midnight
    start, end = jobs.demo_period(late, late + timedelta(seconds=20), "Europe/Paris")
    assert start == datetime(2026, 11, 29, tzinfo=PARIS) and end == late + timedelta(seconds=20)


def test_demo_speaks_to_staff_in_french(tmp_path):
    code, out, _ = run(["demo", "--data-dir", str(tmp_path / "demo")], tmp_path / "unused")
    assert code == 0, out
    today = datetime.now(PARIS)
    assert re.search(rf"Synthèse du {today.day if today.day > 1 else '1er'} \w+ {today.year} \(journée du ", out), out
    assert "1926" not in out
    assert "FCTO-2022-0001" in out and "demande Anact : " in out and "Messages reçus : 4 (" in out
    for code_word in (" complete ", " incomplete ", ".0 ", "description.", "cofinancement_insuffisant",
                      "auto_reply", "submission"):
        assert code_word not in out, code_word
