"""Event questions and staff cancel

Registration questions get a help text; each event gets its own evaluation questionnaire
(event_evaluation_questions) and the answers move from fixed columns of
event_evaluations to event_evaluation_answers, one row per question answered.

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

# The questionnaire every evaluation had so far: (key, kind, required), in its order.
DEFAULTS = (
    ('overall', 'rating', True),
    ('usefulness', 'rating', True),
    ('organisation', 'rating', True),
    ('liked', 'text', False),
    ('improve', 'text', False),
)


def upgrade():
    with op.batch_alter_table('event_questions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('help_text', sa.String(length=500), nullable=False,
                                      server_default=''))
    with op.batch_alter_table('event_questions', schema=None) as batch_op:
        batch_op.alter_column('help_text', server_default=None)

    op.create_table('event_evaluation_questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('key', sa.String(length=20), nullable=False),
    sa.Column('label', sa.String(length=300), nullable=False),
    sa.Column('required', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_evaluation_questions_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_evaluation_questions'))
    )
    with op.batch_alter_table('event_evaluation_questions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_evaluation_questions_event_id'), ['event_id'], unique=False)

    op.create_table('event_evaluation_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('evaluation_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('rating', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['evaluation_id'], ['event_evaluations.id'], name=op.f('fk_event_evaluation_answers_evaluation_id_event_evaluations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['question_id'], ['event_evaluation_questions.id'], name=op.f('fk_event_evaluation_answers_question_id_event_evaluation_questions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_evaluation_answers')),
    sa.UniqueConstraint('evaluation_id', 'question_id', name=op.f('uq_event_evaluation_answers_evaluation_id'))
    )
    with op.batch_alter_table('event_evaluation_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_evaluation_answers_question_id'), ['question_id'], unique=False)

    # Events already evaluated keep the questionnaire their answers were given to.
    for position, (key, kind, required) in enumerate(DEFAULTS):
        op.execute(sa.text(
            "INSERT INTO event_evaluation_questions (event_id, position, kind, key, label, required) "
            "SELECT DISTINCT event_id, :position, :kind, :key, '', :required FROM event_evaluations"
        ).bindparams(position=position, kind=kind, key=key, required=required))
        value = ("e.{0}, ''" if kind == 'rating' else "NULL, e.{0}").format(key)
        skip_empty = " WHERE e.{0} <> ''".format(key) if kind == 'text' else ""
        op.execute(sa.text(
            "INSERT INTO event_evaluation_answers (evaluation_id, question_id, rating, text) "
            f"SELECT e.id, q.id, {value} FROM event_evaluations e "
            "JOIN event_evaluation_questions q ON q.event_id = e.event_id AND q.key = :key"
            + skip_empty
        ).bindparams(key=key))

    with op.batch_alter_table('event_evaluations', schema=None) as batch_op:
        for key, _kind, _required in DEFAULTS:
            batch_op.drop_column(key)


def downgrade():
    with op.batch_alter_table('event_evaluations', schema=None) as batch_op:
        for key, kind, _required in DEFAULTS:
            column_type = sa.Integer() if kind == 'rating' else sa.Text()
            batch_op.add_column(sa.Column(key, column_type, nullable=False,
                                          server_default='3' if kind == 'rating' else ''))
    for key, kind, _required in DEFAULTS:
        column = 'rating' if kind == 'rating' else 'text'
        op.execute(sa.text(
            f"UPDATE event_evaluations SET {key} = (SELECT a.{column} FROM event_evaluation_answers a "
            "JOIN event_evaluation_questions q ON q.id = a.question_id "
            "WHERE a.evaluation_id = event_evaluations.id AND q.key = :key) "
            "WHERE EXISTS (SELECT 1 FROM event_evaluation_answers a "
            "JOIN event_evaluation_questions q ON q.id = a.question_id "
            f"WHERE a.evaluation_id = event_evaluations.id AND q.key = :key AND a.{column} IS NOT NULL)"
        ).bindparams(key=key))
    with op.batch_alter_table('event_evaluations', schema=None) as batch_op:
        for key, _kind, _required in DEFAULTS:
            batch_op.alter_column(key, server_default=None)

    with op.batch_alter_table('event_evaluation_answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_evaluation_answers_question_id'))
    op.drop_table('event_evaluation_answers')
    with op.batch_alter_table('event_evaluation_questions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_evaluation_questions_event_id'))
    op.drop_table('event_evaluation_questions')

    with op.batch_alter_table('event_questions', schema=None) as batch_op:
        batch_op.drop_column('help_text')
