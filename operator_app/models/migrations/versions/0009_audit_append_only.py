"""audit_event: append-only — the database refuses UPDATE, DELETE and TRUNCATE

The log was protected by its hash chain only: any connection could rewrite a row, and
verification was the first to notice. Now the table itself refuses. On PostgreSQL a
trigger function raises unless the transaction set ``operator_desk.audit_seal`` (the one
rewrite the program does: moving an older log to the keyed hash, services/audit.py
``seal_with_key``); on SQLite two triggers raise, and the seal drops and remakes them in
its own transaction. audit_chain_head stays writable: every event moves its chain's head.

A table owner or superuser can still switch triggers off; the keyed hash and signed
checkpoints are what catches that (docs/audit.md). A later migration that rebuilds
audit_event on SQLite (``batch_alter_table``) drops these triggers and must make them again.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04 03:00:00
"""

from __future__ import annotations

from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

MESSAGE = 'audit_event is append-only'

PG_FUNCTION = f"""
CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF coalesce(current_setting('operator_desk.audit_seal', true), '') = 'on' THEN
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '{MESSAGE}: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(PG_FUNCTION)
        op.execute("CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE "
                   "ON audit_event FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()")
        op.execute("CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE "
                   "ON audit_event FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()")
        return
    for verb in ('UPDATE', 'DELETE'):
        op.execute(f"CREATE TRIGGER audit_event_no_{verb.lower()} BEFORE {verb} ON audit_event "
                   f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}: {verb} refused'); END")


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("DROP TRIGGER audit_event_no_truncate ON audit_event")
        op.execute("DROP TRIGGER audit_event_append_only ON audit_event")
        op.execute("DROP FUNCTION audit_event_append_only()")
        return
    for verb in ('update', 'delete'):
        op.execute(f"DROP TRIGGER audit_event_no_{verb}")
