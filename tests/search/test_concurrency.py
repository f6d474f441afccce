"""Several processes writing at once, crashes mid-commit, rebuilds under load."""

import multiprocessing
import os

from wagtail.search.backends import get_search_backend

from courses.models import CoursePage
from tests.factories.courses import CoursePageFactory
from whoosh_modelsearch import store as store_module
from whoosh_modelsearch.locking import LockTimeout, file_lock
from whoosh_modelsearch.store import IndexStore

WRITERS = 6
DOCS_EACH = 25


def _doc(writer: int, n: int) -> dict:
    return {
        "id": f"test.doc:{writer}-{n}",
        "pk": f"{writer}-{n}".encode(),
        "ct": ["test.doc"],
        "t_title": f"writer{writer} document{n} solidarity",
    }


def _write_many(root: str, writer: int, start, errors) -> None:
    start.wait()
    store = IndexStore(root)
    try:
        for n in range(DOCS_EACH):
            # One commit per document: as many lock hand-overs as possible.
            store.write(documents=[_doc(writer, n)])
    except Exception as error:  # noqa: BLE001 - reported to the parent
        errors.put(f"writer {writer}: {error!r}")


def test_concurrent_writers_from_several_processes_lose_nothing(tmp_path):
    store = IndexStore(tmp_path / "index")
    store.reset()
    context = multiprocessing.get_context("fork")
    start, errors = context.Event(), context.Queue()
    processes = [
        context.Process(target=_write_many, args=(str(store.root), w, start, errors))
        for w in range(WRITERS)
    ]
    for process in processes:
        process.start()
    start.set()
    for process in processes:
        process.join(timeout=120)

    assert [p.exitcode for p in processes] == [0] * WRITERS
    assert errors.empty()
    with store.searcher() as searcher:
        titles = {
            searcher.stored_fields(docnum)["t_title"]
            for docnum in searcher.reader().all_doc_ids()
        }
    expected = {_doc(w, n)["t_title"] for w in range(WRITERS) for n in range(DOCS_EACH)}
    assert titles == expected


def _crash_during_commit(root: str) -> None:
    from whoosh.filedb.filestore import FileStorage

    def die(*args, **kwargs):
        os._exit(3)  # the new segment is written; its table of contents is not

    FileStorage.rename_file = die
    IndexStore(root).write(documents=[_doc(99, n) for n in range(50)])


def test_a_crash_mid_commit_leaves_a_usable_index_and_no_stale_lock(tmp_path):
    store = IndexStore(tmp_path / "index")
    store.write(documents=[_doc(1, 1)])
    context = multiprocessing.get_context("fork")
    process = context.Process(target=_crash_during_commit, args=(str(store.root),))
    process.start()
    process.join(timeout=60)
    assert process.exitcode == 3

    with store.searcher() as searcher:
        assert searcher.doc_count() == 1
    store.write(documents=[_doc(1, 2)])  # the lock was released by the crash
    with store.searcher() as searcher:
        assert searcher.doc_count() == 2


def test_the_lock_times_out_rather_than_waiting_for_ever(tmp_path):
    lock = tmp_path / "write.lock"
    with file_lock(lock, timeout=1):
        context = multiprocessing.get_context("fork")
        errors = context.Queue()

        def try_lock():
            try:
                with file_lock(lock, timeout=0.2):
                    errors.put("acquired")
            except LockTimeout:
                errors.put("timeout")

        process = context.Process(target=try_lock)
        process.start()
        process.join(timeout=10)
        assert errors.get(timeout=5) == "timeout"


def titles(results):
    return sorted(page.title for page in results)


def test_a_rebuild_swaps_in_atomically_and_keeps_concurrent_updates(course_index):
    course = CoursePageFactory(
        parent=course_index, title="Tenants", summary="Rent strike"
    )
    backend = get_search_backend()
    rebuilder = backend.rebuilder_class(backend.get_index_for_model(CoursePage))
    new_index = rebuilder.start()
    stale = CoursePage.objects.get(pk=course.pk)  # what the rebuild read

    # An editor saves while the rebuild runs: the live index has it at once.
    course.summary = "Rent strike and repairs won"
    course.save_revision().publish()
    assert titles(CoursePage.objects.search("repairs")) == ["Tenants"]

    # The rebuild then writes what it read earlier; searches still use the old
    # generation until it finishes.
    new_index.add_items(CoursePage, [stale])
    assert titles(CoursePage.objects.search("repairs")) == ["Tenants"]
    rebuilder.finish()

    assert titles(CoursePage.objects.search("repairs")) == ["Tenants"]
    generations = sorted(p.name for p in backend.store.root.glob("gen-*"))
    assert backend.store.current_generation() in generations
    assert len(generations) <= 2


def test_searches_during_a_rebuild_see_the_old_index(course_index):
    CoursePageFactory(parent=course_index, title="Tenants", summary="Rent strike")
    backend = get_search_backend()
    rebuilder = backend.rebuilder_class(backend.get_index_for_model(CoursePage))
    rebuilder.start()  # empty so far

    assert titles(CoursePage.objects.search("strike")) == ["Tenants"]
    rebuilder.finish()
    assert titles(CoursePage.objects.search("strike")) == []


