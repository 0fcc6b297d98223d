"""The raw-mail archive: every message's bytes, written before anything parses them, and the
one atomic file writer of the service (archive, file outbox, exports, digest, tokens).

Files are named by content hash, written atomically (temporary file, fsync, rename)
and readable by the service alone.
"""
from __future__ import annotations

import email.parser
import email.policy
import email.utils
import errno
import hashlib
import os
import re
import stat
import tempfile
from datetime import datetime, timezone
from pathlib import Path


class ArchiveError(OSError):
    """The archive could not take a message (disk full, permissions): nothing was recorded."""


class SymlinkRefused(OSError):
    """The path to write is a symbolic link: nothing is ever written through one."""

    def __init__(self, path: Path):
        super().__init__(errno.ELOOP, "lien symbolique refusé", str(path))


def refuse_symlink(path: Path) -> None:
    """Raise SymlinkRefused when `path` itself (not its directories) is a symbolic link."""
    if Path(path).is_symlink():
        raise SymlinkRefused(Path(path))


def _ensure_dir(path: Path) -> None:
    """Create `path` and any missing parent owner-only, whatever the umask (mkdir(parents=True)
    would give the parents the umask's mode: the archive/ directory itself would be
    world-readable). Directories that exist already are left as they are."""
    if path.is_dir():
        return
    _ensure_dir(path.parent)
    try:
        path.mkdir(mode=0o700)
    except FileExistsError:
        return  # made meanwhile by another writer
    path.chmod(0o700)  # mkdir's mode is masked by the umask


def archive_root(data_dir: Path) -> Path:
    return Path(data_dir) / "archive"


def write_atomic(path: Path, data: bytes) -> None:
    """Temporary file beside the target, fsync, rename, fsync the directory; mode 0600 whatever
    the umask. Readers see the old file or the new one, never a torn one. The temporary has an
    unpredictable name and is created with O_EXCL|O_NOFOLLOW (tempfile.mkstemp), so a link
    planted in the directory cannot redirect the write; a target that is a symbolic link is
    refused (SymlinkRefused), never followed nor replaced. Raises OSError."""
    path = Path(path)
    refuse_symlink(path)
    _ensure_dir(path.parent)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name[:128]}.", suffix=".tmp")
    try:
        try:
            os.fchmod(fd, 0o600)  # mkstemp's 0600 is masked by the umask too
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
        refuse_symlink(path)  # rename would replace a link planted meanwhile: say so instead
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
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
    try:
        st = target.lstat()  # a link at the name is not the message: it is refused below
        if stat.S_ISREG(st.st_mode) and st.st_size == len(data):
            os.utime(target)  # in use again: the purge's sweep of unreferenced files leaves it alone
            return digest, rel
    except FileNotFoundError:
        pass
    try:
        write_atomic(target, data)  # its directory and the root made owner-only on the way
    except OSError as exc:
        raise ArchiveError(exc.errno, f"archivage impossible ({exc.strerror or exc})") from exc
    return digest, rel


def read_blob(root: Path, rel: str) -> bytes:
    return (root / rel).read_bytes()


def delete_blob(root: Path, rel: str) -> None:
    (root / rel).unlink(missing_ok=True)


HEADER_BYTES = 262144  # where a message's header block is looked for (a longer one is hostile)


def header_block(raw: bytes) -> bytes:
    """A message's header block and the blank line closing it, within its first HEADER_BYTES
    (all of those when no blank line closes it there): the parsers are given nothing of the body."""
    ends = [i for i in (raw.find(b"\r\n\r\n", 0, HEADER_BYTES), raw.find(b"\n\n", 0, HEADER_BYTES)) if i >= 0]
    if not ends:
        return raw[:HEADER_BYTES]
    end = min(ends)
    return raw[:end + (4 if raw.startswith(b"\r\n\r\n", end) else 2)]


def read_head(root: Path, rel: str) -> bytes:
    """The header block of an archived message, reading no more of it than HEADER_BYTES."""
    with (root / rel).open("rb") as f:
        return header_block(f.read(HEADER_BYTES))


def peek_headers(raw: bytes) -> tuple[str | None, str | None, datetime | None]:
    """Message-ID, From address and a received time from the headers alone (no MIME parsing)."""
    try:
        head = email.parser.BytesHeaderParser(policy=email.policy.compat32).parsebytes(header_block(raw))
    except Exception:
        return None, None, None
    mid = [i for i in re.findall(r"<[^<>\s]+>", str(head.get("Message-ID", ""))) if len(i) <= 250]  # longer: hostile
    addr = email.utils.parseaddr(str(head.get("From", "")))[1].lower() or None
    when = None
    for value in [head.get("Date")] + [str(r).rsplit(";", 1)[-1] for r in head.get_all("Received", [])[:1]]:
        if not value:
            continue
        try:
            when = email.utils.parsedate_to_datetime(str(value).strip())
        except (TypeError, ValueError, IndexError):
            continue
        if when is not None:
            when = when if when.tzinfo else when.replace(tzinfo=timezone.utc)
            break
    return (mid[0] if mid else None), addr, when
