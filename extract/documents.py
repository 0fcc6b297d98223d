"""read_document: bytes in, Document out, whatever the bytes are. Never raises."""
from __future__ import annotations

from .sniff import sniff
from .types import Document, bounded

_UNSUPPORTED = {
    "odp": "présentation OpenDocument non prise en charge",
    "ppt": "ancien format PowerPoint (.ppt) non pris en charge",
    "pptx": "présentation PowerPoint non prise en charge",
    "pages": "document Apple Pages non pris en charge (à envoyer en PDF ou en Word)",
    "numbers": "tableur Apple Numbers non pris en charge (à envoyer en PDF ou en Excel)",
    "keynote": "présentation Apple Keynote non prise en charge (à envoyer en PDF)",
    "zip": "archive : à décompresser par la couche mail",
    "msg": "message Outlook (.msg) non pris en charge ici",
    "pub": "fichier Publisher (.pub) non pris en charge : à envoyer en PDF",
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
    if kind in ("doc", "rtf", "ods", "xls", "numbers"):
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
    if kind == "eml":
        return _read_message(data, filename)
    if kind.startswith("corrupt-"):
        fmt = kind.split("-", 1)[1]
        return Document(name=filename, status="error", reason=f"fichier {fmt.upper()} endommagé ou tronqué", format=fmt)
    return Document(name=filename, status="unsupported", reason=_unsupported(kind, filename), format=kind)


def _unsupported(kind: str, filename: str | None) -> str:
    """Why a file cannot be read, in French: its format when known, else its extension."""
    if kind in _UNSUPPORTED and kind != "unknown":
        return _UNSUPPORTED[kind]
    extension = (filename or "").rsplit(".", 1)[-1].strip().lower() if "." in (filename or "") else ""
    if extension.isalnum() and len(extension) <= 8:
        return f"format de fichier « .{extension} » non pris en charge : à envoyer en PDF"
    return _UNSUPPORTED["unknown"]


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
    elif "Quill".encode("utf-16-le") in data or name.endswith(".pub"):
        kind = "pub"
    else:
        kind = "unknown"
    if kind in ("doc", "xls"):
        from .convert import read_converted

        return read_converted(data, filename, kind)
    return Document(name=filename, status="unsupported", reason=_unsupported(kind, filename), format=kind)


MAX_MESSAGE_PARTS = 2_000


def _read_message(data: bytes, filename: str | None) -> Document:
    """An attached message (.eml): its own text and HTML bodies, read as a mail body is (the
    messages it holds in turn and its attachments are left to the mail layer)."""
    import email
    import email.policy
    from dataclasses import replace

    from .text import read_body

    message = email.message_from_bytes(data, policy=email.policy.compat32)
    texts: list[str] = []
    htmls: list[str] = []
    stack = [message]
    for _ in range(MAX_MESSAGE_PARTS):
        if not stack:
            break
        part = stack.pop()
        if part.is_multipart():
            if part is message or part.get_content_maintype() != "message":
                payload = part.get_payload()
                stack.extend(reversed([p for p in payload if hasattr(p, "get_content_type")]))
            continue
        if part.get_content_type() in ("text/plain", "text/html") and not part.get_filename() \
                and (part.get_content_disposition() or "inline") == "inline":
            payload = part.get_payload(decode=True) or b""
            try:
                text = payload.decode(part.get_content_charset() or "utf-8")
            except (LookupError, UnicodeDecodeError):
                text = payload.decode("cp1252", "replace")
            (htmls if part.get_content_type() == "text/html" else texts).append(text)
    document = read_body("\n".join(texts) or None, "\n".join(htmls) or None)
    if not document.blocks and not document.tables:
        return Document(name=filename, status="unreadable", reason="message joint sans texte", format="eml")
    return replace(document, name=filename, format="eml")
