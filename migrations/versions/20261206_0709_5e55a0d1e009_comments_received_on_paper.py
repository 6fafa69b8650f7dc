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

comments = sa.table(
    'consultation_comments',
    sa.column('id', sa.Integer), sa.column('consultation_id', sa.Integer),
    sa.column('number', sa.Integer), sa.column('status', sa.String),
    sa.column('submitted_at', sa.DateTime),
)


def upgrade():
    with op.batch_alter_table('consultation_comments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('number', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('channel', sa.String(length=20), nullable=False,
                                      server_default='platform'))
        batch_op.add_column(sa.Column('received_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('entered_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_consultation_comments_entered_by_id_users'),
                                    'users', ['entered_by_id'], ['id'], ondelete='SET NULL')
    with op.batch_alter_table('consultation_comments', schema=None) as batch_op:
        batch_op.alter_column('channel', server_default=None)

    # Comments already published (or hidden or withdrawn since) are numbered in the order
    # they came in; those waiting for a moderator get theirs when they are published.
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(comments.c.id, comments.c.consultation_id)
        .where(comments.c.status != 'pending')
        .order_by(comments.c.consultation_id, comments.c.submitted_at, comments.c.id)).all()
    last: dict[int, int] = {}
    for comment_id, consultation_id in rows:
        last[consultation_id] = last.get(consultation_id, 0) + 1
        connection.execute(comments.update().where(comments.c.id == comment_id)
                           .values(number=last[consultation_id]))

    with op.batch_alter_table('consultation_comments', schema=None) as batch_op:
        batch_op.create_index('ix_consultation_comments_number', ['consultation_id', 'number'],
                              unique=True)

    op.create_table('consultation_comment_scans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('comment_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['comment_id'], ['consultation_comments.id'], name=op.f('fk_consultation_comment_scans_comment_id_consultation_comments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_comment_scans')),
    sa.UniqueConstraint('comment_id', name=op.f('uq_consultation_comment_scans_comment_id'))
    )


def downgrade():
    op.drop_table('consultation_comment_scans')
    with op.batch_alter_table('consultation_comments', schema=None) as batch_op:
        batch_op.drop_index('ix_consultation_comments_number')
        batch_op.drop_constraint(batch_op.f('fk_consultation_comments_entered_by_id_users'),
                                 type_='foreignkey')
        batch_op.drop_column('entered_by_id')
        batch_op.drop_column('received_on')
        batch_op.drop_column('channel')
        batch_op.drop_column('number')
