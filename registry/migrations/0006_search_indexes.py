"""Indexes for search at national scale (PostgreSQL only).

``registry_search_grams(text)`` turns a text into a ``tsvector`` of every single
character and every pair of adjacent characters of its upper-case form:
``华为技术`` → 华 为 技 术 华为 为技 技术. Any text that contains a query contains
every pair of the query's characters, so ``grams @@ pair & pair & ...`` (or the
character alone for a one-character query) keeps every row that
``LIKE '%query%'`` keeps, and a GIN index answers it; ``registry.search`` always
adds the ``LIKE`` itself, so results are exactly those of plain matching. The
query side is built in Python by ``registry.search.grams`` with the same rule.

The tsvectors are stored, in generated columns the models do not know about
(``search_grams`` of the company's name and of a former name,
``initials_grams`` of the pinyin initials): PostgreSQL fills them on every
insert and update, and a query that reads many rows (a common term) checks a
stored value instead of tokenising every name again (~25 us a name). The
function is IMMUTABLE, as a generated column requires.

pg_trgm (a trusted extension: the database owner may create it) serves
contains-matches of three letters or more on the Latin columns, and
``varchar_pattern_ops`` B-trees serve prefixes (``LIKE 'x%'``), which the default
B-tree cannot under a non-C collation such as C.UTF-8.

On SQLite nothing is created: search falls back to plain matching there
(correct, slower). Adding the columns rewrites the tables, and the indexes are
built in this migration's transaction: writes wait meanwhile (a few minutes per
million companies on a 2-core machine; see docs/scaling.md).
"""

from django.db import migrations

FUNCTION = r"""
CREATE OR REPLACE FUNCTION registry_search_grams(value text) RETURNS tsvector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT array_to_tsvector(array_remove(array_cat(
        regexp_split_to_array(upper(value), ''),
        ARRAY(SELECT substr(upper(value), position, 2)
              FROM generate_series(1, length(upper(value)) - 1) AS position)), ''))
$$
"""

# (table, column, source): tsvectors the database keeps up to date itself.
COLUMNS = [
    ("registry_company", "search_grams", "name"),
    ("registry_company", "initials_grams", "name_initials"),
    ("registry_formername", "search_grams", "name"),
]

INDEXES = [
    # Chinese (and any other) fragments of current and former names.
    ("registry_company_name_grams", "registry_company USING gin (search_grams)"),
    ("registry_formername_name_grams", "registry_formername USING gin (search_grams)"),
    # Pinyin initials of two letters (pairs); initials, full pinyin and English
    # from three letters (trigrams).
    ("registry_company_initials_grams", "registry_company USING gin (initials_grams)"),
    ("registry_company_pinyin_trgm", "registry_company USING gin (name_pinyin gin_trgm_ops)"),
    ("registry_company_initials_trgm", "registry_company USING gin (name_initials gin_trgm_ops)"),
    ("registry_company_name_en_trgm", "registry_company USING gin (upper(name_en) gin_trgm_ops)"),
    # Prefixes: credit codes, names first in relevance, autocomplete, people.
    ("registry_company_uscc_prefix", "registry_company (uscc varchar_pattern_ops)"),
    ("registry_company_name_prefix", "registry_company (name varchar_pattern_ops)"),
    ("registry_company_pinyin_prefix", "registry_company (name_pinyin varchar_pattern_ops)"),
    ("registry_company_initials_prefix", "registry_company (name_initials varchar_pattern_ops)"),
    ("registry_company_legal_rep_name", "registry_company (legal_representative_name)"),
    ("registry_person_name_prefix", "registry_person (name varchar_pattern_ops)"),
    ("registry_person_name_pinyin", "registry_person (name_pinyin)"),
]

TABLES = ["registry_company", "registry_formername", "registry_person"]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        cursor.execute(FUNCTION)
        for table, column, source in COLUMNS:
            cursor.execute(
                f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {column} tsvector"
                f" GENERATED ALWAYS AS (registry_search_grams({source})) STORED"
            )
        for name, definition in INDEXES:
            cursor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {definition}")
        # Statistics on the index expressions, so that the planner tells a rare
        # fragment (use the index) from a common one (read until the page is full).
        for table in TABLES:
            cursor.execute(f"ANALYZE {table}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for name, _definition in INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")
        for table, column, _source in COLUMNS:
            cursor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS {column}")
        cursor.execute("DROP FUNCTION IF EXISTS registry_search_grams(text)")


class Migration(migrations.Migration):
    dependencies = [("registry", "0005_history")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
