"""Our Whoosh subclasses (whoosh_modelsearch/_whoosh_internals/) give the
same index and lengths as Whoosh's own, and Whoosh itself is left as it is."""

import random

from whoosh import index, writing
from whoosh.codec import whoosh3
from whoosh.matching import ListMatcher
from whoosh.query import Term

from whoosh_modelsearch import _whoosh_internals as internals
from whoosh_modelsearch.schema import make_schema

WORDS = "rent strike tenants organise branch meeting union wages labour bread".split()


def _documents(count: int, seed: int = 1936) -> list[dict]:
    rng = random.Random(seed)
    docs = []
    for n in range(count):
        body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 60)))
        docs.append(
            {"id": f"doc:{n}", "pk": str(n).encode(), "t_body": body, "w_body": body}
        )
    return docs


def _write(path, docs, *, limitmb, ours=True):
    path.mkdir()
    ix = index.create_in(str(path), make_schema())
    if ours:
        writer = internals.open_writer(ix, limitmb=limitmb)
    else:
        writer = ix.writer(limitmb=limitmb)
    for doc in docs:
        writer.add_document(**doc)
    writer.commit()
    return ix


def _postings(ix) -> list:
    with ix.searcher() as searcher:
        reader = searcher.reader()
        out = []
        for fieldname, text in reader.all_terms():
            matcher = reader.postings(fieldname, text)
            postings = []
            while matcher.is_active():
                postings.append((matcher.id(), matcher.weight(), matcher.value()))
                matcher.next()
            out.append((fieldname, text, postings))
        return out


def test_sorting_runs_spilled_to_disk_make_the_same_index(tmp_path, monkeypatch):
    runs = []
    write_run = internals.PostingPool._write_run

    def counting_write_run(self, f, items):
        runs.append(f)
        return write_run(self, f, items)

    monkeypatch.setattr(internals.PostingPool, "_write_run", counting_write_run)
    docs = _documents(3000)
    in_memory = _write(tmp_path / "memory", docs, limitmb=512)
    assert runs == []  # everything sorted in memory
    spilled = _write(tmp_path / "spilled", docs, limitmb=1)
    assert len(runs) > 2  # the pool spilled sorted runs, written in batches
    whooshs = _write(tmp_path / "whoosh", docs, limitmb=1, ours=False)
    assert _postings(spilled) == _postings(in_memory) == _postings(whooshs)


def test_short_posting_lists_are_inlined_and_read_as_whooshs_blocks(tmp_path):
    # "quorum" is in 3 documents (fewer than INLINE_BELOW), the others in
    # hundreds; the id field's postings have no value.
    docs = _documents(400)
    for doc in docs[:3]:
        doc["t_body"] = doc["w_body"] = doc["t_body"] + " quorum"
    ours = _write(tmp_path / "ours", docs, limitmb=32)
    whooshs = _write(tmp_path / "whoosh", docs, limitmb=32, ours=False)
    assert _postings(ours) == _postings(whooshs)
    with ours.searcher() as searcher:
        reader = searcher.reader()
        quorum = internals.leaf_matcher(reader, "t_body", b"quorum")
        assert type(quorum) is ListMatcher
        assert internals.block_headers(quorum) == ([2], [0])
        ids, counts = internals.block_weights(quorum, 0)
        assert list(ids) == [0, 1, 2] and all(c >= 1 for c in counts)
        assert isinstance(reader.postings("t_body", b"rent"), internals.LeafMatcher)
    # Merging segments reads the inlined postings back and writes them again.
    more = [dict(doc, id=f"more:{doc['id']}") for doc in docs[:50]]
    writer = internals.open_writer(ours, limitmb=32)
    for doc in more:
        writer.add_document(**doc)
    writer.commit(optimize=True)
    whooshs_more = _write(tmp_path / "whoosh-more", docs + more, limitmb=32, ours=False)
    assert len(ours.reader().leaf_readers()) == 1
    assert _by_id(_postings(ours)) == _by_id(_postings(whooshs_more))


def _by_id(postings) -> set:
    """Postings named by their documents' ids, not numbers (a merge renumbers)."""
    ids = {
        p[0]: text for field, text, found in postings if field == "id" for p in found
    }
    return {
        (field, text, ids[docnum], weight, value)
        for field, text, found in postings
        for docnum, weight, value in found
    }


