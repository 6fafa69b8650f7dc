"""Event questions and staff cancel

Revision ID: 5e55a0d1e007
Revises: 5e55a0d1e006
Create Date: 2026-12-06 07:07:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5e55a0d1e007'
down_revision = '5e55a0d1e006'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
