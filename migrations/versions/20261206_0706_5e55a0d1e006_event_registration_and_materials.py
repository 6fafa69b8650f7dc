"""Event registration and materials

Revision ID: 5e55a0d1e006
Revises: 5e55a0d1e005
Create Date: 2026-12-06 07:06:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5e55a0d1e006'
down_revision = '5e55a0d1e005'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
