"""Consultation periods

Revision ID: 5e55a0d1e008
Revises: 5e55a0d1e007
Create Date: 2026-12-06 07:08:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5e55a0d1e008'
down_revision = '5e55a0d1e007'
branch_labels = None
depends_on = None


def upgrade():
    # A consultation's own minimum period (empty: the site's CONSULT_MIN_CONSULTATION_DAYS)
    # and the public record of deadlines changed after it opened, with the reason.
    with op.batch_alter_table('consultations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('min_period_days', sa.SmallInteger(), nullable=True))

    op.create_table('consultation_period_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('previous_deadline', sa.DateTime(timezone=True), nullable=False),
    sa.Column('deadline', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('changed_by_id', sa.Integer(), nullable=True),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['changed_by_id'], ['users.id'], name=op.f('fk_consultation_period_changes_changed_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], name=op.f('fk_consultation_period_changes_consultation_id_consultations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_period_changes'))
    )
    with op.batch_alter_table('consultation_period_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_period_changes_consultation_id'), ['consultation_id'], unique=False)


def downgrade():
    with op.batch_alter_table('consultation_period_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultation_period_changes_consultation_id'))

    op.drop_table('consultation_period_changes')
    with op.batch_alter_table('consultations', schema=None) as batch_op:
        batch_op.drop_column('min_period_days')
