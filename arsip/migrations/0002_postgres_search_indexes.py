"""PostgreSQL only: full-text column and GIN index on document text, trigram indexes on names.

The project also runs on SQLite; there every operation here does nothing and search falls back
to `icontains`. `search_vector` is a generated column, so PostgreSQL keeps it in step with
`text` by itself and the Django model never needs to know about it.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

FORWARD = [
    """
    ALTER TABLE arsip_documenttext
    ADD COLUMN IF NOT EXISTS search_vector tsvector
    GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, coalesce(text, ''))) STORED
    """,
    "CREATE INDEX IF NOT EXISTS arsip_documenttext_search_gin "
    "ON arsip_documenttext USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS arsip_agreement_title_trgm "
    "ON agreements_agreement USING gin (title gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS arsip_partner_name_trgm "
    "ON agreements_partner USING gin (name gin_trgm_ops)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS arsip_partner_name_trgm",
    "DROP INDEX IF EXISTS arsip_agreement_title_trgm",
    "DROP INDEX IF EXISTS arsip_documenttext_search_gin",
    "ALTER TABLE arsip_documenttext DROP COLUMN IF EXISTS search_vector",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("arsip", "0001_signatures_and_text"),
    ]

    operations = [
        # Creates pg_trgm on PostgreSQL; Django skips it on other databases.
        TrigramExtension(),
        migrations.RunPython(_run(FORWARD), _run(BACKWARD), elidable=False),
    ]
