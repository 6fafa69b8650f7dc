"""logo_alt_text: what a funding project's logo shows, for those who cannot see it; the grant agreement's number

Revision ID: f2a3b4c5d6e7
Revises: e1f2a3b4c5d6
Create Date: 2026-12-06 20:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f2a3b4c5d6e7'
down_revision = 'e1f2a3b4c5d6'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('funding_project_logos', schema=None) as batch_op:
        batch_op.add_column(sa.Column('alt_text', sa.String(length=300), nullable=False, server_default=''))
    with op.batch_alter_table('funding_project_logos', schema=None) as batch_op:
        batch_op.alter_column('alt_text', server_default=None)
    with op.batch_alter_table('funding_projects', schema=None) as batch_op:
        batch_op.add_column(sa.Column('agreement_number', sa.String(length=100), nullable=False, server_default=''))
    with op.batch_alter_table('funding_projects', schema=None) as batch_op:
        batch_op.alter_column('agreement_number', server_default=None)


def downgrade():
    with op.batch_alter_table('funding_projects', schema=None) as batch_op:
        batch_op.drop_column('agreement_number')
    with op.batch_alter_table('funding_project_logos', schema=None) as batch_op:
        batch_op.drop_column('alt_text')
