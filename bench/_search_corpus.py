"""The search benchmark's corpus: the nine Gutenberg books and texts generated
from a bigram model of their words, loaded as library pages and sections."""

import os
import random
import re
from pathlib import Path

from bench._common import BASE_DIR

WORDS = int(os.environ.get("BENCH_SEARCH_WORDS", 10_000_000))
TEXTS = int(os.environ.get("BENCH_SEARCH_TEXTS", 3000))
CORPUS = Path(
    os.environ.get("BENCH_CORPUS")
    or BASE_DIR.parent / "shared" / "corpus" / "gutenberg"
)
SECTIONS_PER_TEXT = 4
SEED = 1848


def books():
    from library.importer.document import parse_document
    from library.services import sources_from_paths

    sources, errors = sources_from_paths(paths=[CORPUS])
    if not sources:
        raise SystemExit(
            f"No books in {CORPUS}: set BENCH_CORPUS to the folder of the nine "
            "Gutenberg books (shared/corpus/gutenberg)."
        )
    books = []
    for source in sources:
        books.append(
            parse_document(
                name=source.name,
                data=source.data,
                sidecar=source.sidecar,
                sidecar_name=source.sidecar_name,
            )
        )
    return books, errors


def _bigrams(books) -> dict[str, list[str]]:
    """Each word of the books, with the words that follow it (repeats kept)."""
    follows: dict[str, list[str]] = {}
    for book in books:
        for section in book.sections:
            words = re.sub(r"<[^>]+>", " ", section.body).split()
            for a, b in zip(words, words[1:], strict=False):
                follows.setdefault(a, []).append(b)
    return follows


def _generate(follows, starts, rng, n: int) -> str:
    """``n`` words of paragraphs from the bigram model, as rich text HTML."""
    out, paragraph = [], []
    word = rng.choice(starts)
    choice = rng.choice
    for _ in range(n):
        paragraph.append(word)
        nexts = follows.get(word)
        word = choice(nexts) if nexts else choice(starts)
        if len(paragraph) >= 80 and paragraph[-1].endswith("."):
            out.append("<p>" + " ".join(paragraph) + "</p>")
            paragraph = []
    if paragraph:
        out.append("<p>" + " ".join(paragraph) + "</p>")
    return "".join(out).replace("&", "&amp;")


def pages(books):
    """(title, year, [(section title, body, words)]) for every text of the corpus."""
    rng = random.Random(SEED)
    texts = [
        (b.title, b.year, [(s.title, s.body, s.words) for s in b.sections])
        for b in books
    ]
    real_words = sum(b.words for b in books)
    follows = _bigrams(books)
    starts = [w for w in follows if w[:1].isupper()]
    generated = max(TEXTS - len(texts), 0)
    remaining = max(WORDS - real_words, 0)
    for n in range(generated):
        words = remaining // (generated - n)
        words = (
            max(int(words * rng.uniform(0.5, 1.5)), 50) if n < generated - 1 else words
        )
        words = min(words, remaining) or 50
        remaining -= min(words, remaining)
        per = max(words // SECTIONS_PER_TEXT, 1)
        sections = [
            (f"Part {i + 1}", _generate(follows, starts, rng, per), per)
            for i in range(SECTIONS_PER_TEXT)
        ]
        texts.append((f"Generated text {n + 1}", 1850 + n % 150, sections))
    return texts


def load(texts):
    """Pages via the model API (search updates off), sections in bulk."""
    from django.db import transaction
    from django.utils.text import slugify

    from core.models import HomePage
    from library.models import LibraryIndexPage, TextPage, TextSection

    home = HomePage.objects.get()
    library = home.add_child(instance=LibraryIndexPage(title="Library", slug="library"))
    pages = []
    with transaction.atomic():
        for n, (title, year, sections) in enumerate(texts):
            page = library.add_child(
                instance=TextPage(
                    title=title[:255],
                    slug=f"{slugify(title)[:40]}-{n}",
                    original_year=year,
                    summary=f"{title}: a text of the benchmark corpus.",
                    live=True,
                )
            )
            pages.append((page, sections))
        rows, updated = [], []
        for page, sections in pages:
            total = 0
            for i, (title, body, words) in enumerate(sections):
                rows.append(
                    TextSection(
                        page_id=page.pk,
                        sort_order=i,
                        title=title[:255],
                        anchor=f"{slugify(title)[:60] or 'section'}-{i + 1}",
                        body=body,
                        word_count=words,
                    )
                )
                total += words
            page.word_count, page.reading_minutes = total, max(total // 230, 1)
            updated.append(page)
        TextSection.objects.bulk_create(rows, batch_size=500)
        TextPage.objects.bulk_update(
            updated, ["word_count", "reading_minutes"], batch_size=500
        )
    return library, len(rows)
