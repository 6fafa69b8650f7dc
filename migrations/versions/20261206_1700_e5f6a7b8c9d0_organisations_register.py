"""organisations_register: legal form, seat gmina, areas, contact and public-listing consent
of organisations; links from registrations and comments; the log of merges

Revision ID: e5f6a7b8c9d0
Revises: d4e5f6a7b8c9
Create Date: 2026-12-06 17:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e5f6a7b8c9d0'
down_revision = 'd4e5f6a7b8c9'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('legal_form', sa.String(length=30), nullable=False, server_default='other'))
        batch_op.add_column(sa.Column('gmina_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('areas', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('email', sa.String(length=320), nullable=True))
        batch_op.add_column(sa.Column('phone', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('public_listing', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('public_listing_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_organisations_legal_form'), ['legal_form'], unique=False)
        batch_op.create_index(batch_op.f('ix_organisations_gmina_id'), ['gmina_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_organisations_nip'), ['nip'], unique=False)
        batch_op.create_index(batch_op.f('ix_organisations_public_listing'), ['public_listing'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_organisations_gmina_id_institutions'), 'institutions', ['gmina_id'], ['id'], ondelete='SET NULL')

    op.create_table('organisation_merges',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kept_id', sa.Integer(), nullable=False),
    sa.Column('merged_name', sa.String(length=300), nullable=False),
    sa.Column('merged_krs', sa.String(length=10), nullable=True),
    sa.Column('merged_nip', sa.String(length=10), nullable=True),
    sa.Column('moved_registrations', sa.Integer(), nullable=False),
    sa.Column('moved_comments', sa.Integer(), nullable=False),
    sa.Column('moved_advice', sa.Integer(), nullable=False),
    sa.Column('merged_by_id', sa.Integer(), nullable=True),
    sa.Column('merged_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['kept_id'], ['organisations.id'], name=op.f('fk_organisation_merges_kept_id_organisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['merged_by_id'], ['users.id'], name=op.f('fk_organisation_merges_merged_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisation_merges'))
    )
    with op.batch_alter_table('organisation_merges', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organisation_merges_kept_id'), ['kept_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_organisation_merges_merged_by_id'), ['merged_by_id'], unique=False)

    for table in ('registrations', 'consultation_comments'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('organisation_id', sa.Integer(), nullable=True))
            batch_op.create_index(batch_op.f(f'ix_{table}_organisation_id'), ['organisation_id'], unique=False)
            batch_op.create_foreign_key(batch_op.f(f'fk_{table}_organisation_id_organisations'), 'organisations', ['organisation_id'], ['id'], ondelete='SET NULL')


def downgrade():
    for table in ('consultation_comments', 'registrations'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f'fk_{table}_organisation_id_organisations'), type_='foreignkey')
            batch_op.drop_index(batch_op.f(f'ix_{table}_organisation_id'))
            batch_op.drop_column('organisation_id')

    with op.batch_alter_table('organisation_merges', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organisation_merges_merged_by_id'))
        batch_op.drop_index(batch_op.f('ix_organisation_merges_kept_id'))

    op.drop_table('organisation_merges')
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_organisations_gmina_id_institutions'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_organisations_public_listing'))
        batch_op.drop_index(batch_op.f('ix_organisations_nip'))
        batch_op.drop_index(batch_op.f('ix_organisations_gmina_id'))
        batch_op.drop_index(batch_op.f('ix_organisations_legal_form'))
        batch_op.drop_column('public_listing_at')
        batch_op.drop_column('public_listing')
        batch_op.drop_column('phone')
        batch_op.drop_column('email')
        batch_op.drop_column('areas')
        batch_op.drop_column('gmina_id')
        batch_op.drop_column('legal_form')
