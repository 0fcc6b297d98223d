"""mailbox ledger per UID: failing and quarantined UIDs, marking retries, the Sent folder found

A UID whose FETCH the server refuses, or whose message cannot be stored, now has its ledger row
(no message yet: `message_pk` may be null) with its state, attempts and last error, so that it
never blocks the others; a marking the server refuses is retried later (`mark_after`) and shown
by `status`, like the Sent folder found or missing (on the cursor). UIDs and UIDVALIDITY are
unsigned 32-bit numbers: BIGINT, as INTEGER overflows on PostgreSQL past 2^31.

Revision ID: 0005
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa

from store.types import UTCDateTime


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

UNMARKED = dict(sqlite_where=sa.text("marked = 0"), postgresql_where=sa.text("marked = false"))
UNMARKED_COLUMNS = ["account", "folder", "uidvalidity", "uid"]


def upgrade() -> None:
    op.drop_index("ix_mailbox_entry_unmarked", table_name="mailbox_entry")  # batch mode would lose its WHERE
    with op.batch_alter_table("mailbox_entry") as batch:
        batch.alter_column("uidvalidity", existing_type=sa.Integer(), type_=sa.BigInteger(), existing_nullable=False)
        batch.alter_column("uid", existing_type=sa.Integer(), type_=sa.BigInteger(), existing_nullable=False)
        batch.alter_column("message_pk", existing_type=sa.Integer(), nullable=True)
        batch.add_column(sa.Column("state", sa.String(), nullable=False, server_default="stored"))
        batch.add_column(sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("last_error", sa.Text(), nullable=True))
        batch.add_column(sa.Column("failed_since", UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("mark_attempts", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("mark_error", sa.Text(), nullable=True))
        batch.add_column(sa.Column("mark_after", UTCDateTime(), nullable=True))
    op.create_index("ix_mailbox_entry_unmarked", "mailbox_entry", UNMARKED_COLUMNS, unique=False, **UNMARKED)
    with op.batch_alter_table("mailbox_cursor") as batch:
        batch.alter_column("uidvalidity", existing_type=sa.Integer(), type_=sa.BigInteger(), existing_nullable=True)
        batch.alter_column("last_uid", existing_type=sa.Integer(), type_=sa.BigInteger(), existing_nullable=False)
        batch.add_column(sa.Column("last_stored_at", UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("sent_folder", sa.String(), nullable=True))
        batch.add_column(sa.Column("sent_problem", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("mailbox_cursor") as batch:
        batch.drop_column("sent_problem")
        batch.drop_column("sent_folder")
        batch.drop_column("last_stored_at")
        batch.alter_column("last_uid", existing_type=sa.BigInteger(), type_=sa.Integer(), existing_nullable=False)
        batch.alter_column("uidvalidity", existing_type=sa.BigInteger(), type_=sa.Integer(), existing_nullable=True)
    op.execute("DELETE FROM mailbox_entry WHERE message_pk IS NULL")
    op.drop_index("ix_mailbox_entry_unmarked", table_name="mailbox_entry")
    with op.batch_alter_table("mailbox_entry") as batch:
        for name in ("mark_after", "mark_error", "mark_attempts", "failed_since", "last_error", "attempts", "state"):
            batch.drop_column(name)
        batch.alter_column("message_pk", existing_type=sa.Integer(), nullable=False)
        batch.alter_column("uid", existing_type=sa.BigInteger(), type_=sa.Integer(), existing_nullable=False)
        batch.alter_column("uidvalidity", existing_type=sa.BigInteger(), type_=sa.Integer(), existing_nullable=False)
    op.create_index("ix_mailbox_entry_unmarked", "mailbox_entry", UNMARKED_COLUMNS, unique=False, **UNMARKED)
