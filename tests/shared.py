"""Where ../shared lives, and a clear skip when it does not (it does in CI)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SAMPLES = SHARED / "samples"
CORPUS = SHARED / "corpus" / "public"


def need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} absent : ce test lit le dossier partagé ../shared, présent en CI")
    return path


def truth() -> dict:
    return json.loads((need(SAMPLES) / "truth.json").read_text(encoding="utf-8"))
