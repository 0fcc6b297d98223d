"""load_call(): the call's rules are data; a bad file is a clear error."""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from config.call import CALLS_DIR, load_call

KEYS = [
    "description.contexte", "description.objectifs", "description.problematique", "description.cibles",
    "description.methodologie", "description.phasage", "description.pilotage", "description.resultats",
    "description.perennisation", "budget.personnel", "budget.deplacements_logistique", "budget.prestations",
    "budget.cofinancements", "partenaires.liste", "partenaires.contributions",
]


def test_the_2022_call():
    call = load_call()
    assert call.name == "fabrique-cto-2022" and call.reference_prefix == "FCTO-2022"
    assert call.deadline.isoformat() == "2022-08-23T23:59:59+02:00"
    assert call.project_end_limit == date(2023, 12, 30)
    assert call.cap_eur == 80000 and call.min_cofinancing_share == 0.20 and call.reply_days == 10
    assert list(call.requirement_keys) == KEYS
    assert call.labels["description.perennisation"] == "la perspective de pérennisation et d'essaimage"
    assert set(call.eligible_categories) == {"personnel", "deplacements_logistique", "prestations"}
    assert "gouvernance" in call.heading_synonyms["description.pilotage"]


def test_every_key_has_a_label_and_headings_are_folded():
    call = load_call()
    assert all(call.labels[k] for k in call.requirement_keys)
    for phrases in call.heading_synonyms.values():
        assert all(p == p.lower() and "é" not in p for p in phrases)


def test_a_new_call_is_a_new_file(tmp_path: Path):
    text = (CALLS_DIR / "fabrique-cto-2022.toml").read_text(encoding="utf-8")
    text = text.replace('name = "fabrique-cto-2022"', 'name = "fabrique-cto-2024"')
    text = text.replace("deadline = 2022-08-23T23:59:59", "deadline = 2024-05-31T12:00:00")
    text = text.replace("cap_eur = 80000", "cap_eur = 60000")
    (tmp_path / "fabrique-cto-2024.toml").write_text(text, encoding="utf-8")
    call = load_call("fabrique-cto-2024", directory=tmp_path)
    assert call.cap_eur == 60000 and call.deadline == datetime.fromisoformat("2024-05-31T12:00:00+02:00")


@pytest.mark.parametrize("content", ["this is = not toml [", 'name = "x"\n', ""])
def test_bad_call_files_raise_value_error_naming_the_file(tmp_path: Path, content):
    (tmp_path / "broken.toml").write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match="broken.toml"):
        load_call("broken", directory=tmp_path)


def test_missing_call():
    with pytest.raises(ValueError, match="no-such-call.toml"):
        load_call("no-such-call")
    with pytest.raises(ValueError):
        load_call("../etc/passwd")
