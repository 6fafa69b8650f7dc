"""network status log

Revision ID: 5e55a0d1e00d
Revises: 5e55a0d1e00c
Create Date: 2026-12-06 11:02:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5e55a0d1e00d'
down_revision = '5e55a0d1e00c'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
