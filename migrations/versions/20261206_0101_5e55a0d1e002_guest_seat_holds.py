"""Guest seat holds: short until confirmed, capped per visitor

Revision ID: 5e55a0d1e002
Revises: 5e55a0d1e001
Create Date: 2026-12-06 01:01:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5e55a0d1e002'
down_revision = '5e55a0d1e001'
branch_labels = None
depends_on = None


def upgrade():
    # Who registered, as a keyed hash of the network address, while an unconfirmed address
    # holds a seat (the cap of such holds per visitor and event).
    with op.batch_alter_table('registrations') as batch_op:
        batch_op.add_column(sa.Column('client_key', sa.String(length=64), nullable=True))
    # From now on a freed seat goes only to a confirmed address, and unconfirmed waiting
    # entries lapse. People waiting from before were told a seat would come to them by
    # itself: keep that promise by taking their address as confirmed.
    op.execute("UPDATE registrations SET email_confirmed_at = created_at "
               "WHERE status = 'waitlisted' AND email_confirmed_at IS NULL")


def downgrade():
    with op.batch_alter_table('registrations') as batch_op:
        batch_op.drop_column('client_key')
