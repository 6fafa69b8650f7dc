"""Sign-in throttling per account and address

Revision ID: 5e55a0d1e003
Revises: 5e55a0d1e002
Create Date: 2026-12-06 01:02:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5e55a0d1e003'
down_revision = '5e55a0d1e002'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
