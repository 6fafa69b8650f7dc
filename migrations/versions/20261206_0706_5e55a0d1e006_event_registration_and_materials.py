"""Event registration and materials

Revision ID: 5e55a0d1e006
Revises: 5e55a0d1e005
Create Date: 2026-12-06 07:06:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5e55a0d1e006'
down_revision = '5e55a0d1e005'
branch_labels = None
depends_on = None


def upgrade():
    # What staff share after an event: a file (kept in the database) or a link.
    op.create_table('event_materials',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('url', sa.String(length=500), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_materials_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_materials'))
    )
    with op.batch_alter_table('event_materials', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_materials_event_id'), ['event_id'], unique=False)


def downgrade():
    with op.batch_alter_table('event_materials', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_materials_event_id'))

    op.drop_table('event_materials')
