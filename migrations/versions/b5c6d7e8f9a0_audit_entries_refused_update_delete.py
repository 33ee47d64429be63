"""the database refuses to update or delete audit entries

Revision ID: b5c6d7e8f9a0
Revises: b8c9d0e1f2a3
Create Date: 2026-12-03 18:30:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'b5c6d7e8f9a0'
down_revision = "b8c9d0e1f2a3"
branch_labels = None
depends_on = None

REFUSAL = "audit entries are never updated or deleted"


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"""CREATE OR REPLACE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '{REFUSAL}';
END
$$""")
        op.execute("CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries "
                   "FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only()")
    else:
        for verb in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER audit_entries_no_{verb.lower()} BEFORE {verb} ON audit_entries "
                       f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_entries_append_only ON audit_entries")
        op.execute("DROP FUNCTION IF EXISTS audit_entries_append_only()")
    else:
        for verb in ("update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS audit_entries_no_{verb}")
