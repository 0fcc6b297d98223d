"""ledger: a partial index on the rows not yet marked on the server

Every poll asks for the ledger rows whose marking is still to be done (service.poll._retry_marking);
without this index the database read the whole ledger of the folder for that (3 ms at 10 000
messages, on every idle poll). The partial index holds only the unmarked rows: almost none.

Revision ID: 0002
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

SQLITE_UNMARKED, POSTGRESQL_UNMARKED = sa.text("marked = 0"), sa.text("marked = false")


def upgrade() -> None:
    op.create_index("ix_mailbox_entry_unmarked", "mailbox_entry", ["account", "folder", "uidvalidity", "uid"],
                    unique=False, sqlite_where=SQLITE_UNMARKED, postgresql_where=POSTGRESQL_UNMARKED)


def downgrade() -> None:
    op.drop_index("ix_mailbox_entry_unmarked", table_name="mailbox_entry")
