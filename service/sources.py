"""Messages from files, for `import`: .eml files, directories, Maildir folders and mbox files."""
from __future__ import annotations

import mailbox
import os
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator


def _mtime(path: Path) -> datetime:
    return datetime.fromtimestamp(path.stat().st_mtime, tz=timezone.utc)


def _is_maildir(path: Path) -> bool:
    return all((path / sub).is_dir() for sub in ("cur", "new", "tmp"))


def iter_messages(paths: list[Path]) -> Iterator[tuple[str, bytes | None, datetime | None, str | None]]:
    """Yield (label, raw bytes, file time, error) for every message found under the paths."""
    for path in paths:
        if not path.exists():
            yield str(path), None, None, "fichier introuvable"
        elif path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs.sort()
                rp = Path(root)
                if _is_maildir(rp):  # a Maildir folder is read as one, whatever its files are named
                    dirs[:] = [d for d in dirs if d not in ("cur", "new", "tmp")]
                    for sub in ("new", "cur"):
                        for f in sorted((rp / sub).iterdir()):
                            if f.is_file():
                                yield from _read_file(f, as_mbox=False)
                    continue
                for name in sorted(files):
                    if name.lower().endswith(".eml"):
                        yield from _read_file(rp / name, as_mbox=False)
        else:
            yield from _read_file(path, as_mbox=None)


def _read_file(path: Path, as_mbox: bool | None):
    try:
        with open(path, "rb") as fh:
            head = fh.read(5)
    except OSError as exc:
        yield str(path), None, None, f"lecture impossible : {exc.strerror}"
        return
    if as_mbox is None:
        as_mbox = head == b"From "
    if not as_mbox:
        try:
            yield str(path), path.read_bytes(), _mtime(path), None
        except OSError as exc:
            yield str(path), None, None, f"lecture impossible : {exc.strerror}"
        return
    try:
        box = mailbox.mbox(str(path), create=False)
        for i, key in enumerate(box.iterkeys(), start=1):
            try:
                yield f"{path}#{i}", box.get_bytes(key), _mtime(path), None
            except Exception as exc:
                yield f"{path}#{i}", None, None, f"message illisible dans la boîte mbox : {exc}"
    except Exception as exc:
        yield str(path), None, None, f"boîte mbox illisible : {exc}"
