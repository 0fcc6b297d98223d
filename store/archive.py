"""The raw-mail archive: every message's bytes, written before anything parses them.

Files are named by content hash, written atomically (temporary file, fsync, rename)
and readable by the service alone.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path


class ArchiveError(OSError):
    """The archive could not take a message (disk full, permissions): nothing was recorded."""


def _ensure_dir(path: Path) -> None:
    """Create `path` and any missing parent owner-only (mkdir(parents=True) would give the
    parents the umask's mode: the archive/ directory itself would be world-readable)."""
    if path.is_dir():
        return
    _ensure_dir(path.parent)
    path.mkdir(mode=0o700, exist_ok=True)


def archive_root(data_dir: Path) -> Path:
    return Path(data_dir) / "archive"


def write_atomic(path: Path, data: bytes) -> None:
    """Temporary file beside the target, fsync, rename, fsync the directory; mode 0600.
    Readers see the old file or the new one, never a torn one. Raises OSError."""
    _ensure_dir(path.parent)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def write_blob(root: Path, data: bytes, suffix: str = ".eml") -> tuple[str, str]:
    """Store bytes under their SHA-256; return (sha256, path relative to root). Idempotent."""
    digest = hashlib.sha256(data).hexdigest()
    rel = f"{digest[:2]}/{digest}{suffix}"
    target = root / rel
    if target.exists() and target.stat().st_size == len(data):
        return digest, rel
    try:
        write_atomic(target, data)  # its directory and the root made owner-only on the way
    except OSError as exc:
        raise ArchiveError(exc.errno, f"archivage impossible ({exc.strerror or exc})") from exc
    return digest, rel


def read_blob(root: Path, rel: str) -> bytes:
    return (root / rel).read_bytes()


def delete_blob(root: Path, rel: str) -> None:
    (root / rel).unlink(missing_ok=True)
