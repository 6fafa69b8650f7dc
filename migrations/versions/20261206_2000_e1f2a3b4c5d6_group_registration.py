"""group_registration: who registered a registration for someone else (a coordinator registering colleagues)

Revision ID: e1f2a3b4c5d6
Revises: d0e1f2a3b4c5
Create Date: 2026-12-06 20:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e1f2a3b4c5d6'
down_revision = 'd0e1f2a3b4c5'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('registered_by_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_registrations_registered_by_id'), ['registered_by_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_registrations_registered_by_id_users'), 'users', ['registered_by_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_registrations_registered_by_id_users'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_registrations_registered_by_id'))
        batch_op.drop_column('registered_by_id')
