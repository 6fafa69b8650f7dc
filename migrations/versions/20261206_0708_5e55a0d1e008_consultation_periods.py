"""Consultation periods

Revision ID: 5e55a0d1e008
Revises: 5e55a0d1e007
Create Date: 2026-12-06 07:08:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5e55a0d1e008'
down_revision = '5e55a0d1e007'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
