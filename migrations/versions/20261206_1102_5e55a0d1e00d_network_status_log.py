"""network status log

Revision ID: 5e55a0d1e00d
Revises: 5e55a0d1e00c
Create Date: 2026-12-06 11:02:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5e55a0d1e00d'
down_revision = '5e55a0d1e00c'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('member_status_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('from_status', sa.String(length=20), nullable=True),
    sa.Column('to_status', sa.String(length=20), nullable=False),
    sa.Column('changed_by_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['changed_by_id'], ['users.id'], name=op.f('fk_member_status_changes_changed_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['member_id'], ['network_members.id'], name=op.f('fk_member_status_changes_member_id_network_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_member_status_changes'))
    )
    with op.batch_alter_table('member_status_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_member_status_changes_member_id'), ['member_id'], unique=False)


def downgrade():
    with op.batch_alter_table('member_status_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_member_status_changes_member_id'))

    op.drop_table('member_status_changes')
