"""materials_and_news: the library of materials, news posts, when an attendee was sent an event's materials

Revision ID: b8c9d0e1f2a3
Revises: a7b8c9d0e1f2
Create Date: 2026-12-06 17:03:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b8c9d0e1f2a3'
down_revision = 'a7b8c9d0e1f2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'library_materials',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(length=300), nullable=False),
        sa.Column('authors', sa.String(length=300), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('type', sa.String(length=20), nullable=False),
        sa.Column('language', sa.String(length=10), nullable=False),
        sa.Column('project_id', sa.Integer(), nullable=True),
        sa.Column('url', sa.String(length=500), nullable=False),
        sa.Column('filename', sa.String(length=200), nullable=False),
        sa.Column('content_type', sa.String(length=100), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=True),
        sa.Column('accessible', sa.Boolean(), nullable=False),
        sa.Column('accessibility_note', sa.Text(), nullable=False),
        sa.Column('tags', sa.String(length=500), nullable=False),
        sa.Column('tag_keys', sa.String(length=600), nullable=False),
        sa.Column('search_text', sa.String(length=1200), nullable=False),
        sa.Column('published', sa.Boolean(), nullable=False),
        sa.Column('downloads', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['project_id'], ['funding_projects.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('library_materials', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_library_materials_project_id'), ['project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_library_materials_published'), ['published'], unique=False)
        batch_op.create_index(batch_op.f('ix_library_materials_type'), ['type'], unique=False)
        batch_op.create_index(batch_op.f('ix_library_materials_year'), ['year'], unique=False)

    op.create_table(
        'news_posts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(length=300), nullable=False),
        sa.Column('slug', sa.String(length=120), nullable=False),
        sa.Column('lead', sa.Text(), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('image_data', sa.LargeBinary(), nullable=True),
        sa.Column('image_content_type', sa.String(length=20), nullable=False),
        sa.Column('image_width', sa.Integer(), nullable=False),
        sa.Column('image_height', sa.Integer(), nullable=False),
        sa.Column('image_alt', sa.String(length=300), nullable=False),
        sa.Column('project_id', sa.Integer(), nullable=True),
        sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('author_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['author_id'], ['users.id'], ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['project_id'], ['funding_projects.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('slug'),
    )
    with op.batch_alter_table('news_posts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_news_posts_author_id'), ['author_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_news_posts_project_id'), ['project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_news_posts_published_at'), ['published_at'], unique=False)

    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('materials_sent_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.drop_column('materials_sent_at')
    with op.batch_alter_table('news_posts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_news_posts_published_at'))
        batch_op.drop_index(batch_op.f('ix_news_posts_project_id'))
        batch_op.drop_index(batch_op.f('ix_news_posts_author_id'))
    op.drop_table('news_posts')
    with op.batch_alter_table('library_materials', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_library_materials_year'))
        batch_op.drop_index(batch_op.f('ix_library_materials_type'))
        batch_op.drop_index(batch_op.f('ix_library_materials_published'))
        batch_op.drop_index(batch_op.f('ix_library_materials_project_id'))
    op.drop_table('library_materials')
