"""The committee's workbook as it prints: LibreOffice headless turns it into a PDF, read back with
pdfplumber. Every dossier row lies whole within one landscape page width, under the header row."""
from __future__ import annotations

import shutil
import subprocess

import pdfplumber
import pytest

from notify.exports import write_xlsx

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
ROWS = 24
SENTENCE = ("les ateliers réunissent agents de maintenance et chefs d'équipe autour des plannings de "
            "nuit, puis une restitution commune valide les ajustements retenus pour la saison suivante")


def dossier(k: int) -> dict:
    return {
        "reference": f"FCTO-2022-{k:04d}", "acronym": f"VEILLE{k}", "status": "incomplete" if k % 3 else "complete",
        "applicant": {"email": f"coordination.projets{k}@groupement-employeurs-vallee.example",
                      "name": "Mathilde Rougier-Besson", "organisation": "Groupement d'employeurs de la vallée"},
        "project_title": f"Organiser le travail de nuit dans les stations d'épuration, volet {k}",
        "received_at": "2022-08-09T16:45:00+02:00",
        "missing": ["description.pilotage", "budget.cofinancements"] if k % 3 else [],
        "budget": {"total_eur": 91000.0 + k, "anact_request_eur": 72800.0, "cofinancing_eur": 18200.0,
                   "cofinancing_share": 0.2,
                   "by_category": {"personnel": 50000.0, "deplacements_logistique": 6000.0,
                                   "prestations": 35000.0, "autres": None},
                   "cofinancements": [{"source": "Agence de l'eau", "amount_eur": 18200.0, "nature": "subvention"}],
                   "project_end": "2023-10-31"},
        "partners": [{"name": "Syndicat intercommunal d'assainissement",
                      "contribution": f"{SENTENCE} ; {SENTENCE} omega{k}"},
                     {"name": "Service de santé au travail", "contribution": "suivi des horaires atypiques"}],
        "flags": ["cofinancement_insuffisant"] if k % 2 else [],
        "flag_reasons": ["Le co-financement représente 12 % du coût total du projet, en deçà des 20 % attendus."]
        if k % 2 else [],
        "notifications": [{"kind": "acknowledgement", "status": "sent", "queued_at": "2022-08-09T16:46:00+02:00",
                           "sent_at": f"2022-08-09T17:{k:02d}:00+02:00"}],
    }


def words_by_page(pdf_path):
    with pdfplumber.open(pdf_path) as pdf:
        return [(page.width, page.height, page.extract_words(keep_blank_chars=False)) for page in pdf.pages]


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) absent : `make system-deps` l'installe")
def test_each_dossier_row_prints_whole_within_one_landscape_page_width(tmp_path):
    doc = {"call": "fabrique-cto-2022", "dossiers": [dossier(k) for k in range(1, ROWS + 1)], "messages": []}
    xlsx = tmp_path / "comite.xlsx"
    write_xlsx(doc, xlsx)
    profile = tmp_path / "lo-profile"
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(xlsx)], check=True, capture_output=True, timeout=120)
    pages = words_by_page(tmp_path / "comite.pdf")
    dossier_pages = [p for p in pages if any(w["text"].startswith("FCTO-") for w in p[2])]
    assert len(dossier_pages) >= 2  # the header row must be seen repeated
    widths = {round(width) for width, _, _ in dossier_pages}
    assert len(widths) == 1
    for width, height, words in dossier_pages:
        assert width > height  # landscape
        texts = [w["text"] for w in words]
        # the first and the last column's headers on every page: no column printed on a page of its own
        assert "Référence" in texts and "porteur" in texts, texts[:40]
    seen = set()
    for width, height, words in dossier_pages:
        at = {w["text"]: w for w in words}
        refs = sorted((w for w in words if w["text"].startswith("FCTO-2022-")), key=lambda w: w["top"])
        for index, ref in enumerate(refs):
            k = int(ref["text"].rsplit("-", 1)[1])
            seen.add(k)
            # its last column (the answer's time) and the end of its longest cell on the same page
            assert f"17:{k:02d}" in at, (k, "last column elsewhere")
            end = at.get(f"omega{k}")
            assert end is not None, (k, "long cell cut or elsewhere")
            # wrapped text stays inside its row: above the next dossier's row
            following = refs[index + 1]["top"] if index + 1 < len(refs) else height
            assert end["bottom"] <= following, (k, end["bottom"], following)
            assert at[f"17:{k:02d}"]["bottom"] <= following
    assert seen == set(range(1, ROWS + 1))
