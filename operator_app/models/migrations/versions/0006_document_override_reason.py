"""identity_document.override_reason: why the clerk recorded the check of a document the
rules find unfit (expired, valid under six months, an MRZ whose check digits fail)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27 10:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('identity_document', schema=None) as batch_op:
        batch_op.add_column(sa.Column('override_reason', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('identity_document', schema=None) as batch_op:
        batch_op.drop_column('override_reason')
