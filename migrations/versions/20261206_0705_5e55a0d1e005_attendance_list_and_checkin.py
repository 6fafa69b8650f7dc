"""Attendance list and checkin

Revision ID: 5e55a0d1e005
Revises: 5e55a0d1e004
Create Date: 2026-12-06 07:05:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5e55a0d1e005'
down_revision = '5e55a0d1e004'
branch_labels = None
depends_on = None


def upgrade():
    # The funder's notice in English, the attendance list's empty rows for people who come
    # unregistered, and the funder's logos at the list's top.
    with op.batch_alter_table('funding_projects', schema=None) as batch_op:
        batch_op.add_column(sa.Column('notice_en', sa.Text(), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('blank_rows', sa.Integer(), nullable=False,
                                      server_default='5'))
    with op.batch_alter_table('funding_projects', schema=None) as batch_op:
        batch_op.alter_column('notice_en', server_default=None)
        batch_op.alter_column('blank_rows', server_default=None)

    op.create_table('funding_project_logos',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('content_type', sa.String(length=20), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('height', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['funding_projects.id'], name=op.f('fk_funding_project_logos_project_id_funding_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_funding_project_logos'))
    )
    with op.batch_alter_table('funding_project_logos', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_funding_project_logos_project_id'), ['project_id'], unique=False)


def downgrade():
    with op.batch_alter_table('funding_project_logos', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_funding_project_logos_project_id'))

    op.drop_table('funding_project_logos')
    with op.batch_alter_table('funding_projects', schema=None) as batch_op:
        batch_op.drop_column('blank_rows')
        batch_op.drop_column('notice_en')
