"""sanctions: listed names' quality and parties' countries; hits say whether they are red

A red flag now needs whole-name evidence (sanctions.matching), which reads the quality the list
gives each alias and the countries of the listed party: both are kept at import, and filled by
the next import of the list. Hits record whether they raised a flag; the hits screened before
were red from the threshold up.

Revision ID: d6e7f8a9b0c1
Revises: b7c8d9e0f1a2
Create Date: 2026-12-03 22:15:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd6e7f8a9b0c1'
down_revision = 'b7c8d9e0f1a2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('sanctions_listed_parties', schema=None) as batch_op:
        batch_op.add_column(sa.Column('qualities', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('country_codes', sa.JSON(), nullable=True))
    with op.batch_alter_table('sanctions_hits', schema=None) as batch_op:
        batch_op.add_column(sa.Column('red', sa.Boolean(), server_default=sa.false(), nullable=False))
    hits = sa.table('sanctions_hits', sa.column('red', sa.Boolean), sa.column('score', sa.Integer))
    op.execute(hits.update().where(hits.c.score >= 85).values(red=True))


def downgrade():
    with op.batch_alter_table('sanctions_hits', schema=None) as batch_op:
        batch_op.drop_column('red')
    with op.batch_alter_table('sanctions_listed_parties', schema=None) as batch_op:
        batch_op.drop_column('country_codes')
        batch_op.drop_column('qualities')
