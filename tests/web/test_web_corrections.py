"""Staff's corrections through service/corrections.py, on a store the real pipeline filled: each
one re-evaluates at once, is kept by reprocess, and merge, split and attach move messages for
good. The digest links each dossier to its page when FABRIQUE_WEB_URL is set."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlmodel import Session, select

from config.settings import Settings
from service import corrections
from service.jobs import import_paths
from service.pipeline import reprocess
from service.runtime import open_runtime
from store.models import AuditEntry, Dossier, Message, PartnerRow
from tests.web import webhelp

COOP, ASSO = "FCTO-2022-0001", "FCTO-2022-0002"


@pytest.fixture(scope="module")
def rt(tmp_path_factory):
    root = tmp_path_factory.mktemp("corrections")
    runtime = open_runtime(Settings(data_dir=root / "data", database_url=f"sqlite:///{root / 'data' / 'db.sqlite3'}",
                                    answers="review", web_url="https://revue.agence.example"))
    import_paths(runtime, webhelp.write_mails(root / "mail", webhelp.MAILS()), send=False)
    yield runtime
    runtime.engine.dispose()


def _dossier(rt, reference):
    with Session(rt.engine) as s:
        return s.exec(select(Dossier).where(Dossier.reference == reference)).first()


def test_figures_and_partners_corrected_are_evaluated_at_once_and_kept_by_reprocess(rt):
    corrections.correct(rt, COOP, "figure", "anact_request_eur", {"amount": 90000.0}, "marie", "demande")
    assert "plafond_depasse" in _dossier(rt, COOP).flags  # the call's cap, decided again at once
    corrections.correct(rt, COOP, "partner_remove", "Union locale des syndicats de salariés", {}, "marie", "retrait")
    corrections.correct(rt, COOP, "partner_add", None, {"name": "Mutuelle du bâtiment", "contribution": "accueil"},
                        "marie", "ajout")
    reprocess(rt, None)
    d = _dossier(rt, COOP)
    assert d.budget["anact_request_eur"] == 90000.0 and "plafond_depasse" in d.flags
    with Session(rt.engine) as s:
        names = {p.name for p in s.exec(select(PartnerRow).where(PartnerRow.dossier_id == d.id)).all()}
        assert "Mutuelle du bâtiment" in names and "Union locale des syndicats de salariés" not in names
        assert s.exec(select(AuditEntry).where(AuditEntry.dossier_ref == COOP)).all()
    # withdrawn, the reading decides again
    with Session(rt.engine) as s:
        figure = next(c for c in corrections.active(s, COOP) if c.kind == "figure")
    corrections.withdraw(rt, figure.id, "marie")
    assert _dossier(rt, COOP).budget["anact_request_eur"] == 24000.0 and "plafond_depasse" not in _dossier(rt, COOP).flags


def test_a_held_message_attached_to_a_dossier_joins_it_and_stays_there(rt):
    with Session(rt.engine) as s:
        held = s.exec(select(Message).where(Message.state == "quarantined")).one()
    corrections.attach(rt, held.id, ASSO, "marie")
    reprocess(rt, None)
    with Session(rt.engine) as s:
        msg = s.get(Message, held.id)
        assert msg.state == "processed" and msg.dossier_id == _dossier(rt, ASSO).id


def test_split_then_merge_move_messages_for_good(rt):
    with Session(rt.engine) as s:
        asso = _dossier(rt, ASSO)
        later = s.exec(select(Message).where(Message.dossier_id == asso.id).order_by(Message.received_at)).all()[-1]
    outcome = corrections.split(rt, ASSO, [later.id], "marie")
    new = outcome.references[-1]
    assert new != ASSO and _dossier(rt, new) is not None
    reprocess(rt, None)
    with Session(rt.engine) as s:
        assert s.get(Message, later.id).dossier_id == _dossier(rt, new).id
    corrections.merge(rt, new, ASSO, "marie")
    reprocess(rt, None)
    assert _dossier(rt, new) is None
    with Session(rt.engine) as s:
        assert s.get(Message, later.id).dossier_id == _dossier(rt, ASSO).id
        assert len(s.exec(select(Dossier)).all()) == 2  # reprocess opened no dossier for the merged messages


def test_the_digest_links_each_dossier_to_its_page(rt):
    from notify.digest import build_digest

    with Session(rt.engine) as s:
        digest = build_digest(s, rt.settings, rt.call, datetime(2022, 8, 1, tzinfo=timezone.utc),
                              datetime(2026, 12, 31, tzinfo=timezone.utc))
    assert f'href="https://revue.agence.example/dossiers/{COOP}"' in digest.html
    assert f"https://revue.agence.example/dossiers/{COOP}" in digest.text
