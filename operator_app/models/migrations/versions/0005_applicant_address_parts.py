"""applicant.address_*: the Russian address in parts (region, city, street, house, flat)
so each part is validated on its own; ``address`` stays the one line for papers.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 20:15:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

PARTS = [("address_region", 120), ("address_city", 120), ("address_street", 120),
         ("address_house", 20), ("address_flat", 20)]


def upgrade() -> None:
    with op.batch_alter_table('applicant', schema=None) as batch_op:
        for name, length in PARTS:
            batch_op.add_column(sa.Column(name, sa.String(length=length), server_default='',
                                          nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('applicant', schema=None) as batch_op:
        for name, _length in reversed(PARTS):
            batch_op.drop_column(name)
