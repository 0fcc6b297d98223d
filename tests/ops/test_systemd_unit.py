"""docs/fabrique-intake.service: the unit the README installs."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

UNIT = Path(__file__).resolve().parents[2] / "docs" / "fabrique-intake.service"


def directives() -> dict[str, dict[str, list[str]]]:
    sections: dict[str, dict[str, list[str]]] = {}
    current = None
    for line in UNIT.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            current = sections.setdefault(line.strip("[]"), {})
            continue
        key, _, value = line.partition("=")
        current.setdefault(key, []).append(value)
    return sections


def test_the_unit_runs_the_service_as_operations_expect():
    service = directives()["Service"]
    expected = {
        "Type": "simple", "User": "fabrique", "EnvironmentFile": "/etc/fabrique-intake/env",
        "ExecStart": "/opt/fabrique-intake/bin/fabrique-intake run", "Restart": "on-failure", "RestartSec": "30",
        "KillSignal": "SIGTERM", "TimeoutStopSec": "90", "NoNewPrivileges": "yes", "ProtectSystem": "strict",
        "ReadWritePaths": "/var/lib/fabrique-intake", "PrivateTmp": "yes", "UMask": "0077",
        "RestartPreventExitStatus": "2",  # a configuration error (exit 2) is not restarted every 30 s
    }
    assert {k: service.get(k, [None])[-1] for k in expected} == expected
    assert directives()["Install"]["WantedBy"] == ["multi-user.target"]


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze absent")
def test_systemd_accepts_the_unit(tmp_path):
    # verify checks that ExecStart exists: point it at a binary this machine has
    text = UNIT.read_text().replace("/opt/fabrique-intake/bin/fabrique-intake run", "/bin/true")
    copy = tmp_path / "fabrique-intake.service"
    copy.write_text(text)
    done = subprocess.run(["systemd-analyze", "verify", str(copy)], capture_output=True, text=True, timeout=60)
    problems = [line for line in done.stderr.splitlines() if "fabrique-intake.service" in line]
    assert done.returncode == 0 and not problems, done.stderr
