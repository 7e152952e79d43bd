"""installation_key: the fingerprint of each installation key, so a desk with a missing,
damaged or different key file is stopped instead of issuing codes nobody can redeem;
confirmation_code.check_scheme: codes issued until now carry a Luhn mod 24 check character
(scheme 1, still accepted), new ones a check that catches every adjacent swap (scheme 2)

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
    with op.batch_alter_table('confirmation_code', schema=None) as batch_op:
        batch_op.add_column(sa.Column('check_scheme', sa.Integer(), nullable=False,
                                      server_default='1'))


def downgrade() -> None:
    with op.batch_alter_table('confirmation_code', schema=None) as batch_op:
        batch_op.drop_column('check_scheme')
    op.drop_table('installation_key')
