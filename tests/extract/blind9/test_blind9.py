"""The product on the ninth blind set: "the formal ones and the second wave": consultants', federations'
and public bodies' long reports (cover, contents, numbered sections, landscape budgets by year or by
partner, letters of commitment) beside quick mails of small structures, and the replies completing
them, written without reading the readers (see README.md), generated, imported, exported and scored
like the others (tests/extract/blindrun.py). The figures are printed (`pytest -s`); below the floors
this set reached, the test fails."""
from __future__ import annotations

import pytest

from tests.extract.blind2.office import soffice
from tests.extract.blindrun import below, generated_set, recorded_every_mail, scored

from .generate import build

pytestmark = pytest.mark.blind9
FLOORS = {"status_acc": 0.95, "req_f1": 0.99, "budget_exact": 0.98, "partners_recall": 0.98, "flags_f1": 0.95}


@pytest.fixture(scope="module")
def blind9(tmp_path_factory):
    if not soffice():
        pytest.skip("soffice absent: this set's PDFs and workbooks are made by LibreOffice")
    return generated_set(build, tmp_path_factory.mktemp("blind9"), "ninth blind set")


def test_set_is_broad(blind9):
    t = blind9["truth"]
    assert len(t["dossiers"]) >= 20 and len(t["messages"]) >= 28
    assert {d["status"] for d in t["dossiers"]} == {"complete", "incomplete"}


def test_every_mail_is_recorded(blind9):
    recorded_every_mail(blind9)


def test_ninth_blind_set_is_read_as_well_as_it_was(blind9):
    figures = scored(blind9, "ninth blind set (tests/extract/blind9)")
    assert not below(figures, FLOORS), (below(figures, FLOORS), figures.get("details"))
