"""meetings: agenda, participants, minutes, outcomes, action item updates and digests

Revision ID: e2b3c4d5f6a7
Revises: f1b2c3d4e5f6
Create Date: 2026-11-23 17:46:35.215037

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e2b3c4d5f6a7'
down_revision = 'f1b2c3d4e5f6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('action_item_digests',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('week', sa.String(length=8), nullable=False),
    sa.Column('item_count', sa.Integer(), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_action_item_digests_user_id_users')),
    sa.PrimaryKeyConstraint('user_id', 'week', name=op.f('pk_action_item_digests'))
    )
    op.create_table('agenda_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.JSON(), nullable=False),
    sa.Column('presenter', sa.String(length=200), nullable=True),
    sa.Column('duration_minutes', sa.Integer(), nullable=True),
    sa.CheckConstraint('duration_minutes IS NULL OR duration_minutes > 0', name=op.f('ck_agenda_items_duration')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_agenda_items_meeting_id_meetings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agenda_items')),
    sa.UniqueConstraint('meeting_id', 'position', name=op.f('uq_agenda_items_meeting_id'))
    )
    op.create_table('meeting_minutes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('written_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('approved_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("language IN ('ar', 'en', 'fr')", name=op.f('ck_meeting_minutes_language')),
    sa.CheckConstraint("state IN ('draft', 'circulated', 'approved')", name=op.f('ck_meeting_minutes_state')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_meeting_minutes_meeting_id_meetings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['written_by_id'], ['users.id'], name=op.f('fk_meeting_minutes_written_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_minutes')),
    sa.UniqueConstraint('meeting_id', 'language', name=op.f('uq_meeting_minutes_meeting_id'))
    )
    op.create_table('meeting_organizations',
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('attended', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_meeting_organizations_meeting_id_meetings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_meeting_organizations_organization_id_organizations')),
    sa.PrimaryKeyConstraint('meeting_id', 'organization_id', name=op.f('pk_meeting_organizations'))
    )
    with op.batch_alter_table('meeting_organizations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_organizations_organization_id'), ['organization_id'], unique=False)

    op.create_table('meeting_outcomes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('text', sa.JSON(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('information', 'decision', 'action')", name=op.f('ck_meeting_outcomes_kind')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_meeting_outcomes_meeting_id_meetings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_outcomes')),
    sa.UniqueConstraint('meeting_id', 'position', name=op.f('uq_meeting_outcomes_meeting_id'))
    )
    op.create_table('meeting_people',
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('attended', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_meeting_people_meeting_id_meetings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_meeting_people_user_id_users')),
    sa.PrimaryKeyConstraint('meeting_id', 'user_id', name=op.f('pk_meeting_people'))
    )
    with op.batch_alter_table('meeting_people', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_people_user_id'), ['user_id'], unique=False)

    op.create_table('action_item_updates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('action_item_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('new_state', sa.String(length=16), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['action_item_id'], ['action_items.id'], name=op.f('fk_action_item_updates_action_item_id_action_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_action_item_updates_author_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_action_item_updates'))
    )
    with op.batch_alter_table('action_item_updates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_item_updates_action_item_id'), ['action_item_id'], unique=False)

    with op.batch_alter_table('action_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('outcome_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('created_by_id', sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_action_items_outcome_id'), ['outcome_id'])
        batch_op.create_foreign_key(batch_op.f('fk_action_items_created_by_id_users'), 'users', ['created_by_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_action_items_outcome_id_meeting_outcomes'), 'meeting_outcomes', ['outcome_id'], ['id'])



def downgrade():
    with op.batch_alter_table('action_items', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_action_items_outcome_id_meeting_outcomes'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_action_items_created_by_id_users'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_action_items_outcome_id'), type_='unique')
        batch_op.drop_column('created_by_id')
        batch_op.drop_column('outcome_id')

    with op.batch_alter_table('action_item_updates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_item_updates_action_item_id'))

    op.drop_table('action_item_updates')
    with op.batch_alter_table('meeting_people', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_people_user_id'))

    op.drop_table('meeting_people')
    op.drop_table('meeting_outcomes')
    with op.batch_alter_table('meeting_organizations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_organizations_organization_id'))

    op.drop_table('meeting_organizations')
    op.drop_table('meeting_minutes')
    op.drop_table('agenda_items')
    op.drop_table('action_item_digests')
