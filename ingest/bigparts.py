"""mail-parser on a big message without the memory of a big message.

The stdlib's MIME parser (under mail-parser) splits the whole message into line strings: parsing
a 39 MB mail (a 25 MB PDF, base64) peaked at ~300 MB. Here the large base64 bodies are lifted
out of the raw bytes first (each replaced by a one-line token), the rest is parsed as usual, and
each body is put back, decoded, into its attachment's payload: one copy of it, not seven.

The payload put back is the decoded bytes (ingest.parse._payload takes them as they are), or the
base64 text when it does not decode.

Only what is certainly a whole base64 body is lifted: a run of base64 lines starting right
after a part's blank line, running to the part's end, in a part whose headers say base64. If
any token does not come back as exactly one attachment's payload, the message is parsed whole,
as before: same result either way, only the memory differs.
"""
from __future__ import annotations

import binascii
import re
import secrets

import mailparser

LIFT_FROM_BYTES = 8_000_000  # messages smaller than this are parsed as they are
LIFT_BODY_BYTES = 1_000_000  # bodies smaller than this stay in place

_BLANK = re.compile(rb"\n\r?\n")  # the end of a header block: a body may start after it
_BODY = re.compile(rb"[A-Za-z0-9+/=\r\n]+")  # one character class: scanned without backtracking state
_BASE64_CTE = re.compile(rb"(?im)^content-transfer-encoding:[ \t]*base64[ \t]*\r?$")


def lift(raw: bytes) -> tuple[bytes, dict[str, memoryview]]:
    """(the message with its big base64 bodies replaced by tokens, {token: body})."""
    if len(raw) < LIFT_FROM_BYTES:
        return raw, {}
    view = memoryview(raw)
    pieces: list = []
    lifted: dict[str, memoryview] = {}
    pos = 0
    for blank in _BLANK.finditer(raw):
        start = blank.end()
        if start < pos:
            continue  # inside a body already lifted
        body = _BODY.match(raw, start)
        if body is None or body.end() - start < LIFT_BODY_BYTES:
            continue
        end = body.end()
        if end < len(raw) and not raw.startswith(b"--", end):
            continue  # the body must run to its part's boundary line (or to the end)
        boundary = raw.rfind(b"\n--", 0, start)  # the part's headers: from its boundary line to here
        if not _BASE64_CTE.search(raw, boundary + 1 if boundary >= 0 else 0, start):
            continue
        newline = b"\r\n" if raw[end - 2:end] == b"\r\n" else b"\n"
        token = f"FABRIQUEOOB{len(lifted):05d}{secrets.token_hex(8)}"  # 32 base64 characters
        pieces += [view[pos:start], token.encode("ascii") + newline]
        lifted[token] = view[start:end]
        pos = end
    if not lifted:
        return raw, {}
    pieces.append(view[pos:])
    return b"".join(pieces), lifted


def parse_from_bytes(raw: bytes):
    """mailparser.parse_from_bytes(raw), big base64 bodies lifted out while the MIME is parsed."""
    skeleton, lifted = lift(raw)
    if not lifted:
        return mailparser.parse_from_bytes(raw)
    mail = mailparser.parse_from_bytes(skeleton)
    del skeleton
    found = [(att, (att.get("payload") or "").strip()) for att in mail.attachments]
    if sorted(token for _, token in found if token in lifted) != sorted(lifted) or \
            not all(att.get("binary") for att, token in found if token in lifted):
        return mailparser.parse_from_bytes(raw)  # not where it was expected: parsed whole
    for att, token in found:
        if token in lifted:
            body = lifted.pop(token)
            try:  # decoded here, straight from the raw bytes: base64.b64decode(text) is this same call
                att["payload"] = binascii.a2b_base64(body)
            except binascii.Error:  # what ingest.parse._payload makes of a broken body, from the text
                att["payload"] = str(body, "ascii")
    return mail
