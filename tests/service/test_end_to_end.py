"""The whole path on real servers: Dovecot in, the pipeline, aiosmtpd out."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections import Counter

import pytest
from pydantic import SecretStr
from sqlmodel import Session, select

from service.jobs import poll_cycle
from service.runtime import open_runtime
from store.export import export_document
from store.models import Message
from tests.contract import validate
from tests.servers.smtp import SmtpServer
from tests.shared import SAMPLES, need, truth

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.fixture
def smtp():
    server = SmtpServer().start()
    yield server
    server.stop()


def _settings(dovecot, tmp_settings, smtp, **kw):
    user, password = dovecot.add_user()
    return tmp_settings.model_copy(update=dict(
        imap_host=dovecot.host, imap_port=dovecot.port, imap_user=user, imap_password=SecretStr(password),
        smtp_host="127.0.0.1", smtp_port=smtp.port, smtp_security="none", **kw))


def _append(dovecot, settings, raws):
    with dovecot.client(settings.imap_user) as c:
        for raw in raws:
            c.append(settings.imap_folder, raw)


def test_samples_over_imap_get_exactly_the_answers_they_call_for(dovecot, tmp_settings, smtp):
    need(SAMPLES)
    t = truth()
    st = _settings(dovecot, tmp_settings, smtp)
    _append(dovecot, st, [p.read_bytes() for p in sorted((SAMPLES / "mail").glob("*.eml"))])
    rt = open_runtime(st)
    poll_cycle(rt)
    with Session(rt.engine) as s:
        doc = export_document(s, rt.call.name)
    validate(doc)
    assert {m["message_id"] for m in doc["messages"]} == {m["message_id"] for m in t["messages"]}
    expected = Counter()
    for d in t["dossiers"]:
        kinds = ["acknowledgement" if d["status"] == "complete" else "completion_request"] \
            if len(d["messages"]) == 1 else ["completion_request", "completion_acknowledgement"]
        for k in kinds:
            expected[(d["applicant_email"], k)] += 1
    got = Counter()
    for r in smtp.messages:
        m = r.message
        assert m["Auto-Submitted"] == "auto-replied"
        assert m["In-Reply-To"]
        kind = {"acknowledgement": "acknowledgement", "completion_request": "completion_request",
                "completion_acknowledgement": "completion_acknowledgement"}[
            m["Message-ID"].strip("<>").split(".")[1]]
        got[(r.rcpt_tos[0], kind)] += 1
    assert got == expected
    noise = {m["message_id"] for m in t["messages"] if m["dossier_id"] is None}
    assert not [r for r in smtp.messages if r.message["In-Reply-To"] in noise]
    # a second cycle fetches nothing and sends nothing
    before = len(smtp.messages)
    poll_cycle(rt)
    assert len(smtp.messages) == before
    with Session(rt.engine) as s:
        assert len(s.exec(select(Message)).all()) == len(t["messages"])


def _proposal(n: int) -> bytes:
    body = ("Contexte\nLes plateformes numériques transforment le travail des agents.\n\n"
            "Objectifs\nOuvrir le dialogue social sur ces outils.\n\n"
            "Problématique\nComment associer les agents au paramétrage ?\n\n")
    return (f"From: Porteur {n} <porteur{n}@structure{n}.example>\r\nTo: fabrique@anact.fr\r\n"
            f"Subject: Candidature AMI projet {n}\r\nMessage-ID: <push-{n}-{time.time_ns()}@structure.example>\r\n"
            f"Date: Mon, 01 Aug 2022 10:00:00 +0200\r\nMIME-Version: 1.0\r\n"
            f"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{body}").encode()


def test_run_answers_a_new_mail_within_seconds_and_stops_cleanly(dovecot, tmp_settings, smtp):
    from service.scheduler import serve

    st = _settings(dovecot, tmp_settings, smtp, poll_interval=60)
    rt = open_runtime(st)
    stop = threading.Event()
    worker = threading.Thread(target=serve, args=(rt, stop), daemon=True)
    worker.start()
    try:
        time.sleep(1.5)  # the poller is connected and idling
        start = time.monotonic()
        _append(dovecot, st, [_proposal(1)])
        while time.monotonic() - start < 15 and not smtp.messages:
            time.sleep(0.1)
        latency = time.monotonic() - start
        assert smtp.messages, "no answer reached the SMTP server"
        assert latency < 5.0, f"answer after {latency:.1f} s"
        assert smtp.messages[0].rcpt_tos == ("porteur1@structure1.example",)
    finally:
        stop.set()
        worker.join(timeout=30)
    assert not worker.is_alive(), "the service did not stop"


def test_cli_poll_once_then_export(dovecot, tmp_settings, smtp, tmp_path):
    st = _settings(dovecot, tmp_settings, smtp)
    _append(dovecot, st, [_proposal(i) for i in range(3)])
    env = {**os.environ, "FABRIQUE_DATA_DIR": str(st.data_dir), "FABRIQUE_DATABASE_URL": st.db_url,
           "FABRIQUE_IMAP_HOST": st.imap_host, "FABRIQUE_IMAP_PORT": str(st.imap_port),
           "FABRIQUE_IMAP_USER": st.imap_user, "FABRIQUE_IMAP_PASSWORD": st.imap_password.get_secret_value(),
           "FABRIQUE_IMAP_SECURITY": "none", "FABRIQUE_SMTP_HOST": "127.0.0.1",
           "FABRIQUE_SMTP_PORT": str(smtp.port), "FABRIQUE_SMTP_SECURITY": "none"}
    cli = [sys.executable, "-m", "service.cli"]
    for _ in range(2):
        out = subprocess.run(cli + ["poll", "--once"], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert out.returncode == 0, out.stderr
    exp = subprocess.run(cli + ["export", "--format", "json"], env=env, cwd=ROOT, capture_output=True, text=True,
                         timeout=60)
    doc = json.loads(exp.stdout)
    validate(doc)
    assert len(doc["messages"]) == 3 and len(doc["dossiers"]) == 3
    assert len(smtp.messages) == 3
