"""search columns hold the stems of prefixed Arabic words; users get one

The needs', projects' and organizations' search columns are written again by the portal's
one search normalizer: hamza carriers unified, and the stems of words written with the
article or an attached prefix («بالمدرسة» -> «مدرسه») stored after the words. Users get a
search column of their name and address, which the accounts and forum lists search.

Revision ID: b7c8d9e0f1a2
Revises: b5c6d7e8f9a0
Create Date: 2026-12-03 18:50:00.000000

"""
from alembic import op
import sqlalchemy as sa

from portal.core.text import search_document


# revision identifiers, used by Alembic.
revision = 'b7c8d9e0f1a2'
down_revision = "b5c6d7e8f9a0"
branch_labels = None
depends_on = None

_needs = sa.table('needs', sa.column('id', sa.Integer), sa.column('title', sa.JSON),
                  sa.column('description', sa.JSON), sa.column('search_text', sa.Text))
_projects = sa.table('projects', sa.column('id', sa.Integer), sa.column('code', sa.String),
                     sa.column('title', sa.JSON), sa.column('description', sa.JSON),
                     sa.column('search_text', sa.Text))
_users = sa.table('users', sa.column('id', sa.Integer), sa.column('name', sa.String),
                  sa.column('email', sa.String), sa.column('search_text', sa.Text))
_organizations = sa.table('organizations', sa.column('id', sa.Integer), sa.column('names', sa.JSON),
                          sa.column('search_name', sa.Text))


def _texts(value) -> list[str]:
    """The texts of a stored translated value, in every language."""
    return list((value or {}).get('texts', {}).values())


def _rewrite(table, column: str, document, *sources: str) -> None:
    connection = op.get_bind()
    rows = connection.execute(sa.select(table.c.id, *(table.c[source] for source in sources))).all()
    for row in rows:
        connection.execute(table.update().where(table.c.id == row.id).values({column: document(row)}))


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('search_text', sa.Text(), nullable=True))
    rewrite_search_columns()
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.alter_column('search_text', existing_type=sa.Text(), nullable=False)


def rewrite_search_columns():
    """Every search column written again from the texts it stands for."""
    _rewrite(_users, 'search_text', lambda row: search_document(row.name, row.email), 'name', 'email')
    _rewrite(_needs, 'search_text', lambda row: search_document(*_texts(row.title), *_texts(row.description)),
             'title', 'description')
    _rewrite(_projects, 'search_text',
             lambda row: search_document(row.code, *_texts(row.title), *_texts(row.description)),
             'code', 'title', 'description')
    _rewrite(_organizations, 'search_name', lambda row: search_document(*_texts(row.names)), 'names')


def downgrade():
    # The other columns need nothing undone: they still hold every word, so the earlier
    # searches find what they found, but for words written with a hamza carrier (ؤ, ئ).
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('search_text')
