"""Notification settings

Revision ID: 5e55a0d1e004
Revises: 5e55a0d1e003
Create Date: 2026-12-06 07:04:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5e55a0d1e004'
down_revision = '5e55a0d1e003'
branch_labels = None
depends_on = None


def upgrade():
    # Existing accounts get the notices switched on, as new ones do.
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('notify_flagged_comments', sa.Boolean(), nullable=False,
                                      server_default=sa.true()))
        batch_op.add_column(sa.Column('notify_daily_digest', sa.Boolean(), nullable=False,
                                      server_default=sa.true()))
        batch_op.add_column(sa.Column('digest_sent_at', sa.DateTime(timezone=True),
                                      nullable=True))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('digest_sent_at')
        batch_op.drop_column('notify_daily_digest')
        batch_op.drop_column('notify_flagged_comments')
