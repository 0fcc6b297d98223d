"""doubt and bounces: how sure each requirement is, the unread files and staff review of a dossier,
when an answer came back

The reader says how far each requirement's decision can be trusted (`confidence`: sure, probable,
unsure) and which attachments it could not read whole (`dossier.unread`): an element it is unsure
of is never named to the applicant, whose answer asks for the unreadable file instead, and the
dossier says why staff must look at it (`dossier.review`). An answer the recipient's server sent
back is "bounced", with its reason in `last_error` and the time in `outbox.bounced_at`.

Revision ID: 0006
Revises: 0005
"""
from alembic import op
import sqlalchemy as sa

from store.types import UTCDateTime


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("requirement_result") as batch:
        batch.add_column(sa.Column("confidence", sa.String(), nullable=True))
    with op.batch_alter_table("dossier") as batch:
        batch.add_column(sa.Column("unread", sa.JSON(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("review", sa.Text(), nullable=True))
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("bounced_at", UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("bounced_at")
    with op.batch_alter_table("dossier") as batch:
        batch.drop_column("review")
        batch.drop_column("unread")
    with op.batch_alter_table("requirement_result") as batch:
        batch.drop_column("confidence")
