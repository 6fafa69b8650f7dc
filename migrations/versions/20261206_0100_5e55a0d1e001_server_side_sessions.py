"""Server-side sessions: sign-out ends them

Revision ID: 5e55a0d1e001
Revises: 0304bea947dd
Create Date: 2026-12-06 01:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5e55a0d1e001'
down_revision = '0304bea947dd'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
