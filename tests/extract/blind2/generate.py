"""Build the second blind set: mails (.eml) and truth.json into a directory.

    python -m tests.extract.blind2.generate OUT_DIR [--work DIR]

BLIND2_SEED (an integer) redraws everything: organisations, themes, wordings, amounts, missing
elements. Without LibreOffice the dossiers needing it are left out and listed in `skipped`."""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

from .base import Rand, base_seed
from .kit import KEYS, SetState
from .mime import CTYPES, build as build_raw
from .office import convert_batch, soffice, soffice_version, zip_bundle
from .recipes_a import RECIPES_A
from .recipes_b import RECIPES_B, others

CONVENTIONS = [
    "budget figures are the ones the applicant's latest readable budget states; null = not stated anywhere readable",
    "hors_delai: first submission message Date after 2022-08-23 23:59:59 Europe/Paris",
    "fin_apres_echeance: stated project end month in 2024 (a bare 'décembre 2023' is not flagged)",
    "optional_flags are neither rewarded nor penalised; 'accept' lists the classifications accepted for a message",
    "requirements held only in an unreadable attachment (encrypted PDF, scan, Publisher file) count as missing",
    "budget.cofinancements is present only when a co-financing source other than Anact is stated with its amount "
    "(a share of a stated total counts: 'autofinancement 30 %' under a total of 60 000 € is 18 000 €)",
    "cofinancement_insuffisant: co-financing / total below 20 %, or (total - Anact request) / total below 20 % when no co-financing is stated "
    "(an Anact request equal to the total is 0 % co-financing)",
    "a budget shown HT, then TVA and TTC: the figures are the HT ones (the call's cap is net of tax)",
    "the association form's in-kind contributions (accounts 86/87) are not part of the total (the total of charges is)",
    "text quoted from our own completion request, and deleted revisions of a DOCX, carry nothing",
]


def _all_atts(mails):
    for m in mails:
        for a in m.atts:
            yield a
            yield from a.members
        if m.forwarded is not None:
            yield from _all_atts([m.forwarded])


def build(out: Path, work: Path | None = None, seed: int | None = None) -> dict:
    seed = base_seed() if seed is None else seed
    out = Path(out)
    own_work = work is None
    work = Path(work) if work else Path(tempfile.mkdtemp(prefix="blind2-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        return _build(out, work, seed)
    finally:
        if own_work:
            shutil.rmtree(work, ignore_errors=True)


def _build(out: Path, work: Path, seed: int) -> dict:
    st = SetState(seed)
    dossiers = [f(st) for f in RECIPES_A + RECIPES_B]
    extra = others(st, {k.id: k for k in dossiers})

    # LibreOffice: one call per target format for the whole set
    jobs, pending = [], {}
    for k in dossiers:
        for a in _all_atts(k.mails):
            if a.convert and not a.data:
                key = f"{k.id}-{len(jobs)}"
                src, sext, target = a.convert
                jobs.append((key, src, sext, target))
                pending[key] = a
    done = convert_batch(jobs, work) if soffice() else {}
    for key, a in pending.items():
        if key in done:
            a.data = done[key]
    skipped = []
    kept = []
    for k in dossiers:
        if any(a.convert and not a.data for a in _all_atts(k.mails)):
            skipped.append(k.id)
        else:
            kept.append(k)
    for k in kept:
        for a in _all_atts(k.mails):
            if a.kind == "zip":
                a.data = zip_bundle([(x.filename, x.data) for x in a.members])
            if not a.ctype:
                a.ctype = CTYPES.get(a.ext(), "application/octet-stream")

    mails = [(m, k) for k in kept for m in k.mails] + [(m, None) for m in extra]
    mails.sort(key=lambda x: (x[0].date, x[0].msgid))
    (out / "mail").mkdir(parents=True, exist_ok=True)
    messages = []
    for i, (m, k) in enumerate(mails, 1):
        raw = build_raw(m, Rand(seed, m.msgid))
        name = f"mail/{i:04d}.eml"
        (out / name).write_bytes(raw)
        e = {"message_id": m.msgid, "file": name, "classification": m.classification, "dossier_id": m.dossier}
        if m.accept:
            e["accept"] = m.accept
        if m.related:
            e["related_dossier"] = m.related
        if m.note:
            e["note"] = m.note
        messages.append(e)

    truth_d = []
    for k in kept:
        t = k.truth()
        renders = []
        for m in k.mails:
            for a in m.atts:
                for x in [a, *a.members]:
                    if x.filename.lower().endswith(".pdf") and x.doc is not None and x.kind not in ("scan", "encrypted"):
                        renders.append([x.filename, "libreoffice" if x.convert else "reportlab"])
        t["meta"]["pdf_renders"] = renders
        truth_d.append(t)
    import reportlab
    truth = {
        "schema": 1,
        "call": "fabrique-cto-2022",
        "generator": f"tests/extract/blind2 (written without reading the readers), seed {seed}",
        "deadline": "2022-08-23T23:59:59+02:00",
        "cap_eur": 80000,
        "project_end_limit": "2023-12-30",
        "pdf_renderers": {"libreoffice": soffice_version() if done else None, "reportlab": f"reportlab {reportlab.Version}",
                          "note": "meta.pdf_renders: which renderer drew each readable PDF an applicant sent"},
        "conventions": CONVENTIONS,
        "dossiers": truth_d,
        "messages": messages,
        "skipped": skipped,
    }
    for d in truth_d:
        assert set(d["present"]) | set(d["missing"]) == set(KEYS)
    (out / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
    return truth


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--work")
    a = ap.parse_args(argv)
    t = build(Path(a.out), Path(a.work) if a.work else None)
    print(f"{len(t['dossiers'])} dossiers, {len(t['messages'])} mails written to {a.out}"
          + (f"; left out (no LibreOffice): {', '.join(t['skipped'])}" if t["skipped"] else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
