"""Search that does not read every row: applicant.search_key with a trigram index, and an
index on identity_document.number and one on application.submitted_at (results come newest
first)

At a million applicants a name search was an OR of LIKE '%x%' over five columns in three
spellings each (1–2.4 s) and a passport number read every document (~100 ms). Now every
name of a person, both scripts, upper-case, Ё as Е, is one key between spaces; PostgreSQL
indexes it with pg_trgm (GIN), SQLite with an FTS5 trigram table kept by triggers
(``applicant_search``, external content: the key is stored once). Both answer a substring
of three or more letters from the index.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04 02:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

BATCH = 5000

SQLITE_TRIGGERS = (
    "CREATE TRIGGER applicant_search_insert AFTER INSERT ON applicant BEGIN "
    "INSERT INTO applicant_search(rowid, search_key) VALUES (new.id, new.search_key); END",
    "CREATE TRIGGER applicant_search_delete AFTER DELETE ON applicant BEGIN "
    "INSERT INTO applicant_search(applicant_search, rowid, search_key) "
    "VALUES ('delete', old.id, old.search_key); END",
    "CREATE TRIGGER applicant_search_update AFTER UPDATE OF search_key ON applicant BEGIN "
    "INSERT INTO applicant_search(applicant_search, rowid, search_key) "
    "VALUES ('delete', old.id, old.search_key); "
    "INSERT INTO applicant_search(rowid, search_key) VALUES (new.id, new.search_key); END",
)


def _key(*names: str | None) -> str:
    words = " ".join(part.strip() for part in names if part and part.strip())
    return f" {words.upper().replace('Ё', 'Е')} " if words else ""


def upgrade() -> None:
    bind = op.get_bind()
    with op.batch_alter_table('applicant', schema=None) as batch_op:
        batch_op.add_column(sa.Column('search_key', sa.Text(), nullable=False,
                                      server_default=''))
    op.create_index('ix_identity_document_number', 'identity_document', ['number'])
    op.create_index('ix_application_submitted_at', 'application', ['submitted_at'])
    applicant = sa.table('applicant', sa.column('id', sa.Integer),
                         sa.column('surname_latin', sa.String),
                         sa.column('given_names_latin', sa.String),
                         sa.column('surname_cyrillic', sa.String),
                         sa.column('given_names_cyrillic', sa.String),
                         sa.column('patronymic_cyrillic', sa.String),
                         sa.column('search_key', sa.Text))
    last = 0
    while True:
        rows = bind.execute(sa.select(applicant).where(applicant.c.id > last)
                            .order_by(applicant.c.id).limit(BATCH)).all()
        if not rows:
            break
        bind.execute(sa.update(applicant).where(applicant.c.id == sa.bindparam('row_id'))
                     .values(search_key=sa.bindparam('key')),
                     [{'row_id': r.id, 'key': _key(r.surname_latin, r.given_names_latin,
                                                   r.surname_cyrillic, r.given_names_cyrillic,
                                                   r.patronymic_cyrillic)} for r in rows])
        last = rows[-1].id
    if bind.dialect.name == 'postgresql':
        op.execute('CREATE EXTENSION IF NOT EXISTS pg_trgm')
        op.execute('CREATE INDEX ix_applicant_search_key_trgm ON applicant '
                   'USING gin (search_key gin_trgm_ops)')
        return
    op.execute("CREATE VIRTUAL TABLE applicant_search USING fts5(search_key, "
               "content='applicant', content_rowid='id', tokenize='trigram')")
    op.execute("INSERT INTO applicant_search(applicant_search) VALUES ('rebuild')")
    for statement in SQLITE_TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('DROP INDEX ix_applicant_search_key_trgm')
    else:
        for name in ('insert', 'delete', 'update'):
            op.execute(f'DROP TRIGGER applicant_search_{name}')
        op.execute('DROP TABLE applicant_search')
    op.drop_index('ix_application_submitted_at', table_name='application')
    op.drop_index('ix_identity_document_number', table_name='identity_document')
    with op.batch_alter_table('applicant', schema=None) as batch_op:
        batch_op.drop_column('search_key')
