"""other areas

Revision ID: 5e55a0d1e00e
Revises: 5e55a0d1e00d
Create Date: 2026-12-06 11:03:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5e55a0d1e00e'
down_revision = '5e55a0d1e00d'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
