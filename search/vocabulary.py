"""The PostgreSQL search index's vocabulary: its words, counted, and the
closest real word to a misspelling ("did you mean").

The words are PostgreSQL's own ``simple`` tokens (lower case, unstemmed, letters
only) of the plain-text columns modelsearch keeps beside each index entry
(``title_text``, ``body_text``), so they are words a reader wrote, never stems
such as "constitut"; triggers on the index table keep their counts
(``search/migrations/0001_search_vocabulary.py``). Candidates are the words
sharing most trigrams with the misspelling (``pg_trgm``'s ``<->`` on a GiST
index, nearest first); the best is the one fewest edits away (a swapped pair
of letters is one edit), then the most common.
"""

import re

from django.db import connections
from modelsearch.conf import get_app_config

from .models import SearchWord

CANDIDATES = 20
_QUERY_WORD = re.compile(r"[^\W\d_]{3,40}")


def vocabulary_recount(*, using: str) -> int:
    """Count every word of the index again (the triggers keep the counts as
    they go; this is for a bench or a repair). Returns the number of words."""
    entries = get_app_config().get_model("IndexEntry")._meta.db_table
    table = SearchWord._meta.db_table
    with connections[using].cursor() as cursor:
        cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - table names from models
        cursor.execute(
            f"""
            INSERT INTO {table} (word, documents)
            SELECT lexeme, count(*) FROM {entries} AS entry
            CROSS JOIN LATERAL unnest(tsvector_to_array(to_tsvector(
                'simple', entry.title_text || ' ' || entry.body_text
            ))) AS lexeme
            WHERE lexeme ~ '^[[:alpha:]]{{3,40}}$'
            GROUP BY lexeme
            """  # noqa: S608 - table names from models
        )
        return cursor.rowcount


def edit_distance(a: str, b: str) -> int:
    """Edits from ``a`` to ``b``: a letter added, dropped, changed, or two
    neighbours swapped (optimal string alignment distance)."""
    previous2, previous = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(
                previous[j] + 1,
                current[j - 1] + 1,
                previous[j - 1] + (ca != cb),
            )
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def _allowed_edits(word: str) -> int:
    return 1 if len(word) < 6 else 2


def _best(word: str, candidates: list[tuple[str, int]]) -> str | None:
    scored = [
        (edit_distance(word, candidate), -documents, candidate)
        for candidate, documents in candidates
    ]
    scored = [s for s in scored if s[0] <= _allowed_edits(word)]
    return min(scored)[2] if scored else None


def _candidates(*, using: str, words: list[str]) -> dict[str, list]:
    """The ``CANDIDATES`` words sharing most trigrams with each word, nearest
    first from the GiST index, in one query."""
    table = SearchWord._meta.db_table
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"""
            SELECT asked.word, near.word, near.documents
            FROM unnest(%s::text[]) AS asked(word)
            CROSS JOIN LATERAL (
                SELECT known.word, known.documents FROM {table} AS known
                ORDER BY known.word <-> asked.word
                LIMIT {CANDIDATES}
            ) AS near
            """,  # noqa: S608 - table name from the model, a constant limit
            [words],
        )
        found: dict[str, list] = {word: [] for word in words}
        for asked, near, documents in cursor.fetchall():
            found[asked].append((near, documents))
        return found


def vocabulary_suggest(*, using: str, query: str) -> str | None:
    """``query`` with each word the index does not hold replaced by the
    closest word it does, or None when nothing changes."""
    asked = sorted({w.lower() for w in _QUERY_WORD.findall(query or "")})
    if not asked:
        return None
    known = set(
        SearchWord.objects.using(using)
        .filter(word__in=asked)
        .values_list("word", flat=True)
    )
    unknown = [w for w in asked if w not in known]
    if not unknown:
        return None
    replacements = {
        word: best
        for word, candidates in _candidates(using=using, words=unknown).items()
        if (best := _best(word, candidates))
    }
    if not replacements:
        return None

    def replace(match: re.Match) -> str:
        return replacements.get(match.group(0).lower(), match.group(0))

    return _QUERY_WORD.sub(replace, query)
