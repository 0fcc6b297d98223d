"""The console script as operators and staff scripts use it (../shared/spec/cli.md)."""
from __future__ import annotations

import json
import mailbox
import os
import signal
import subprocess
import sys
import time
from email.message import EmailMessage
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def cli(args, env_extra=None, data=None, timeout=120):
    env = {k: v for k, v in os.environ.items() if not k.startswith("FABRIQUE_")}
    if data is not None:
        env["FABRIQUE_DATA_DIR"] = str(data)
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "service.cli", *args], env=env, cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout)


def msg(n: int, subject="Question sur l'appel") -> EmailMessage:
    m = EmailMessage()
    m["From"], m["To"], m["Subject"] = f"Personne {n} <p{n}@exemple.fr>", "fabrique@anact.fr", subject
    m["Message-ID"], m["Date"] = f"<cli-{n}@exemple.fr>", "Mon, 01 Aug 2022 10:00:00 +0200"
    m.set_content("Bonjour, une question : les frais de structure sont-ils éligibles ?")
    return m


def test_bad_setting_exits_2_with_one_line_naming_it(tmp_path):
    out = cli(["status"], {"FABRIQUE_POLL_INTERVAL": "souvent"}, tmp_path)
    assert out.returncode == 2
    assert "FABRIQUE_POLL_INTERVAL" in out.stderr and "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1


def test_unknown_call_exits_2(tmp_path):
    out = cli(["status"], {"FABRIQUE_CALL": "appel-inexistant"}, tmp_path)
    assert out.returncode == 2 and "FABRIQUE_CALL" in out.stderr and "Traceback" not in out.stderr


def test_poll_without_mailbox_exits_2(tmp_path):
    out = cli(["poll", "--once"], data=tmp_path)
    assert out.returncode == 2 and "FABRIQUE_IMAP_HOST" in out.stderr


def test_import_reads_eml_mbox_and_maildir_and_export_formats(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "un message sans extension").write_bytes(bytes(msg(1)))
    box = mailbox.mbox(str(src / "archive.mbox"))
    box.add(msg(2))
    box.add(msg(3))
    box.flush()
    md = mailbox.Maildir(str(src / "Maildir"))
    md.add(msg(4))
    data = tmp_path / "data"
    out = cli(["import", str(src / "un message sans extension"), str(src / "archive.mbox"), str(src / "Maildir")],
              data=data)
    assert out.returncode == 0, out.stderr
    doc = json.loads(cli(["export", "--format", "json"], data=data).stdout)
    assert sorted(m["message_id"] for m in doc["messages"]) == [f"<cli-{n}@exemple.fr>" for n in range(1, 5)]
    assert all(m["classification"] == "correspondence" for m in doc["messages"])
    assert cli(["export", "--format", "csv", "--output", str(tmp_path / "e.csv")], data=data).returncode == 0
    assert cli(["export", "--format", "xlsx", "--output", str(tmp_path / "e.xlsx")], data=data).returncode == 0
    assert (tmp_path / "e.csv").stat().st_size > 0 and (tmp_path / "e.xlsx").stat().st_size > 0
    out = cli(["digest", "--date", "2026-11-29", "--output", str(tmp_path / "d.html")], data=data)
    assert out.returncode == 0, out.stderr
    assert "<html" in (tmp_path / "d.html").read_text(encoding="utf-8").lower()
    assert cli(["export", "--format", "pdf"], data=data).returncode == 2


def test_import_of_a_missing_file_is_a_failure_but_goes_on(tmp_path):
    src = tmp_path / "m.eml"
    src.write_bytes(bytes(msg(1)))
    out = cli(["import", str(tmp_path / "absent.eml"), str(src)], data=tmp_path / "data")
    assert out.returncode == 1
    doc = json.loads(cli(["export"], data=tmp_path / "data").stdout)
    assert len(doc["messages"]) == 1


def test_run_stops_cleanly_on_sigterm(dovecot, tmp_path):
    user, password = dovecot.add_user()
    env = {k: v for k, v in os.environ.items() if not k.startswith("FABRIQUE_")}
    env.update(FABRIQUE_DATA_DIR=str(tmp_path), FABRIQUE_IMAP_HOST=dovecot.host,
               FABRIQUE_IMAP_PORT=str(dovecot.port), FABRIQUE_IMAP_USER=user, FABRIQUE_IMAP_PASSWORD=password,
               FABRIQUE_IMAP_SECURITY="none")
    proc = subprocess.Popen([sys.executable, "-m", "service.cli", "run"], env=env, cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        time.sleep(3)
        assert proc.poll() is None, proc.stderr.read()
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    err = proc.stderr.read()
    assert code == 0, err
    assert password not in err
    assert "service arrêté" in err


def test_demo_prints_dossiers_in_words_not_keys(tmp_path):
    import re

    out = cli(["demo", "--data-dir", str(tmp_path / "demo")])
    assert out.returncode == 0, out.stderr
    lines = [line.strip() for line in out.stdout.splitlines()]
    heads = [line for line in lines if line.startswith("FCTO-")]
    assert heads and all(re.search(r"\b(in)?complet\b", line) for line in heads), heads
    text = out.stdout
    assert re.search(r"\b\d{1,3}(\s\d{3})*\s€", text), "an amount in words"
    assert not re.search(r"\b\d+\.\d+\b", text), "a Python float"
    assert not re.search(r"\b(description|budget|partenaires)\.[a-z_]+", text), "a requirement key"
    for key in ("complete ", "incomplete", "cofinancement_insuffisant", "plafond_depasse", "submission",
                "auto_reply", "correspondence", "None"):
        assert key not in text, key
