"""A reader that misbehaves on purpose, by file name: run in extraction workers by the tests of
extract/isolate.py (a worker is a fresh interpreter: it imports this module by name)."""
from __future__ import annotations

import os
import time

from extract.documents import read_document
from extract.types import Document


def read(data: bytes, filename: str, content_type: str | None) -> Document:
    if filename == "slow.pdf":
        time.sleep(30)
    if filename == "crash.pdf":
        os._exit(3)
    if filename == "hog.pdf":
        hog = bytearray(2 * 1024 * 1024 * 1024)  # beyond the limit: MemoryError in the worker
        return Document(name=filename, status="ok", pages=len(hog))
    if filename == "raises.pdf":
        raise ValueError("lecteur en échec")
    return read_document(data, filename, content_type)
