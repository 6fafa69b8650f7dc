"""cooperation interventions

Revision ID: c3d4e5f6a7b8
Revises: b2c3d4e5f6a7
Create Date: 2026-12-06 16:03:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c3d4e5f6a7b8'
down_revision = 'b2c3d4e5f6a7'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('cooperation_interventions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('institution_id', sa.Integer(), nullable=False),
    sa.Column('sent_on', sa.Date(), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('problem', sa.String(length=30), nullable=False),
    sa.Column('details', sa.Text(), nullable=False),
    sa.Column('letter_filename', sa.String(length=200), nullable=False),
    sa.Column('letter_content_type', sa.String(length=100), nullable=False),
    sa.Column('letter_size', sa.Integer(), nullable=False),
    sa.Column('letter_data', sa.LargeBinary(), nullable=True),
    sa.Column('reply_on', sa.Date(), nullable=True),
    sa.Column('reply', sa.Text(), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=False),
    sa.Column('follow_up_on', sa.Date(), nullable=True),
    sa.Column('follow_up_reminded_for', sa.Date(), nullable=True),
    sa.Column('public_summary', sa.Text(), nullable=False),
    sa.Column('published', sa.Boolean(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_cooperation_interventions_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['institution_id'], ['institutions.id'], name=op.f('fk_cooperation_interventions_institution_id_institutions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cooperation_interventions'))
    )
    with op.batch_alter_table('cooperation_interventions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cooperation_interventions_follow_up_on'), ['follow_up_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_cooperation_interventions_institution_id'), ['institution_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cooperation_interventions_sent_on'), ['sent_on'], unique=False)

    op.create_table('cooperation_intervention_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('intervention_id', sa.Integer(), nullable=False),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('from_outcome', sa.String(length=20), nullable=True),
    sa.Column('to_outcome', sa.String(length=20), nullable=False),
    sa.Column('changed_by_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['changed_by_id'], ['users.id'], name=op.f('fk_cooperation_intervention_changes_changed_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['intervention_id'], ['cooperation_interventions.id'], name=op.f('fk_cooperation_intervention_changes_intervention_id_cooperation_interventions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cooperation_intervention_changes'))
    )
    with op.batch_alter_table('cooperation_intervention_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cooperation_intervention_changes_intervention_id'), ['intervention_id'], unique=False)


def downgrade():
    with op.batch_alter_table('cooperation_intervention_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cooperation_intervention_changes_intervention_id'))

    op.drop_table('cooperation_intervention_changes')
    with op.batch_alter_table('cooperation_interventions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cooperation_interventions_sent_on'))
        batch_op.drop_index(batch_op.f('ix_cooperation_interventions_institution_id'))
        batch_op.drop_index(batch_op.f('ix_cooperation_interventions_follow_up_on'))

    op.drop_table('cooperation_interventions')
