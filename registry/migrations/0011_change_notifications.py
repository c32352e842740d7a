"""Every change to what the public pages show is announced (PostgreSQL only).

Triggers on the tables the company and search pages are built from send, when
the writing transaction commits, a notification on the channel
``registry_changes`` (PostgreSQL's ``NOTIFY``; a rolled-back write sends
nothing). Its payload says what changed:

- ``c:<credit code>``: the company page of that company. A penalty, licence,
  rating, court case, objection, list entry, former name, shareholder or
  officer names its company; a court case names every company party to it;
  a company names itself (under its old code too, when the code changed), its
  head office, its branches, the companies it holds shares in and the other
  parties to its court cases, since their pages show its name; a person
  names every company whose page shows them.
- ``s``: search pages, sent besides when the change is to a company, a former
  name, a list entry, a shareholder, an officer or a person (what search
  results show or are found by).
- ``*``: anything at all: reference data (regions, industries, agencies,
  credit lists, rating schemes), any ``TRUNCATE``.

``publicity.caching.change_feed`` listens in each web process and keeps pages until
they are named (``publicity.caching.pages``). Identical notifications of one
transaction are sent once (PostgreSQL folds them), so a bulk import sends each
company's code once.

A bulk loader may set ``registry.quiet_changes`` to ``on`` for its session
(``SET registry.quiet_changes = on``): its rows are then not announced one by
one, and it sends ``*`` in each transaction that wrote (``seed_demo`` does,
through ``registry.changes.quiet``).

On SQLite nothing is created: pages are checked against the database instead
(``publicity.caching.company_version``).
"""

from django.db import migrations

CHANNEL = "registry_changes"

# The ids of the companies whose pages show a row of `source` with these ids.
COMPANIES = r"""
CREATE OR REPLACE FUNCTION registry_changed_companies(source text, ids bigint[])
RETURNS SETOF bigint LANGUAGE plpgsql STABLE AS $$
BEGIN
    IF source = 'company' THEN
        RETURN QUERY SELECT unnest(ids);
    ELSIF source = 'company_neighbours' THEN
        RETURN QUERY
            SELECT b.id FROM registry_company b WHERE b.head_office_id = ANY(ids)
            UNION SELECT s.company_id FROM registry_shareholding s
                WHERE s.holder_company_id = ANY(ids)
            UNION SELECT o.company_id FROM registry_caseparty p
                JOIN registry_caseparty o ON o.case_id = p.case_id
                WHERE p.company_id = ANY(ids) AND o.company_id IS NOT NULL;
    ELSIF source = 'penalty' THEN
        RETURN QUERY SELECT r.company_id FROM registry_penalty r
            WHERE r.id = ANY(ids) AND r.company_id IS NOT NULL;
    ELSIF source = 'licence' THEN
        RETURN QUERY SELECT r.company_id FROM registry_licence r WHERE r.id = ANY(ids);
    ELSIF source = 'listentry' THEN
        RETURN QUERY SELECT r.company_id FROM registry_listentry r
            WHERE r.id = ANY(ids) AND r.company_id IS NOT NULL;
    ELSIF source = 'rating' THEN
        RETURN QUERY SELECT r.company_id FROM registry_rating r WHERE r.id = ANY(ids);
    ELSIF source = 'courtcase' THEN
        RETURN QUERY SELECT p.company_id FROM registry_caseparty p
            WHERE p.case_id = ANY(ids) AND p.company_id IS NOT NULL;
    ELSIF source = 'person' THEN
        RETURN QUERY
            SELECT c.id FROM registry_company c WHERE c.legal_representative_id = ANY(ids)
            UNION SELECT o.company_id FROM registry_officer o WHERE o.person_id = ANY(ids)
            UNION SELECT s.company_id FROM registry_shareholding s
                WHERE s.holder_person_id = ANY(ids)
            UNION SELECT r.company_id FROM registry_penalty r
                WHERE r.person_id = ANY(ids) AND r.company_id IS NOT NULL
            UNION SELECT r.company_id FROM registry_listentry r
                WHERE r.person_id = ANY(ids) AND r.company_id IS NOT NULL
            UNION SELECT o.company_id FROM registry_caseparty p
                JOIN registry_caseparty o ON o.case_id = p.case_id
                WHERE p.person_id = ANY(ids) AND o.company_id IS NOT NULL;
    ELSE
        RAISE EXCEPTION 'registry_changed_companies: unknown source %', source;
    END IF;
END $$
"""

