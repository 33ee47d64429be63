"""sign-in lockouts per email address and client

Revision ID: b8c9d0e1f2a3
Revises: a4b5c6d7e8f9
Create Date: 2026-12-03 18:45:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b8c9d0e1f2a3'
down_revision = 'a4b5c6d7e8f9'
branch_labels = None
depends_on = None


# The table holds failed sign-ins of the last fifteen minutes: it is made again with its new key
# rather than altered, and a lockout running at the upgrade ends with it.
def upgrade():
    op.drop_table('sign_in_throttles')
    op.create_table('sign_in_throttles',
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('client', sa.String(length=45), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('locked_until', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('email', 'client', name=op.f('pk_sign_in_throttles'))
    )


def downgrade():
    op.drop_table('sign_in_throttles')
    op.create_table('sign_in_throttles',
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('locked_until', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('email', name=op.f('pk_sign_in_throttles'))
    )
