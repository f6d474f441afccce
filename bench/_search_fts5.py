"""The search benchmark's reference: SQLite FTS5 with ``snippet()``.

The same sections as the library's search reads (every section of the live
texts), their text as the index gets it (rich text without its tags), in an
FTS5 table of its own (Porter stems, accents folded, no stop words), in a
file of this run's ``bench_dir()``. A query is what a reader typed: words
(all of them, as the library's ``operator="and"`` asks) and quoted phrases,
each token quoted for FTS5; the first 10 sections by FTS5's BM25 ``rank``,
each with a ``snippet()`` of its best column.
"""

import html
import re
import shlex
import sqlite3
import time
from pathlib import Path

_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"\w+")


def _text(body: str) -> str:
    return html.unescape(_TAG.sub(" ", body))


def build(path: Path, sections) -> float:
    """Fill ``path`` with ``sections`` ((pk, title, body) rows); seconds taken."""
    start = time.perf_counter()
    db = sqlite3.connect(path)
    db.execute(
        "CREATE VIRTUAL TABLE sections USING fts5(title, body, "
        "tokenize = 'porter unicode61 remove_diacritics 2')"
    )
    db.executemany(
        "INSERT INTO sections (rowid, title, body) VALUES (?, ?, ?)",
        ((pk, title, _text(body)) for pk, title, body in sections),
    )
    db.execute("INSERT INTO sections (sections) VALUES ('optimize')")
    db.commit()
    db.close()
    return time.perf_counter() - start


def match_expression(query: str) -> str:
    """A typed query as FTS5 syntax: words and "phrases", each quoted."""
    try:
        parts = shlex.split(query)
    except ValueError:
        parts = query.split()
    quoted = []
    for part in parts:
        words = _WORD.findall(part)
        if words:
            quoted.append('"' + " ".join(words) + '"')
    return " AND ".join(quoted)


class Reference:
    """An open connection to the FTS5 table; ``search`` is one timed query."""

    SQL = (
        "SELECT rowid, snippet(sections, -1, '<mark>', '</mark>', ' … ', 32) "
        "FROM sections WHERE sections MATCH ? ORDER BY rank LIMIT 10"
    )

    def __init__(self, path: Path):
        self.db = sqlite3.connect(path)

    def search(self, query: str) -> list[tuple[int, str]]:
        expression = match_expression(query)
        if not expression:
            return []
        return self.db.execute(self.SQL, (expression,)).fetchall()

    def size(self) -> int:
        return self.db.execute(
            "SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'sections%'"
        ).fetchone()[0]
