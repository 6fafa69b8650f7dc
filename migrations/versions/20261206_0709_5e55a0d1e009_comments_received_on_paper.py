"""Comments received on paper

Revision ID: 5e55a0d1e009
Revises: 5e55a0d1e008
Create Date: 2026-12-06 07:09:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5e55a0d1e009'
down_revision = '5e55a0d1e008'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
