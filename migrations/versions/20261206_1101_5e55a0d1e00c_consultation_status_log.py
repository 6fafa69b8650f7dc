"""consultation status log

Revision ID: 5e55a0d1e00c
Revises: 5e55a0d1e00b
Create Date: 2026-12-06 11:01:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5e55a0d1e00c'
down_revision = '5e55a0d1e00b'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
