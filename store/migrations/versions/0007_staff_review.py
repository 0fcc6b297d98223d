"""staff review: staff accounts, failed logins, corrections and the audit of every change

- staff_account: the people who may use the review pages (`fabrique-intake staff add`, argon2
  hash), or who came through the agency's single sign-on (no password);
- login_attempt: failed logins by account and by address, which the rate limits count;
- correction: what staff said the reading got wrong (an element present or missing, a budget
  figure, a partner, a message's dossier), applied on every evaluation, reprocess included;
- audit_entry: who changed what, and when.

Revision ID: 0007
Revises: 0006
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel

from store.types import UTCDateTime


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

_str = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "staff_account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", _str(), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=True),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("last_login_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_staff_account_name", "staff_account", ["name"], unique=True)
    op.create_table(
        "login_attempt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account", _str(), nullable=False),
        sa.Column("address", _str(), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_login_attempt_account_at", "login_attempt", ["account", "at"])
    op.create_index("ix_login_attempt_address_at", "login_attempt", ["address", "at"])
    op.create_table(
        "correction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_ref", _str(), nullable=False),
        sa.Column("kind", _str(), nullable=False),
        sa.Column("key", sa.Text(), nullable=True),
        sa.Column("message_pk", sa.Integer(), nullable=True),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("author", _str(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("withdrawn_at", UTCDateTime(), nullable=True),
        sa.Column("withdrawn_by", _str(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_correction_dossier_ref", "correction", ["dossier_ref"])
    op.create_index("ix_correction_message_pk", "correction", ["message_pk"])
    op.create_table(
        "audit_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("actor", _str(), nullable=False),
        sa.Column("action", _str(), nullable=False),
        sa.Column("dossier_ref", _str(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_audit_entry_action", "audit_entry", ["action"])
    op.create_index("ix_audit_entry_dossier_ref", "audit_entry", ["dossier_ref"])


def downgrade() -> None:
    op.drop_table("audit_entry")
    op.drop_table("correction")
    op.drop_table("login_attempt")
    op.drop_table("staff_account")
