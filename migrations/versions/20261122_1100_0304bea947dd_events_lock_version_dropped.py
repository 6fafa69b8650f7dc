"""events.lock_version dropped: the registration lock changes no column

Revision ID: 0304bea947dd
Revises: be8ba655c43e
Create Date: 2026-11-22 11:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0304bea947dd'
down_revision = 'be8ba655c43e'
branch_labels = None
depends_on = None


def upgrade():
    # On SQLite the table is copied: env.py turns foreign keys off meanwhile, or dropping
    # the old table would delete every registration with it.
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_column('lock_version')


def downgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('lock_version', sa.Integer(), nullable=False,
                                      server_default='0'))
