"""Security defaults: secrets from the environment or an owner-only file and never in a log or
a file; the archive and the database owner-only.

Elsewhere already, not repeated here:
- IMAP and SMTP verify certificates (ssl and starttls, a self-signed certificate refused, then
  accepted once trusted; STARTTLS never skipped): tests/ingest/test_imap.py::
  test_tls_certificates_are_checked, ::test_starttls_is_never_skipped and
  tests/notify/test_notify_sender.py::test_tls_certificate_is_checked,
  ::test_starttls_is_required_when_configured;
- HTML from mails escaped in the digest: tests/notify/test_notify_digest.py::
  test_digest_html_escapes_mail_content, and end to end in test_robust_hostile.py.
"""
from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest

from config.settings import ConfigError, Settings
from tests.robustness import hostile as h
from tests.robustness.measure import ROOT, cli, clean_env
from tests.servers.smtp import SmtpServer

IMAP_SECRET = "Zq9-imap-secret-4f8c1e"
SMTP_SECRET = "Xk2-smtp-secret-77ab90"


def run(args, env, umask: int = 0o022):
    return subprocess.run(cli() + args, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120,
                          preexec_fn=lambda: os.umask(umask))


def test_a_password_file_readable_by_others_is_refused(tmp_path, monkeypatch):
    secret = tmp_path / "imap-password"
    secret.write_text(IMAP_SECRET + "\n")
    monkeypatch.delenv("FABRIQUE_IMAP_PASSWORD", raising=False)
    monkeypatch.setenv("FABRIQUE_IMAP_PASSWORD_FILE", str(secret))
    settings = Settings(data_dir=tmp_path)
    for mode in (0o644, 0o640, 0o604, 0o660):
        secret.chmod(mode)
        with pytest.raises(ConfigError, match="FABRIQUE_IMAP_PASSWORD_FILE") as err:
            settings.secret("imap_password")
        assert IMAP_SECRET not in str(err.value)
    secret.chmod(0o600)
    assert settings.secret("imap_password") == IMAP_SECRET
    secret.chmod(0o400)
    assert settings.secret("imap_password") == IMAP_SECRET


@pytest.fixture
def secured(dovecot, tmp_path):
    """A mailbox whose password is IMAP_SECRET (given in a 0600 file), and an SMTP server with
    AUTH whose password is SMTP_SECRET (in the environment)."""
    user, _ = dovecot.add_user(f"secu{os.getpid() % 10000}", IMAP_SECRET)
    secret = tmp_path / "imap-password"
    secret.write_text(IMAP_SECRET + "\n")
    secret.chmod(0o600)
    smtp = SmtpServer(users={"fabrique": SMTP_SECRET}).start()
    data = tmp_path / "data"
    env = clean_env(FABRIQUE_DATA_DIR=str(data), FABRIQUE_IMAP_HOST=dovecot.host,
                    FABRIQUE_IMAP_PORT=str(dovecot.port), FABRIQUE_IMAP_USER=user,
                    FABRIQUE_IMAP_PASSWORD_FILE=str(secret), FABRIQUE_IMAP_SECURITY="none",
                    FABRIQUE_SMTP_HOST="127.0.0.1", FABRIQUE_SMTP_PORT=str(smtp.port),
                    FABRIQUE_SMTP_SECURITY="none", FABRIQUE_SMTP_USER="fabrique",
                    FABRIQUE_SMTP_PASSWORD=SMTP_SECRET)
    with dovecot.client(user, IMAP_SECRET) as c:
        for n in range(3):
            c.append("INBOX", bytes(h.mail(f"Candidature projet SECU{n}",
                                           sender=f"Porteur {n} <porteur{n}@secu{n}.example>")))
    yield env, data, smtp, secret
    smtp.stop()


def _leaks(secret: str, texts: list[str], root: Path) -> list[str]:
    found = [f"output {i}" for i, t in enumerate(texts) if secret in t]
    needle = secret.encode()
    for path in root.rglob("*"):
        if path.is_file() and needle in path.read_bytes():
            found.append(str(path))
    return found


def test_passwords_never_reach_the_logs_the_output_or_the_data_dir(secured):
    env, data, smtp, _ = secured
    outputs = []
    poll = run(["poll", "--once"], env)
    outputs += [poll.stdout, poll.stderr]
    assert poll.returncode == 0, poll.stderr
    send = run(["outbox", "send"], env)
    outputs += [send.stdout, send.stderr]
    assert len(smtp.messages) == 3 and {m.login for m in smtp.messages} == {"fabrique"}  # it did log in
    for args in (["status"], ["status", "--json"], ["export", "--format", "json"], ["digest"]):
        res = run(args, env)
        outputs += [res.stdout, res.stderr]
    # and when the servers refuse the passwords, the error says so without repeating them
    wrong = dict(env, FABRIQUE_SMTP_PASSWORD=SMTP_SECRET + "-old", FABRIQUE_IMAP_PASSWORD=IMAP_SECRET + "-old")
    del wrong["FABRIQUE_IMAP_PASSWORD_FILE"]
    bad = run(["poll", "--once"], wrong)
    outputs += [bad.stdout, bad.stderr]
    assert bad.returncode != 0 and ("refusée" in bad.stderr or "refused" in bad.stderr), bad.stderr
    for secret in (IMAP_SECRET, SMTP_SECRET):
        assert _leaks(secret, outputs, data) == [], secret


def test_archive_database_and_outbox_are_owner_only_even_with_an_open_umask(tmp_path):
    data = tmp_path / "data"
    mails = tmp_path / "mails"
    mails.mkdir()
    (mails / "a.eml").write_bytes(bytes(h.mail("Candidature projet MODES")))
    env = clean_env(FABRIQUE_DATA_DIR=str(data))
    res = run(["import", str(mails)], env, umask=0o002)
    assert res.returncode == 0, res.stderr
    files = [p for p in data.rglob("*")]
    assert any(p.suffix == ".eml" and "archive" in p.parts for p in files)
    assert (data / "fabrique.sqlite3").exists() and list((data / "outbox").glob("*.eml"))
    loose = [f"{p.relative_to(data)} {stat.filemode(p.stat().st_mode)}" for p in [data] + files
             if p.stat().st_mode & 0o077]
    assert loose == [], loose
    for p in [data] + files:
        mode = stat.S_IMODE(p.stat().st_mode)
        assert mode == (0o700 if p.is_dir() else 0o600), (p, oct(mode))


def test_the_service_refuses_to_start_on_a_password_file_others_can_read(secured):
    env, data, smtp, secret = secured
    secret.chmod(0o644)
    res = run(["poll", "--once"], env)
    assert res.returncode == 2, (res.returncode, res.stderr)
    assert "FABRIQUE_IMAP_PASSWORD_FILE" in res.stderr and "Traceback" not in res.stderr
    assert IMAP_SECRET not in res.stderr + res.stdout
    assert smtp.messages == []
