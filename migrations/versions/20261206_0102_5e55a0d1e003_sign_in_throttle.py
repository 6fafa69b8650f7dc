"""Sign-in throttling per account and address

Revision ID: 5e55a0d1e003
Revises: 5e55a0d1e002
Create Date: 2026-12-06 01:02:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5e55a0d1e003'
down_revision = '5e55a0d1e002'
branch_labels = None
depends_on = None


def upgrade():
    # Failed sign-ins counted per account, per account and IP address, and per account and
    # known browser, under keyed hashes (consult/auth/throttle.py); a row goes a day after
    # its last attempt.
    op.create_table('sign_in_throttle',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('account', sa.String(length=32), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('last_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('blocked_until', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_sign_in_throttle'))
    )
    with op.batch_alter_table('sign_in_throttle', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sign_in_throttle_account'), ['account'], unique=False)
        batch_op.create_index(batch_op.f('ix_sign_in_throttle_last_attempt_at'), ['last_attempt_at'], unique=False)


def downgrade():
    with op.batch_alter_table('sign_in_throttle', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sign_in_throttle_last_attempt_at'))
        batch_op.drop_index(batch_op.f('ix_sign_in_throttle_account'))

    op.drop_table('sign_in_throttle')
