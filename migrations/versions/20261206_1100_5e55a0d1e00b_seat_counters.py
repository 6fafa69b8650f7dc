"""seat counters

Revision ID: 5e55a0d1e00b
Revises: 5e55a0d1e00a
Create Date: 2026-12-06 11:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5e55a0d1e00b'
down_revision = '5e55a0d1e00a'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
