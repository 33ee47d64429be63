"""trigram index for the needs search on PostgreSQL

Revision ID: a1db13c3ab2b
Revises: d0064d9b71ae
Create Date: 2026-11-23 08:55:55.167077

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a1db13c3ab2b'
down_revision = 'd0064d9b71ae'
branch_labels = None
depends_on = None


def upgrade():
    # PostgreSQL only: pg_trgm is a trusted extension, so the database owner may create it.
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.create_index('ix_needs_search_trigram', 'needs', ['search_text'], unique=False,
                    postgresql_using='gin', postgresql_ops={'search_text': 'gin_trgm_ops'})


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.drop_index('ix_needs_search_trigram', table_name='needs')
