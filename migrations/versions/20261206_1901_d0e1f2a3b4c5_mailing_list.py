"""mailing_list: writing to NGOs and past participants who agreed (subscribers, mailings, the organisations' opt-out, the consent on a registration)

Revision ID: d0e1f2a3b4c5
Revises: c9d0e1f2a3b4
Create Date: 2026-12-06 19:01:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd0e1f2a3b4c5'
down_revision = 'c9d0e1f2a3b4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'mailing_subscribers',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('email', sa.String(length=320), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('source', sa.String(length=20), nullable=False),
        sa.Column('consented_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('unsubscribed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('token', sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_mailing_subscribers_user_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_mailing_subscribers')),
        sa.UniqueConstraint('email', name=op.f('uq_mailing_subscribers_email')),
        sa.UniqueConstraint('token', name=op.f('uq_mailing_subscribers_token')),
    )
    with op.batch_alter_table('mailing_subscribers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mailing_subscribers_user_id'), ['user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mailing_subscribers_unsubscribed_at'), ['unsubscribed_at'], unique=False)

    op.create_table(
        'mailings',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('subject', sa.String(length=200), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('audience', sa.String(length=20), nullable=False),
        sa.Column('area', sa.String(length=40), nullable=True),
        sa.Column('powiat_id', sa.Integer(), nullable=True),
        sa.Column('recipients', sa.Integer(), nullable=False),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('sent_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['powiat_id'], ['institutions.id'],
                                name=op.f('fk_mailings_powiat_id_institutions'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['sent_by_id'], ['users.id'],
                                name=op.f('fk_mailings_sent_by_id_users'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_mailings')),
    )
    with op.batch_alter_table('mailings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mailings_sent_at'), ['sent_at'], unique=False)

    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('mailing_opt_out_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('mailing_token', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_organisations_mailing_token'), ['mailing_token'])

    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('consent_mailing', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))


def downgrade():
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.drop_column('consent_mailing')
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_organisations_mailing_token'), type_='unique')
        batch_op.drop_column('mailing_token')
        batch_op.drop_column('mailing_opt_out_at')
    with op.batch_alter_table('mailings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mailings_sent_at'))
    op.drop_table('mailings')
    with op.batch_alter_table('mailing_subscribers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mailing_subscribers_unsubscribed_at'))
        batch_op.drop_index(batch_op.f('ix_mailing_subscribers_user_id'))
    op.drop_table('mailing_subscribers')