def test_a_write_that_finds_the_lock_busy_is_kept_and_applied_by_the_next(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(store_module, "UPDATE_LOCK_TIMEOUT", 0.05)
    store = IndexStore(tmp_path / "index")
    store.reset()

    with file_lock(store.lock_path, timeout=1):  # a long commit elsewhere
        store.write(documents=[_doc(1, 1)])
    assert store.pending_count() == 1

    store.write(documents=[_doc(1, 2)])

    assert store.pending_count() == 0
    with store.searcher() as searcher:
        assert searcher.doc_count() == 2


def test_a_page_saved_while_the_index_is_busy_is_saved_and_indexed_later(
    course_index, monkeypatch
):
    monkeypatch.setattr(store_module, "UPDATE_LOCK_TIMEOUT", 0.05)
    backend = get_search_backend()

    with file_lock(backend.store.root / "write.lock", timeout=1):
        course = CoursePageFactory(parent=course_index, title="Tenants", summary="Rent")
    assert CoursePage.objects.filter(pk=course.pk).exists()
    assert "wait for the next write" in get_search_backend().index_health()[1]

    backend.refresh_indexes()

    assert titles(CoursePage.objects.search("tenants")) == ["Tenants"]


# Rebuilds at the store level: one writer, other writers' updates kept aside ----


def _docs(store) -> dict[str, str]:
    with store.searcher() as searcher:
        if not searcher.doc_count_all():
            return {}
        pks = searcher.reader().column_reader("pk")
        return {
            pks[docnum].decode(): searcher.stored_fields(docnum)["t_title"]
            for docnum in searcher.reader().all_doc_ids()
        }


def _titled(doc_id: str, title: str) -> dict:
    return {"id": doc_id, "pk": doc_id.encode(), "ct": ["test.doc"], "t_title": title}


def test_a_rebuild_applies_what_others_wrote_meanwhile_last_write_winning(tmp_path):
    store = IndexStore(tmp_path / "index")
    store.write(documents=[_titled("a", "old a"), _titled("b", "old b")])
    rebuild = store.begin_rebuild()

    # Others write while the rebuild runs: the live index has it at once...
    store.write(documents=[_titled("a", "edited a"), _titled("c", "new c")])
    store.write(delete_ids=["b"])
    store.write(documents=[_titled("c", "edited c")])
    assert _docs(store) == {"a": "edited a", "c": "edited c"}
    # ...and the rebuild, which read the database before those edits, adds
    # stale copies (and "a" twice, as a model indexed under its parent is).
    rebuild.add([_titled("a", "stale a"), _titled("b", "stale b")])
    rebuild.add([_titled("a", "stale a again")])
    assert _docs(store) == {
        "a": "edited a",
        "c": "edited c",
    }  # still the old generation

    rebuild.finish()

    assert _docs(store) == {"a": "edited a", "c": "edited c"}
    assert not store.building.exists() and not store.building_updates.exists()
    store.write(documents=[_titled("d", "after")])
    assert _docs(store)["d"] == "after"


def test_only_one_rebuild_at_a_time(tmp_path):
    store = IndexStore(tmp_path / "index")
    first = store.begin_rebuild()
    try:
        store.begin_rebuild()
    except LockTimeout as error:
        assert "Another rebuild" in str(error)
    else:
        raise AssertionError("a second rebuild started")
    first.finish()


def _rebuild_and_die(root: str) -> None:
    rebuild = IndexStore(root).begin_rebuild()
    rebuild.add([_titled("x", "half built")])
    os._exit(4)  # killed mid-rebuild: no finish, no clean-up


def test_a_rebuild_whose_process_died_is_dropped_by_the_next_writer(tmp_path):
    store = IndexStore(tmp_path / "index")
    store.write(documents=[_titled("a", "kept")])
    context = multiprocessing.get_context("fork")
    process = context.Process(target=_rebuild_and_die, args=(str(store.root),))
    process.start()
    process.join(timeout=60)
    assert process.exitcode == 4
    half_built = store.building.read_text().strip()
    assert (store.root / half_built).is_dir()

    store.write(documents=[_titled("b", "written after")])

    assert _docs(store) == {"a": "kept", "b": "written after"}
    assert not store.building.exists()
    assert not (store.root / half_built).exists()
    assert not store.building_updates.exists()  # nothing kept for a dead rebuild
    store.begin_rebuild().finish()  # and a new rebuild can run
    assert _docs(store) == {}


def test_a_big_rebuild_shared_by_the_writer_processes_keeps_every_document(tmp_path):
    store = IndexStore(tmp_path / "index")
    rebuild = store.begin_rebuild()
    # Batches of 100 go to the writer's processes (two on a two-core machine).
    rebuild.add([_titled(f"doc{n}", f"title {n}") for n in range(350)])
    rebuild.add([_titled("doc7", "seen again: replaced")])
    rebuild.finish()

    docs = _docs(store)
    assert len(docs) == 350
    assert docs["doc7"] == "seen again: replaced"
    assert docs["doc349"] == "title 349"
