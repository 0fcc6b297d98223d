"""outbox: per-row claims, the server's failing time, the caps' keys and the state each answer speaks of

- claimed_at, claimed_by: when and by which process a "sending" row was taken (a second process
  never takes back a row in flight: notify.sender);
- failing_since: since when the server has been unreachable for the row (no attempt is spent on
  it; a retry period bounds the wait; staff are alerted: service.alerts);
- to_key, to_domain: the recipient's mailbox without case or +tag, and its domain (the caps of
  notify.guards), indexed with created_at, as is created_at alone (the hourly cap);
- state_key, trigger_pk: the dossier state an answer speaks of and the message that called for it
  (answers are decided against the last one queued; a held answer is composed again when released).

Existing rows get their keys from what they hold: to_addr, and the state hash ending dedupe_key.

Revision ID: 0004
Revises: 0003
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel

from store.types import UTCDateTime


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

ANSWERS = ("acknowledgement", "completion_request", "completion_acknowledgement")


def _mailbox(addr: str) -> tuple[str, str]:
    local, _, domain = (addr or "").strip().lower().rpartition("@")
    return f"{local.split('+', 1)[0]}@{domain}", domain


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("to_key", sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch.add_column(sa.Column("to_domain", sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch.add_column(sa.Column("state_key", sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch.add_column(sa.Column("trigger_pk", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("claimed_at", UTCDateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("claimed_by", sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch.add_column(sa.Column("failing_since", UTCDateTime(timezone=True), nullable=True))
    outbox = sa.table("outbox", sa.column("id", sa.Integer), sa.column("kind", sa.String),
                      sa.column("to_addr", sa.String), sa.column("dedupe_key", sa.String),
                      sa.column("to_key", sa.String), sa.column("to_domain", sa.String),
                      sa.column("state_key", sa.String), sa.column("status", sa.String),
                      sa.column("next_attempt_at", UTCDateTime()), sa.column("claimed_at", UTCDateTime()))
    conn = op.get_bind()
    rows = conn.execute(sa.select(outbox.c.id, outbox.c.kind, outbox.c.to_addr, outbox.c.dedupe_key)
                        .where(outbox.c.kind.in_(ANSWERS))).all()
    for pk, kind, to_addr, key in rows:
        to_key, domain = _mailbox(to_addr)
        status = "incomplete" if kind == "completion_request" else "complete"
        conn.execute(sa.update(outbox).where(outbox.c.id == pk).values(
            to_key=to_key, to_domain=domain, state_key=f"{status}:{key.rsplit(':', 1)[-1]}"))
    conn.execute(sa.update(outbox).where(outbox.c.status == "sending")
                 .values(claimed_at=outbox.c.next_attempt_at))
    op.drop_index("ix_outbox_to_addr_created", table_name="outbox")
    op.create_index("ix_outbox_to_key_created", "outbox", ["to_key", "created_at"], unique=False)
    op.create_index("ix_outbox_to_domain_created", "outbox", ["to_domain", "created_at"], unique=False)
    op.create_index("ix_outbox_created_at", "outbox", ["created_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_outbox_created_at", table_name="outbox")
    op.drop_index("ix_outbox_to_domain_created", table_name="outbox")
    op.drop_index("ix_outbox_to_key_created", table_name="outbox")
    op.create_index("ix_outbox_to_addr_created", "outbox", ["to_addr", "created_at"], unique=False)
    with op.batch_alter_table("outbox") as batch:
        for name in ("failing_since", "claimed_by", "claimed_at", "trigger_pk", "state_key", "to_domain", "to_key"):
            batch.drop_column(name)
