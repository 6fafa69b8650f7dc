"""cooperation records

Revision ID: 7c1d2e3f4a5b
Revises: 5e55a0d1e00d
Create Date: 2026-12-06 15:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7c1d2e3f4a5b'
down_revision = '5e55a0d1e00d'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('cooperation_records',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('institution_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('step', sa.String(length=30), nullable=False),
    sa.Column('happened_on', sa.Date(), nullable=True),
    sa.Column('reference', sa.String(length=100), nullable=False),
    sa.Column('source_url', sa.String(length=500), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('withdrawn', sa.Boolean(), nullable=False),
    sa.Column('entered_by_id', sa.Integer(), nullable=True),
    sa.Column('entered_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['entered_by_id'], ['users.id'], name=op.f('fk_cooperation_records_entered_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['institution_id'], ['institutions.id'], name=op.f('fk_cooperation_records_institution_id_institutions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cooperation_records'))
    )
    with op.batch_alter_table('cooperation_records', schema=None) as batch_op:
        batch_op.create_index('ix_cooperation_records_current', ['institution_id', 'step', 'year', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('cooperation_records', schema=None) as batch_op:
        batch_op.drop_index('ix_cooperation_records_current')

    op.drop_table('cooperation_records')
