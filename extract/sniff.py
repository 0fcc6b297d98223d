"""Tell a document's format from its bytes first, then from its name and content type."""
from __future__ import annotations

import io
import zipfile

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

_EXTENSIONS = {
    ".pdf": "pdf", ".docx": "docx", ".docm": "docx", ".dotx": "docx", ".xlsx": "xlsx", ".xlsm": "xlsx",
    ".txt": "text", ".text": "text", ".md": "text", ".csv": "text", ".html": "html", ".htm": "html",
    ".doc": "doc", ".xls": "xls", ".ppt": "ppt", ".odt": "odt", ".ods": "ods", ".odp": "odp",
    ".rtf": "rtf", ".zip": "zip", ".png": "image", ".jpg": "image", ".jpeg": "image",
    ".gif": "image", ".tif": "image", ".tiff": "image", ".bmp": "image", ".heic": "image", ".webp": "image",
    ".pptx": "pptx", ".msg": "msg", ".eml": "eml", ".pages": "pages", ".numbers": "numbers", ".key": "keynote",
    ".pub": "pub",
}
_CONTENT_TYPES = {
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/msword": "doc",
    "application/vnd.ms-excel": "xls",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/rtf": "rtf", "text/rtf": "rtf",
    "text/plain": "text", "text/html": "html", "text/csv": "text",
    "application/zip": "zip",
    "message/rfc822": "eml",
    "application/x-mspublisher": "pub", "application/vnd.ms-publisher": "pub",
}


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                mimetype = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
                if "opendocument.text" in mimetype:
                    return "odt"
                if "opendocument.spreadsheet" in mimetype:
                    return "ods"
                if "opendocument" in mimetype:
                    return "odp"
            lowered = {n.lower() for n in names}
            if any(n.startswith("index/") and n.endswith(".iwa") for n in lowered) or \
                    lowered & {"index.xml", "index.xml.gz", "index.apxl", "index.apxl.gz"}:
                return "iwork"  # Apple Pages, Numbers or Keynote (protobuf streams, or iWork '09 XML)
            if any(n.startswith("word/") for n in lowered):
                return "docx"
            if any(n.startswith("xl/") for n in lowered):
                return "xlsx"
            if any(n.startswith("ppt/") for n in lowered):
                return "pptx"
            if "[content_types].xml" in lowered:
                types = archive.read(next(n for n in names if n.lower() == "[content_types].xml"))
                if b"wordprocessingml" in types:
                    return "docx"
                if b"spreadsheetml" in types:
                    return "xlsx"
                return "ooxml"
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, RuntimeError, EOFError):
        return "corrupt-zip"
    return "zip"


def sniff(data: bytes, filename: str | None, content_type: str | None) -> str:
    """One of pdf docx xlsx ole text html odt ods rtf image zip ... or 'unknown'."""
    head = data[:2048]
    if b"%PDF" in head[:1024]:
        return "pdf"
    if head.startswith(OLE_MAGIC):
        return "ole"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        kind = _zip_kind(data)
        if kind == "iwork":
            name = (filename or "").lower().rstrip()
            return "numbers" if name.endswith(".numbers") else "keynote" if name.endswith(".key") else "pages"
        return kind
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if head[:8] in (b"\x89PNG\r\n\x1a\n",) or head[:3] == b"\xff\xd8\xff" or head[:4] in (b"GIF8", b"II*\x00", b"MM\x00*"):
        return "image"
    by_name = None
    if filename and "." in filename:
        by_name = _EXTENSIONS.get("." + filename.rsplit(".", 1)[-1].lower().strip())
    by_type = _CONTENT_TYPES.get((content_type or "").split(";")[0].strip().lower())
    guess = by_name or by_type
    if guess in ("pdf", "docx", "xlsx"):
        # The name promises a binary format the bytes do not hold: broken file.
        return "corrupt-" + guess
    if guess in ("text", "html") or guess is None:
        if _looks_textual(head):
            if guess == "html" or head.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html")):
                return "html"
            return "text"
    return guess or "unknown"


def _looks_textual(head: bytes) -> bool:
    if not head:
        return False
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
        return True
    except UnicodeDecodeError as exc:
        if exc.start > len(head) - 4:
            return True
    printable = sum(1 for b in head if b >= 32 or b in (9, 10, 13))
    return printable / len(head) > 0.95