def test_a_block_header_longer_than_the_first_read_is_read_as_whoosh_does(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(internals.codec, "BLOCK_HEADER_READ", 8)  # every header
    docs = _documents(600)
    ours = _write(tmp_path / "ours", docs, limitmb=32)
    whooshs = _write(tmp_path / "whoosh", docs, limitmb=32, ours=False)
    assert _postings(ours) == _postings(whooshs)


def test_a_blocks_counts_are_read_without_unpickling_its_values(tmp_path):
    ix = _write(tmp_path / "index", _documents(400), limitmb=32)
    with ix.searcher() as searcher:
        [reader] = [r for r, _offset in searcher.reader().leaf_readers()]
        matcher = internals.leaf_matcher(reader, "t_body", b"rent")
        _last_ids, offsets = internals.block_headers(matcher)
        assert len(offsets) > 1
        ids, counts = internals.block_weights(matcher, offsets[1])
        assert matcher._values_at is not None  # positions and offsets not read
        same_ids, values = internals.block_values(matcher, offsets[1])
        assert matcher._values_at is None
        assert list(same_ids) == list(ids) and len(values) == len(ids)
        assert all(isinstance(value, bytes) for value in values)


def test_segments_written_before_in_whooshs_block_layout_are_still_read(tmp_path):
    # Segments written by earlier versions pickled their codec with zlib
    # blocks in Whoosh's layout; our matcher reads those as Whoosh does.
    docs = _documents(600)
    path = tmp_path / "earlier"
    path.mkdir()
    earlier = index.create_in(str(path), make_schema())
    writer = internals.open_writer(
        earlier, limitmb=32, codec=internals.Codec(compression=3, inlinelimit=1)
    )
    for doc in docs:
        writer.add_document(**doc)
    writer.commit()
    whooshs = _write(tmp_path / "whoosh", docs, limitmb=32, ours=False)
    with earlier.searcher() as searcher:
        [reader] = [r for r, _offset in searcher.reader().leaf_readers()]
        matcher = reader.postings("t_body", b"rent")
        assert isinstance(matcher, internals.LeafMatcher)
        matcher.value()  # a block in Whoosh's layout, read through ours
        assert matcher._data[0] and type(matcher._data[0]) is tuple
    assert _postings(earlier) == _postings(whooshs)


def test_whoosh_is_not_changed_by_importing_the_engine():
    import whoosh_modelsearch.backend  # noqa: F401 - everything of the engine

    assert whoosh3.W3PerDocReader.doc_field_length.__module__ == "whoosh.codec.whoosh3"
    assert whoosh3.W3LeafMatcher._read_ids.__module__ == "whoosh.codec.whoosh3"
    assert writing.PostingPool._write_run.__module__ == "whoosh.externalsort"
    assert writing.PostingPool._read_run.__module__ == "whoosh.externalsort"


def test_segments_we_write_are_read_through_our_classes(tmp_path):
    ix = _write(tmp_path / "index", _documents(300), limitmb=32)
    with ix.searcher() as searcher:
        [reader] = [r for r, _offset in searcher.reader().leaf_readers()]
        assert isinstance(reader.segment().codec(), internals.Codec)
        assert isinstance(reader.postings("t_body", "rent"), internals.LeafMatcher)


def test_field_lengths_are_the_number_of_words_indexed(tmp_path):
    docs = [
        {
            "id": "a",
            "pk": b"1",
            "t_body": "rent strike rent",
            "w_body": "rent strike rent",
        },
        {
            "id": "b",
            "pk": b"2",
            "t_body": "the union",
            "w_body": "the union",
        },  # "the" is a stop word
        {"id": "c", "pk": b"3"},  # no body at all
    ]
    ix = _write(tmp_path / "index", docs, limitmb=32)
    with ix.searcher() as searcher:
        reader = searcher.reader()
        assert internals.field_lengths(reader, "t_body") == [3, 1, None]
        for field in ("t_body", "w_body"):
            assert [reader.doc_field_length(n, field) for n in range(3)] == [3, 1, None]
        assert (
            reader.doc_field_length(0, "t_title", 7) == 7
        )  # no document has the field


def test_postings_list_exactly_the_documents_with_the_word(tmp_path):
    docs = _documents(900)  # "rent" is in hundreds: several blocks of postings
    ix = _write(tmp_path / "index", docs, limitmb=32)
    with ix.searcher() as searcher:
        reader = searcher.reader()
        for word in ("rent", "strike", "bread"):
            expected = [
                n for n, doc in enumerate(docs) if word in doc["t_body"].split()
            ]
            assert len(expected) > 128
            for field in ("t_body", "w_body"):
                assert list(reader.postings(field, word).all_ids()) == expected


def test_the_multiprocess_writer_writes_every_segment_with_our_codec(tmp_path):
    path = tmp_path / "index"
    path.mkdir()
    ix = index.create_in(str(path), make_schema())
    writer = internals.open_writer(ix, procs=2, multisegment=True, limitmb=1)
    docs = _documents(600)
    for doc in docs:
        writer.add_document(**doc)
    writer.commit(merge=False)

    segments = [r.segment() for r, _offset in ix.reader().leaf_readers()]
    assert len(segments) >= 2
    assert all(isinstance(s.codec(), internals.Codec) for s in segments)
    with ix.searcher() as searcher:
        pks = searcher.reader().column_reader("pk")
        assert sorted(pks[n] for n in range(searcher.doc_count())) == sorted(
            doc["pk"] for doc in docs
        )
        for word in ("rent", "bread"):
            found = searcher.search(Term("t_body", word), limit=None)
            assert sorted(pks[hit.docnum] for hit in found) == sorted(
                doc["pk"] for doc in docs if word in doc["t_body"].split()
            )
