"""Places and directory

Revision ID: 5e55a0d1e00a
Revises: 5e55a0d1e009
Create Date: 2026-12-06 07:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5e55a0d1e00a'
down_revision = '5e55a0d1e009'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
