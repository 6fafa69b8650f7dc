"""certificates of attendance (event_certificates)

Revision ID: a7b8c9d0e1f2
Revises: f6a7b8c9d0e1
Create Date: 2026-12-06 17:02:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7b8c9d0e1f2'
down_revision = 'f6a7b8c9d0e1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('event_certificates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('registration_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=24), nullable=False),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('event_title', sa.String(length=300), nullable=False),
    sa.Column('event_type', sa.String(length=30), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('first_day', sa.Date(), nullable=False),
    sa.Column('last_day', sa.Date(), nullable=False),
    sa.Column('days_attended', sa.Integer(), nullable=False),
    sa.Column('days_total', sa.Integer(), nullable=False),
    sa.Column('hours', sa.Numeric(precision=6, scale=1), nullable=True),
    sa.Column('place', sa.String(length=600), nullable=False),
    sa.Column('programme', sa.Text(), nullable=False),
    sa.Column('organiser', sa.String(length=300), nullable=False),
    sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('withdrawal_reason', sa.String(length=20), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['registration_id'], ['registrations.id'], name=op.f('fk_event_certificates_registration_id_registrations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_certificates')),
    sa.UniqueConstraint('code', name=op.f('uq_event_certificates_code'))
    )
    with op.batch_alter_table('event_certificates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_certificates_registration_id'), ['registration_id'], unique=False)
        # One live (not withdrawn) certificate per registration.
        batch_op.create_index('uq_event_certificates_live', ['registration_id'], unique=True,
                              sqlite_where=sa.text('withdrawn_at IS NULL'),
                              postgresql_where=sa.text('withdrawn_at IS NULL'))


def downgrade():
    with op.batch_alter_table('event_certificates', schema=None) as batch_op:
        batch_op.drop_index('uq_event_certificates_live')
        batch_op.drop_index(batch_op.f('ix_event_certificates_registration_id'))

    op.drop_table('event_certificates')
