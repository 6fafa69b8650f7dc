"""seat counters

Revision ID: 5e55a0d1e00b
Revises: 5e55a0d1e00a
Create Date: 2026-12-06 11:00:00

Per-event and per-group seat counters (events.seats_taken, events.waitlist_length,
event_quotas.seats_taken), filled from a recount of the registrations, and the history of
events' status changes (event_status_changes).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5e55a0d1e00b'
down_revision = '5e55a0d1e00a'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('seats_taken', sa.Integer(), server_default='0',
                                      nullable=False))
        batch_op.add_column(sa.Column('waitlist_length', sa.Integer(), server_default='0',
                                      nullable=False))
    with op.batch_alter_table('event_quotas', schema=None) as batch_op:
        batch_op.add_column(sa.Column('seats_taken', sa.Integer(), server_default='0',
                                      nullable=False))
    op.execute("""
        UPDATE events SET
          seats_taken = (SELECT count(*) FROM registrations r WHERE r.event_id = events.id
                         AND r.status IN ('pending', 'confirmed')),
          waitlist_length = (SELECT count(*) FROM registrations r
                             WHERE r.event_id = events.id AND r.status = 'waitlisted'
                             AND r.email_confirmed_at IS NOT NULL)
    """)
    op.execute("""
        UPDATE event_quotas SET
          seats_taken = (SELECT count(*) FROM registrations r
                         WHERE r.event_id = event_quotas.event_id
                         AND r.category = event_quotas.category
                         AND r.status IN ('pending', 'confirmed'))
    """)

    op.create_table('event_status_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('old_status', sa.String(length=10), nullable=False),
    sa.Column('new_status', sa.String(length=10), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_event_status_changes_actor_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_status_changes_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_status_changes'))
    )
    with op.batch_alter_table('event_status_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_status_changes_event_id'), ['event_id'], unique=False)


def downgrade():
    with op.batch_alter_table('event_status_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_status_changes_event_id'))

    op.drop_table('event_status_changes')
    with op.batch_alter_table('event_quotas', schema=None) as batch_op:
        batch_op.drop_column('seats_taken')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_column('waitlist_length')
        batch_op.drop_column('seats_taken')
