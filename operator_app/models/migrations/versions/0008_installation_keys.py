"""installation_key: the fingerprint of each installation key, so a desk with a missing,
damaged or different key file is stopped instead of issuing codes nobody can redeem

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04 02:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import operator_app.models.base

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'installation_key',
        sa.Column('name', sa.String(length=32), nullable=False),
        sa.Column('fingerprint', sa.String(length=64), nullable=False),
        sa.Column('created_at', operator_app.models.base.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('name', name=op.f('pk_installation_key')),
    )


def downgrade() -> None:
    op.drop_table('installation_key')
