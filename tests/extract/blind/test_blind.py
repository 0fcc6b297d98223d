"""The product on the blind set: proposals written without reading the readers (see README.md),
generated into a temporary directory, imported as if they had arrived by IMAP, exported, and
scored by the shared corpus's score.py (tests/extract/blindrun.py). The figures are printed
(`pytest -s`); below the floors this set once reached, the test fails: a reader got worse."""
from __future__ import annotations

import pytest

from tests.extract.blindrun import below, generated_set, recorded_every_mail, scored

from .generate import build
from .office import soffice

pytestmark = pytest.mark.blind
FLOORS = {"status_acc": 0.95, "req_f1": 0.97, "budget_exact": 0.95, "partners_recall": 0.95, "flags_f1": 0.95}


@pytest.fixture(scope="module")
def blind(tmp_path_factory):
    return generated_set(build, tmp_path_factory.mktemp("blind"), "blind set")


def test_set_is_broad(blind):
    t = blind["truth"]
    if not soffice():
        pytest.skip("soffice absent: the set lacks its LibreOffice documents")
    assert len(t["dossiers"]) >= 40 and len(t["messages"]) >= 55
    assert {d["status"] for d in t["dossiers"]} == {"complete", "incomplete"}
    assert len({d["meta"]["desc_format"] for d in t["dossiers"]}) >= 20
    assert len({d["meta"]["client"] for d in t["dossiers"]}) >= 10


def test_every_mail_is_recorded(blind):
    recorded_every_mail(blind)


def test_blind_set_is_read_as_well_as_it_was(blind):
    figures = scored(blind, "blind set (tests/extract/blind)")
    assert not below(figures, FLOORS), (below(figures, FLOORS), figures.get("details"))
