"""confirmation_code: at most one active code per application (partial unique index).

Concurrent reissues could leave several codes that all worked. Before the index is made,
any application that already has more than one active code keeps only its newest; the
others are revoked (their hashes stay, so the portal says "revoked" when one is typed).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 12:20:00
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic import op

import operator_app.models.base

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

INDEX = 'uq_confirmation_code_one_active'
ACTIVE = sa.text("state = 'active'")


def upgrade() -> None:
    code = sa.table('confirmation_code', sa.column('id', sa.Integer),
                    sa.column('application_id', sa.Integer), sa.column('state', sa.String),
                    sa.column('closed_at', operator_app.models.base.UTCDateTime()),
                    sa.column('close_reason', sa.Text), sa.column('version', sa.Integer))
    newer = sa.alias(code, 'newer')
    has_newer = (sa.select(newer.c.id)
                 .where(newer.c.application_id == code.c.application_id,
                        newer.c.state == 'active', newer.c.id > code.c.id)
                 .exists())
    op.execute(sa.update(code).where(code.c.state == 'active', has_newer)
               .values(state='revoked', closed_at=dt.datetime.now(dt.UTC),
                       close_reason='действовало несколько кодов: оставлен последний',
                       version=code.c.version + 1))
    op.create_index(INDEX, 'confirmation_code', ['application_id'], unique=True,
                    sqlite_where=ACTIVE, postgresql_where=ACTIVE)


def downgrade() -> None:
    op.drop_index(INDEX, table_name='confirmation_code')
