"""Files the service writes (store.archive.write_atomic, the one writer): owner-only whatever the
umask, through a temporary of unpredictable name created with O_EXCL|O_NOFOLLOW, renamed, and never
through a symbolic link; `digest --output` and `export --output` refuse a link at the output path."""
from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from service.cli import app
from store.archive import SymlinkRefused, write_atomic, write_blob

OUTPUTS = {  # command line, and how to tell its file was written
    "digest": (["digest", "--output"], lambda b: b"<html" in b.lower()),
    "json": (["export", "--format", "json", "--output"], lambda b: "dossiers" in json.loads(b)),
    "csv": (["export", "--format", "csv", "--output"], lambda b: b.startswith("\ufeff".encode())),
    "xlsx": (["export", "--format", "xlsx", "--output"], lambda b: b.startswith(b"PK")),
}


@pytest.fixture
def umask():
    """Set the process umask for the test; restored afterwards."""
    saved = os.umask(0o022)
    os.umask(saved)
    yield os.umask
    os.umask(saved)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


# --- the writer --------------------------------------------------------------------------

def test_the_temporary_is_created_exclusively_without_following_links_under_a_fresh_name(tmp_path, monkeypatch):
    target = tmp_path / "rapport.json"
    opened: list[tuple[str, int]] = []
    real_open = os.open

    def spy(path, flags, *args, **kwargs):
        opened.append((os.fspath(path), flags))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", spy)
    for n in range(3):
        write_atomic(target, f"version {n}".encode())
    monkeypatch.undo()
    creations = [(p, f) for p, f in opened if f & os.O_CREAT]
    assert len(creations) == 3, opened
    for path, flags in creations:
        assert Path(path).parent == tmp_path and Path(path).name.startswith(".")
        assert flags & os.O_EXCL and flags & os.O_NOFOLLOW, (path, oct(flags))
    names = {Path(p).name for p, _ in creations}
    assert len(names) == 3, names  # a new name each time
    assert not [n for n in names if str(os.getpid()) in n]  # nothing another local user can work out
    assert target.read_bytes() == b"version 2"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rapport.json"]  # no temporary left behind


def test_links_planted_at_predictable_temporary_names_redirect_nothing(tmp_path):
    victim = tmp_path / "elsewhere" / "victim.txt"
    victim.parent.mkdir()
    victim.write_bytes(b"untouched")
    out = tmp_path / "out"
    out.mkdir()
    target = out / "export.csv"
    for name in (f".{target.name}.{os.getpid()}.tmp", f".{target.name}.tmp", f"{target.name}.tmp",
                 f".{target.name}.{os.getpid() + 1}.tmp"):
        (out / name).symlink_to(victim)
    write_atomic(target, b"written")
    assert victim.read_bytes() == b"untouched"
    assert target.read_bytes() == b"written" and not target.is_symlink()
    assert _mode(target) == 0o600


def test_a_link_at_the_target_is_refused_and_neither_followed_nor_replaced(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"untouched")
    victim.chmod(0o644)
    link = tmp_path / "synthese.html"
    link.symlink_to(victim)
    with pytest.raises(SymlinkRefused):
        write_atomic(link, b"<html>")
    assert link.is_symlink() and os.readlink(link) == str(victim)
    assert victim.read_bytes() == b"untouched" and _mode(victim) == 0o644
    dangling = tmp_path / "absent.json"
    dangling.symlink_to(tmp_path / "would-be-created.json")
    with pytest.raises(SymlinkRefused):
        write_atomic(dangling, b"{}")
    assert not (tmp_path / "would-be-created.json").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["absent.json", "synthese.html", "victim.txt"]


@pytest.mark.parametrize("mask", [0o000, 0o002, 0o277])
def test_files_are_0600_and_new_directories_0700_whatever_the_umask(tmp_path, umask, mask):
    umask(mask)
    target = tmp_path / "a" / "b" / "jeton"
    write_atomic(target, b"secret")
    write_atomic(target, b"secret, renewed")
    umask(0o022)
    assert _mode(target) == 0o600
    assert _mode(tmp_path / "a") == 0o700 and _mode(tmp_path / "a" / "b") == 0o700
    assert target.read_bytes() == b"secret, renewed"


def test_a_link_at_a_messages_archive_name_is_not_taken_for_the_message(tmp_path):
    raw = b"From: a@example.org\r\nSubject: essai\r\n\r\ncorps\r\n"
    sha = hashlib.sha256(raw).hexdigest()
    victim = tmp_path / "victim.eml"
    victim.write_bytes(b"y" * len(raw))  # same size: the link would pass for the message
    (tmp_path / sha[:2]).mkdir(mode=0o700)
    (tmp_path / sha[:2] / f"{sha}.eml").symlink_to(victim)
    with pytest.raises(OSError):
        write_blob(tmp_path, raw)
    assert victim.read_bytes() == b"y" * len(raw)


# --- digest --output, export --output ------------------------------------------------------

@pytest.fixture
def cli_env(tmp_path, monkeypatch):
    for name in list(os.environ):
        if name.startswith("FABRIQUE_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("FABRIQUE_DATA_DIR", str(tmp_path / "data"))
    out = tmp_path / "out"
    out.mkdir()
    return out


def _invoke(args):
    result = CliRunner().invoke(app, args)
    assert "Traceback" not in result.output and not isinstance(result.exception, OSError), result.output
    return result


@pytest.mark.parametrize("kind", sorted(OUTPUTS))
def test_an_output_path_that_is_a_link_is_refused_and_its_target_untouched(cli_env, kind):
    args, _ = OUTPUTS[kind]
    victim = cli_env / "victim.txt"
    victim.write_bytes(b"do not overwrite")
    victim.chmod(0o640)
    link = cli_env / f"sortie.{kind}"
    link.symlink_to(victim)
    result = _invoke(args + [str(link)])
    assert result.exit_code == 2, result.output
    assert "lien symbolique" in result.stderr and str(link) in result.stderr
    assert victim.read_bytes() == b"do not overwrite" and _mode(victim) == 0o640
    assert link.is_symlink() and os.readlink(link) == str(victim)
    assert sorted(p.name for p in cli_env.iterdir()) == sorted([victim.name, link.name])


@pytest.mark.parametrize("mask", [0o000, 0o002])
def test_outputs_are_owner_only_whatever_the_umask(cli_env, umask, mask):
    umask(mask)
    for kind, (args, written) in OUTPUTS.items():
        path = cli_env / f"sortie.{kind}"
        result = _invoke(args + [str(path)])
        assert result.exit_code == 0, (kind, result.output)
        assert written(path.read_bytes()), kind
        assert _mode(path) == 0o600, (kind, oct(_mode(path)))
    umask(0o022)
    assert sorted(p.name for p in cli_env.iterdir()) == sorted(f"sortie.{k}" for k in OUTPUTS)


def test_an_output_that_cannot_be_written_says_why_in_one_line(cli_env):
    args, _ = OUTPUTS["json"]
    result = _invoke(args + [str(cli_env / "absent" / "deeper")])  # fine: directories are made
    assert result.exit_code == 0, result.output
    blocker = cli_env / "fichier"
    blocker.write_bytes(b"")
    result = _invoke(args + [str(blocker / "export.json")])  # a file where a directory should be
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("Écriture impossible") and len(result.stderr.strip().splitlines()) == 1