# TG_ARGV: the kind ('c', 's' or '*'), then pairs of (column of the row,
# source of registry_changed_companies for its value).
NOTIFY = rf"""
CREATE OR REPLACE FUNCTION registry_notify_change() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    kind text := TG_ARGV[0];
    old_row jsonb;
    new_row jsonb;
    ids bigint[] := '{{}}';
    i integer := 1;
    code text;
BEGIN
    IF current_setting('registry.quiet_changes', true) = 'on' THEN
        RETURN NULL;
    END IF;
    IF kind = '*' OR TG_OP = 'TRUNCATE' THEN
        PERFORM pg_notify('{CHANNEL}', '*');
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' THEN old_row := to_jsonb(OLD); END IF;
    IF TG_OP <> 'DELETE' THEN new_row := to_jsonb(NEW); END IF;
    IF kind = 's' THEN
        PERFORM pg_notify('{CHANNEL}', 's');
    END IF;
    WHILE i < TG_NARGS LOOP
        ids := ids || ARRAY(SELECT registry_changed_companies(
            TG_ARGV[i + 1],
            array_remove(ARRAY[(old_row ->> TG_ARGV[i])::bigint,
                               (new_row ->> TG_ARGV[i])::bigint], NULL)));
        i := i + 2;
    END LOOP;
    FOR code IN
        SELECT c.uscc FROM registry_company c WHERE c.id = ANY(ids)
        -- a company deleted, or its code changed: its page under the old code
        UNION SELECT old_row ->> 'uscc' WHERE TG_TABLE_NAME = 'registry_company'
            AND old_row IS NOT NULL
    LOOP
        PERFORM pg_notify('{CHANNEL}', 'c:' || code);
    END LOOP;
    RETURN NULL;
END $$
"""

# table: (kind, column, source, column, source, ...)
TRIGGERS = {
    "registry_company": (
        "s",
        "id",
        "company",
        "head_office_id",
        "company",
        "id",
        "company_neighbours",
    ),
    "registry_formername": ("s", "company_id", "company"),
    "registry_shareholding": ("s", "company_id", "company", "holder_company_id", "company"),
    "registry_officer": ("s", "company_id", "company"),
    "registry_listentry": ("s", "company_id", "company"),
    "registry_person": ("s", "id", "person"),
    "registry_dishonestdebtor": ("c", "entry_id", "listentry"),
    "registry_penalty": ("c", "company_id", "company"),
    "registry_penaltycategory": ("c", "penalty_id", "penalty"),
    "registry_licence": ("c", "company_id", "company"),
    "registry_rating": ("c", "company_id", "company"),
    "registry_courtcase": ("c", "id", "courtcase"),
    "registry_caseparty": ("c", "company_id", "company", "case_id", "courtcase"),
    "registry_objection": (
        "c",
        "penalty_id",
        "penalty",
        "licence_id",
        "licence",
        "list_entry_id",
        "listentry",
        "rating_id",
        "rating",
        "court_case_id",
        "courtcase",
    ),
    "registry_repairapplication": ("c", "penalty_id", "penalty"),
    "registry_removalrequest": ("c", "entry_id", "listentry"),
    "registry_restriction": ("c", "company_id", "company"),
    "registry_region": ("*",),
    "registry_industry": ("*",),
    "registry_agency": ("*",),
    "registry_creditlist": ("*",),
    "registry_ratingscheme": ("*",),
}

ROW_TRIGGER = "registry_changes_row"
TRUNCATE_TRIGGER = "registry_changes_truncate"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(COMPANIES)
        cursor.execute(NOTIFY)
        for table, arguments in TRIGGERS.items():
            listed = ", ".join(f"'{argument}'" for argument in arguments)
            cursor.execute(f"DROP TRIGGER IF EXISTS {ROW_TRIGGER} ON {table}")
            cursor.execute(
                f"CREATE TRIGGER {ROW_TRIGGER} AFTER INSERT OR UPDATE OR DELETE ON {table}"
                f" FOR EACH ROW EXECUTE FUNCTION registry_notify_change({listed})"
            )
            cursor.execute(f"DROP TRIGGER IF EXISTS {TRUNCATE_TRIGGER} ON {table}")
            cursor.execute(
                f"CREATE TRIGGER {TRUNCATE_TRIGGER} AFTER TRUNCATE ON {table}"
                " FOR EACH STATEMENT EXECUTE FUNCTION registry_notify_change('*')"
            )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for table in TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {ROW_TRIGGER} ON {table}")
            cursor.execute(f"DROP TRIGGER IF EXISTS {TRUNCATE_TRIGGER} ON {table}")
        cursor.execute("DROP FUNCTION IF EXISTS registry_notify_change()")
        cursor.execute("DROP FUNCTION IF EXISTS registry_changed_companies(text, bigint[])")


class Migration(migrations.Migration):
    dependencies = [("registry", "0010_redress")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
