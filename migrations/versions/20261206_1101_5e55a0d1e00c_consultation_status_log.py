"""Consultation status log: every change of a comment's status

Revision ID: 5e55a0d1e00c
Revises: 5e55a0d1e00b
Create Date: 2026-12-06 11:01:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5e55a0d1e00c'
down_revision = '5e55a0d1e00b'
branch_labels = None
depends_on = None


def upgrade():
    # A consultation's status is derived from its dates and is never stored; a comment's
    # is, and each change (published, hidden with the reason, withdrawn, waiting for a
    # moderator again) is logged: when, from, to, who, why.
    op.create_table('comment_status_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('comment_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('old_status', sa.String(length=20), nullable=False),
    sa.Column('new_status', sa.String(length=20), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_comment_status_changes_actor_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['comment_id'], ['consultation_comments.id'], name=op.f('fk_comment_status_changes_comment_id_consultation_comments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_comment_status_changes'))
    )
    with op.batch_alter_table('comment_status_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_comment_status_changes_comment_id'), ['comment_id'], unique=False)


def downgrade():
    with op.batch_alter_table('comment_status_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_comment_status_changes_comment_id'))

    op.drop_table('comment_status_changes')
