"""cooperation record documents: a document as the source of a recorded value

Revision ID: d4e5f6a7b8c9
Revises: c3d4e5f6a7b8
Create Date: 2026-12-06 16:04:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd4e5f6a7b8c9'
down_revision = 'c3d4e5f6a7b8'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('cooperation_records', schema=None) as batch_op:
        batch_op.add_column(sa.Column('document_filename', sa.String(length=200), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('document_content_type', sa.String(length=100), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('document_size', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('document_data', sa.LargeBinary(), nullable=True))


def downgrade():
    with op.batch_alter_table('cooperation_records', schema=None) as batch_op:
        batch_op.drop_column('document_data')
        batch_op.drop_column('document_size')
        batch_op.drop_column('document_content_type')
        batch_op.drop_column('document_filename')
