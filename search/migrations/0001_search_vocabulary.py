"""The words of the PostgreSQL search index, for "did you mean".

On PostgreSQL, three statement-level triggers on modelsearch's index table keep
``SearchWord`` in step with it, whichever way an entry is written or removed
(an index write, a rebuild, a cascade delete): each counts the words of the
rows its statement inserted, changed or deleted, in one upsert. On other
databases the table stays empty and nothing else is made.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

ENTRIES = "wagtailsearch_indexentry"
WORDS = "site_search_searchword"

# PostgreSQL's ``simple`` tokens (lower case, not stemmed), letters only.
_WORDS_OF = """
    SELECT lexeme, {sign} count(*) AS n
    FROM {rows} AS entry
    CROSS JOIN LATERAL unnest(tsvector_to_array(to_tsvector(
        'simple', entry.title_text || ' ' || entry.body_text
    ))) AS lexeme
    WHERE lexeme ~ '^[[:alpha:]]{{3,40}}$'
    GROUP BY lexeme
"""


def _count(rows: str, sign: str) -> str:
    # Sorted, so that two writers lock the same words in the same order.
    return f"""
    INSERT INTO {WORDS} AS known (word, documents)
    SELECT * FROM ({_WORDS_OF.format(rows=rows, sign=sign)}) AS counted ORDER BY lexeme
    ON CONFLICT (word) DO UPDATE SET documents = known.documents + EXCLUDED.documents;
    """


_GONE = f"DELETE FROM {WORDS} WHERE documents <= 0;"
# Rows of an UPDATE whose text changed (modelsearch re-writes unchanged ones).
_CHANGED_OLD = (
    "(SELECT o.* FROM old_rows o JOIN new_rows n USING (id) "
    "WHERE (o.title_text, o.body_text) IS DISTINCT FROM (n.title_text, n.body_text))"
)
_CHANGED_NEW = _CHANGED_OLD.replace("SELECT o.*", "SELECT n.*")

# An atomic rebuild sets this for its transaction and counts every word once
# at its end (search/backends/postgres.py) instead.
DEFERRED = "current_setting('site_search.words_deferred', true) = 'on'"
FUNCTIONS = {
    "site_search_words_inserted": _count("new_rows", ""),
    "site_search_words_deleted": _count("old_rows", "-") + _GONE,
    "site_search_words_updated": _count(_CHANGED_OLD, "-")
    + _count(_CHANGED_NEW, "")
    + _GONE,
}
TRIGGERS = [
    ("site_search_words_inserted", "AFTER INSERT", "NEW TABLE AS new_rows"),
    ("site_search_words_deleted", "AFTER DELETE", "OLD TABLE AS old_rows"),
    (
        "site_search_words_updated",
        "AFTER UPDATE",
        "OLD TABLE AS old_rows NEW TABLE AS new_rows",
    ),
]


def words_follow_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    run = schema_editor.execute
    # GiST, for nearest-first (``<->``) lookups of a misspelt word's neighbours.
    run(f"CREATE INDEX site_search_word_trigram ON {WORDS} USING gist (word gist_trgm_ops)")
    run(f"CREATE INDEX site_search_word_unused ON {WORDS} (word) WHERE documents <= 0")
    for name, body in FUNCTIONS.items():
        run(
            f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN IF {DEFERRED} THEN RETURN NULL; END IF; {body} RETURN NULL; END $$"
        )
    for name, event, tables in TRIGGERS:
        run(
            f"CREATE TRIGGER {name} {event} ON {ENTRIES} REFERENCING {tables} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()"
        )
    # Entries already indexed.
    run(f"INSERT INTO {WORDS} (word, documents) {_WORDS_OF.format(rows=ENTRIES, sign='')}")


def words_follow_index_undo(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _event, _tables in TRIGGERS:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {ENTRIES}")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {name}()")


class Migration(migrations.Migration):
    initial = True

    dependencies = [("wagtailsearch", "0010_add_text_fields")]

    operations = [
        # pg_trgm is a trusted extension: the database's owner may create it.
        # A no-op on other databases.
        TrigramExtension(),
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                (
                    "word",
                    models.CharField(max_length=40, primary_key=True, serialize=False),
                ),
                ("documents", models.IntegerField(default=0)),
            ],
            options={"verbose_name": "search word"},
        ),
        migrations.RunPython(words_follow_index, words_follow_index_undo),
    ]
