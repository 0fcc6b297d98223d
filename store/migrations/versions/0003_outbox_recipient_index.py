"""outbox: an index on (to_addr, created_at) for the per-sender daily cap

notify.guards.cap_refusal counts the answers sent to one address in the last 24 hours before
every answer; without this index the database read the whole outbox for that, so each new
dossier cost more than the one before (a call's outbox only grows).

Revision ID: 0003
Revises: 0002
"""
from alembic import op


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_outbox_to_addr_created", "outbox", ["to_addr", "created_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_outbox_to_addr_created", table_name="outbox")
