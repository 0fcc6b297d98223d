"""read_document: bytes in, Document out, whatever the bytes are. Never raises."""
from __future__ import annotations

from .sniff import sniff
from .types import Document, bounded

_UNSUPPORTED = {
    "ods": "tableur OpenDocument (ODS) non pris en charge",
    "odp": "présentation OpenDocument non prise en charge",
    "xls": "ancien format Excel (.xls) non pris en charge",
    "ppt": "ancien format PowerPoint (.ppt) non pris en charge",
    "pptx": "présentation PowerPoint non prise en charge",
    "pages": "document Apple Pages non pris en charge (à envoyer en PDF ou en Word)",
    "numbers": "tableur Apple Numbers non pris en charge (à envoyer en PDF ou en Excel)",
    "keynote": "présentation Apple Keynote non prise en charge (à envoyer en PDF)",
    "zip": "archive : à décompresser par la couche mail",
    "msg": "message Outlook (.msg) non pris en charge ici",
    "eml": "message joint non pris en charge ici",
    "ooxml": "document Office non reconnu",
    "unknown": "format de fichier inconnu",
}


def read_document(data: bytes, filename: str | None, content_type: str | None) -> Document:
    """Read one attachment. Dispatches on the sniffed bytes first, then the name and content type."""
    try:
        return bounded(_read(data or b"", filename, content_type))
    except MemoryError:
        return Document(name=filename, status="error", reason="mémoire dépassée pendant la lecture")
    except RecursionError:
        return Document(name=filename, status="error", reason="document trop imbriqué")
    except Exception as exc:  # noqa: BLE001 - a broken file is a result, not a crash
        return Document(name=filename, status="error", reason=f"{type(exc).__name__}: {str(exc)[:150]}")


def _read(data: bytes, filename: str | None, content_type: str | None) -> Document:
    if not data:
        return Document(name=filename, status="error", reason="fichier vide")
    kind = sniff(data, filename, content_type)
    if kind == "pdf":
        from .pdf import read_pdf

        return read_pdf(data, filename)
    if kind == "docx":
        from .docx import read_docx

        return read_docx(data, filename)
    if kind == "xlsx":
        from .xlsx import read_xlsx

        return read_xlsx(data, filename)
    if kind in ("text", "html"):
        from .text import read_text_document

        return read_text_document(data, filename, html=kind == "html")
    if kind in ("doc", "rtf"):
        from .convert import read_converted

        return read_converted(data, filename, kind)
    if kind == "odt":
        from .odt import read_odt

        return read_odt(data, filename)
    if kind == "image":
        from .pdf_scan import read_image

        return read_image(data, filename)
    if kind == "ole":
        return _read_ole(data, filename)
    if kind.startswith("corrupt-"):
        fmt = kind.split("-", 1)[1]
        return Document(name=filename, status="error", reason=f"fichier {fmt.upper()} endommagé ou tronqué", format=fmt)
    return Document(name=filename, status="unsupported", reason=_UNSUPPORTED.get(kind, _UNSUPPORTED["unknown"]), format=kind)


def _read_ole(data: bytes, filename: str | None) -> Document:
    """OLE/CFB container: an encrypted OOXML file, or a legacy .doc/.xls/.ppt."""
    # Encrypted OOXML keeps its payload in "EncryptedPackage" with an "EncryptionInfo" stream;
    # the directory entries are UTF-16 names.
    if "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data:
        return Document(name=filename, status="encrypted", reason="document Office protégé par mot de passe", format="ooxml")
    name = (filename or "").lower()
    if "WordDocument".encode("utf-16-le") in data or name.endswith(".doc"):
        kind = "doc"
    elif "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data or name.endswith(".xls"):
        kind = "xls"
    elif "PowerPoint Document".encode("utf-16-le") in data or name.endswith(".ppt"):
        kind = "ppt"
    elif "__substg1.0_".encode("utf-16-le") in data or name.endswith(".msg"):
        kind = "msg"
    else:
        kind = "unknown"
    if kind == "doc":
        from .convert import read_converted

        return read_converted(data, filename, kind)
    return Document(name=filename, status="unsupported", reason=_UNSUPPORTED[kind], format=kind)
