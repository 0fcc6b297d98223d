"""What the JSON export adds for the committee (fields added, none renamed: export-contract.md)."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlmodel import Session

from store.db import make_engine, migrate
from store.export import export_document
from store.models import Dossier, Outbox


def test_acronym_and_the_dates_of_answers(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'store.sqlite3'}")
    migrate(engine)
    queued = datetime(2022, 8, 10, 9, 15, tzinfo=timezone.utc)
    sent = datetime(2022, 8, 10, 9, 16, tzinfo=timezone.utc)
    with Session(engine) as s:
        d = Dossier(reference="FCTO-2022-0003", call="fabrique-cto-2022", applicant_email="b@coop.example",
                    received_at=queued, budget={"total_eur": 50000.0, "acronym": "MARÉE"})
        s.add(d)
        s.flush()
        s.add_all([Outbox(dedupe_key="k1", dossier_id=d.id, kind="acknowledgement", to_addr="b@coop.example",
                          subject="Accusé", message_id="<k1@anact.fr>", raw=b"x", status="sent",
                          created_at=queued, sent_at=sent),
                   Outbox(dedupe_key="k2", dossier_id=d.id, kind="completion_request", to_addr="b@coop.example",
                          subject="Compléments", message_id="<k2@anact.fr>", raw=b"x", status="held",
                          created_at=queued)])
        s.commit()
        doc = export_document(s, "fabrique-cto-2022")
    engine.dispose()
    dossier = doc["dossiers"][0]
    assert dossier["acronym"] == "MARÉE"
    first, second = dossier["notifications"]
    assert (first["queued_at"], first["sent_at"]) == ("2022-08-10T11:15:00+02:00", "2022-08-10T11:16:00+02:00")
    assert (second["status"], second["sent_at"]) == ("pending", None)
    assert set(first) >= {"kind", "to", "status", "message_id"}  # the contract's fields stay
