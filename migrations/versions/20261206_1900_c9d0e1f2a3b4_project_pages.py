"""project_pages: a funding project's public page (slug, programme, partners, period, cost and grant, reach, target groups, description)

Revision ID: c9d0e1f2a3b4
Revises: b8c9d0e1f2a3
Create Date: 2026-12-06 19:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c9d0e1f2a3b4'
down_revision = 'b8c9d0e1f2a3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('funding_projects', schema=None) as batch_op:
        batch_op.add_column(sa.Column('slug', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('published', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('programme', sa.String(length=300), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('description', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('target_groups', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('reach', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('starts_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('ends_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('total_cost', sa.Numeric(precision=14, scale=2), nullable=True))
        batch_op.add_column(sa.Column('grant_amount', sa.Numeric(precision=14, scale=2), nullable=True))
        batch_op.add_column(sa.Column('currency', sa.String(length=3), nullable=False, server_default='PLN'))
        batch_op.create_unique_constraint(batch_op.f('uq_funding_projects_slug'), ['slug'])
    with op.batch_alter_table('funding_projects', schema=None) as batch_op:
        for column in ('published', 'programme', 'description', 'target_groups', 'reach',
                       'currency'):
            batch_op.alter_column(column, server_default=None)

    with op.batch_alter_table('event_questions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reports_sex', sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table('event_questions', schema=None) as batch_op:
        batch_op.alter_column('reports_sex', server_default=None)

    op.create_table('project_partners',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('institution_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['institution_id'], ['institutions.id'], name=op.f('fk_project_partners_institution_id_institutions'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_project_partners_organisation_id_organisations'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['project_id'], ['funding_projects.id'], name=op.f('fk_project_partners_project_id_funding_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_partners'))
    )
    with op.batch_alter_table('project_partners', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_partners_institution_id'), ['institution_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_project_partners_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_project_partners_project_id'), ['project_id'], unique=False)


def downgrade():
    with op.batch_alter_table('project_partners', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_partners_project_id'))
        batch_op.drop_index(batch_op.f('ix_project_partners_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_project_partners_institution_id'))
    op.drop_table('project_partners')
    with op.batch_alter_table('event_questions', schema=None) as batch_op:
        batch_op.drop_column('reports_sex')
    with op.batch_alter_table('funding_projects', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_funding_projects_slug'), type_='unique')
        for column in ('currency', 'grant_amount', 'total_cost', 'ends_on', 'starts_on',
                       'reach', 'target_groups', 'description', 'programme', 'published',
                       'slug'):
            batch_op.drop_column(column)
