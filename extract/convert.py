"""Word 97 (.doc) and RTF documents converted to DOCX, spreadsheets (ODS, Excel 97 .xls, Apple
Numbers) to XLSX, by LibreOffice (headless), then read by the DOCX or XLSX reader: the same
Document shape as a .docx or an .xlsx (an XLSX conversion keeps hidden sheets hidden, merged
cells merged and formulas' computed values).

LibreOffice runs in the extraction worker as a bounded child (extract/child.py): its own profile
directory per worker (two workers never share one, and the user's is never touched), a timeout
after which its process group is killed, and its own address-space limit. soffice.bin is run
directly (not through the oosplash launcher, which would stand between the worker and it): it
starts no other process, so the kernel's death signal reaches all of it when the worker dies.
Measured on this machine: 0.9-2.5 s a document once the profile exists, ~210 MB resident and a
~480 MB address-space peak; the first conversion of a worker also creates its profile (~1 s more).
"""
from __future__ import annotations

import atexit
import functools
import os
import shutil
import tempfile
import time
from dataclasses import replace

from . import child
from .types import Document

TIMEOUT_S = 40.0
MEMORY_MB = 1024  # twice the measured peak of its address space
MAX_OUTPUT_BYTES = 100 * 1024 * 1024
_RESTART = 81  # soffice.bin's exit code after it has created a new profile: run it again
_PREFIX = "fabrique-soffice-"
_NAMES = {"doc": "document Word 97 (.doc)", "rtf": "document RTF", "ods": "tableur OpenDocument (ODS)",
          "xls": "classeur Excel 97 (.xls)", "numbers": "tableur Apple Numbers"}
SPREADSHEETS = ("ods", "xls", "numbers")
_FILTERS = {"docx": "docx:MS Word 2007 XML", "xlsx": "xlsx:Calc MS Excel 2007 XML"}
_directory: str | None = None


class ConversionFailed(Exception):
    """The reason, in French, that a document could not be converted."""


@functools.lru_cache(maxsize=1)
def soffice() -> str | None:
    """The LibreOffice program itself (soffice.bin beside the `soffice` launcher script)."""
    launcher = shutil.which("soffice") or shutil.which("libreoffice")
    if launcher is None:
        return None
    program = os.path.join(os.path.dirname(os.path.realpath(launcher)), "soffice.bin")
    return program if os.access(program, os.X_OK) else launcher


def available() -> bool:
    return soffice() is not None


def read_converted(data: bytes, name: str | None, kind: str) -> Document:
    """A .doc, .rtf, .ods, .xls or .numbers file read through its DOCX or XLSX conversion; the
    format stays the original's."""
    what = _NAMES.get(kind, kind)
    if kind == "doc" and word97_encrypted(data):
        return Document(name=name, status="encrypted", reason=f"{what} protégé par mot de passe", format=kind)
    if not available():
        return Document(name=name, status="unsupported", format=kind,
                        reason=f"{what} : conversion impossible, LibreOffice n'est pas installé sur le serveur")
    target = "xlsx" if kind in SPREADSHEETS else "docx"
    try:
        converted = convert(data, kind, "xlsx") if target == "xlsx" else convert_to_docx(data, kind)
    except ConversionFailed as exc:
        if kind == "numbers":  # a version LibreOffice cannot import: to be sent in another format
            return Document(name=name, status="unsupported", format=kind,
                            reason=f"{what} non lisible ici : à envoyer en PDF ou en Excel")
        return Document(name=name, status="error", reason=f"{what} : {exc}", format=kind)
    if target == "xlsx":
        from .xlsx import read_xlsx

        document = read_xlsx(converted, name)
    else:
        from .docx import read_docx

        document = read_docx(converted, name)
    if document.status != "ok":
        return Document(name=name, status=document.status, reason=f"{what} : {document.reason}", format=kind)
    return replace(document, format=kind)


def word97_encrypted(data: bytes) -> bool:
    """The fEncrypted bit of a Word 97 file's FIB (MS-DOC 2.5.2): LibreOffice would only fail on it."""
    import olefile

    try:
        with olefile.OleFileIO(data) as container:
            if not container.exists("WordDocument"):
                return False
            with container.openstream("WordDocument") as stream:
                head = stream.read(12)
    except (OSError, ValueError, IndexError, TypeError, EOFError):
        return False
    return len(head) == 12 and bool(int.from_bytes(head[10:12], "little") & 0x0100)


def convert_to_docx(data: bytes, kind: str, timeout_s: float | None = None) -> bytes:
    return convert(data, kind, "docx", timeout_s)


def convert(data: bytes, kind: str, target: str, timeout_s: float | None = None) -> bytes:
    """The document converted to `target` ("docx" or "xlsx") by LibreOffice; ConversionFailed
    with a French reason when it cannot be."""
    timeout_s = timeout_s or TIMEOUT_S
    program = soffice()
    if program is None:
        raise ConversionFailed("LibreOffice n'est pas installé sur le serveur")
    with tempfile.TemporaryDirectory(prefix="convert-", dir=_process_dir()) as work:
        source = os.path.join(work, f"document.{kind}")  # never the sender's file name
        with open(source, "wb") as fh:
            fh.write(data)
        out = os.path.join(work, "out")
        os.mkdir(out)
        profile = os.path.join(_process_dir(), "profile")
        argv = [program, f"-env:UserInstallation=file://{profile}", "--headless", "--invisible",
                "--norestore", "--nologo", "--nodefault", "--nolockcheck", "--nofirststartwizard",
                "--convert-to", _FILTERS[target], "--outdir", out, source]
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": profile, "TMPDIR": work,
               "LANG": "C.UTF-8", "SAL_USE_VCLPLUGIN": "svp"}
        deadline = time.monotonic() + timeout_s
        for _attempt in range(2):
            try:
                finished = child.run(argv, timeout_s=max(1.0, deadline - time.monotonic()), memory_mb=MEMORY_MB,
                                     env=env, cwd=work)
            except child.ChildTimeout:
                raise ConversionFailed(f"conversion interrompue après {timeout_s:g} s") from None
            except OSError as exc:
                raise ConversionFailed(f"LibreOffice n'a pas pu être lancé ({exc.strerror or exc})") from None
            if finished.returncode != _RESTART:
                break
        made = os.path.join(out, f"document.{target}")
        if finished.returncode != 0 or not os.path.isfile(made):
            raise ConversionFailed("conversion impossible (fichier endommagé, protégé par mot de passe "
                                   f"ou trop complexe ; code {finished.returncode})")
        if os.path.getsize(made) > MAX_OUTPUT_BYTES:
            raise ConversionFailed("document converti trop volumineux")
        with open(made, "rb") as fh:
            return fh.read()


def _process_dir() -> str:
    """This process's own directory: its LibreOffice profile and its conversions' files. Made on
    first use and removed at exit; those that workers killed meanwhile left behind are removed when
    the next one is made."""
    global _directory
    if _directory is None or not os.path.isdir(_directory):
        _remove_stale_profiles()
        _directory = tempfile.mkdtemp(prefix=f"{_PREFIX}{os.getpid()}-")
        atexit.register(shutil.rmtree, _directory, True)
    return _directory


def _remove_stale_profiles() -> None:
    base = tempfile.gettempdir()
    try:
        entries = os.listdir(base)
    except OSError:
        return
    for entry in entries:
        if not entry.startswith(_PREFIX):
            continue
        pid = entry[len(_PREFIX):].split("-", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not os.path.exists(f"/proc/{pid}"):
            shutil.rmtree(os.path.join(base, entry), ignore_errors=True)
