"""advice: the log of individual advice (advice_sessions)

The log of individual advice (doradztwo): advice_sessions.

Revision ID: f6a7b8c9d0e1
Revises: e5f6a7b8c9d0
Create Date: 2026-12-06 17:01:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f6a7b8c9d0e1'
down_revision = 'e5f6a7b8c9d0'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('advice_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('start_time', sa.Time(), nullable=True),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('institution_id', sa.Integer(), nullable=True),
    sa.Column('advised_name', sa.String(length=300), nullable=False),
    sa.Column('advised_search', sa.String(length=300), nullable=False),
    sa.Column('person_name', sa.String(length=200), nullable=False),
    sa.Column('topic', sa.String(length=300), nullable=False),
    sa.Column('category', sa.String(length=30), nullable=False),
    sa.Column('form', sa.String(length=20), nullable=False),
    sa.Column('advisor_id', sa.Integer(), nullable=True),
    sa.Column('funding_project_id', sa.Integer(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('minutes > 0', name=op.f('ck_advice_sessions_minutes_positive')),
    sa.ForeignKeyConstraint(['advisor_id'], ['users.id'], name=op.f('fk_advice_sessions_advisor_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_advice_sessions_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['funding_project_id'], ['funding_projects.id'], name=op.f('fk_advice_sessions_funding_project_id_funding_projects'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['institution_id'], ['institutions.id'], name=op.f('fk_advice_sessions_institution_id_institutions'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_advice_sessions_organisation_id_organisations'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_advice_sessions'))
    )
    with op.batch_alter_table('advice_sessions', schema=None) as batch_op:
        batch_op.create_index('ix_advice_sessions_held_on_id', ['held_on', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_advice_sessions_advisor_id'), ['advisor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_advice_sessions_funding_project_id'), ['funding_project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_advice_sessions_institution_id'), ['institution_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_advice_sessions_organisation_id'), ['organisation_id'], unique=False)


def downgrade():
    with op.batch_alter_table('advice_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_advice_sessions_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_advice_sessions_institution_id'))
        batch_op.drop_index(batch_op.f('ix_advice_sessions_funding_project_id'))
        batch_op.drop_index(batch_op.f('ix_advice_sessions_advisor_id'))
        batch_op.drop_index('ix_advice_sessions_held_on_id')

    op.drop_table('advice_sessions')
