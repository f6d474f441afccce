"""Writers: Whoosh's segment and multiprocessing writers with our codec
and a pool that pickles its sorted runs in batches."""

import pickle
from itertools import islice

from whoosh import multiproc, writing

from .codec import Codec

RUN_BATCH = 4096


class PostingPool(writing.PostingPool):
    """Sorting runs pickled a batch of postings at a time."""

    def _write_run(self, f, items):
        # Private: SortingPool's hook for writing one run to its file.
        items = iter(items)
        try:
            while batch := list(islice(items, RUN_BATCH)):
                pickle.dump(batch, f, pickle.HIGHEST_PROTOCOL)
        finally:
            f.close()

    def _read_run(self, path):
        # Private: SortingPool's hook for reading one run back.
        f = self._open_run(path)
        try:
            while True:
                try:
                    batch = pickle.load(f)  # noqa: S301 - the run this commit wrote
                except EOFError:
                    return
                yield from batch
        finally:
            f.close()
            self._remove_run(path)


def _own_parts(writer, limitmb: int) -> None:
    # Private: Whoosh's SegmentWriter builds its pool in __init__ with no
    # parameter for the class (``poolclass`` is accepted and ignored), so the
    # empty pool it made is replaced by ours before anything is added.
    writer.pool = PostingPool(writer._tempstorage, writer.newsegment, limitmb=limitmb)


class SegmentWriter(writing.SegmentWriter):
    def __init__(self, ix, limitmb: int = 128, **kwargs):
        kwargs.setdefault("codec", Codec())
        super().__init__(ix, limitmb=limitmb, **kwargs)
        _own_parts(self, limitmb)


class _SubWriterTask(multiproc.SubWriterTask):
    """Whoosh's worker process of ``MpWriter``, writing with our writer."""

    def run(self):
        # Whoosh's ``run`` names its SegmentWriter directly: this is the same
        # loop with ours.
        ix = self.storage.open_index(self.indexname)
        writer = self.writer = SegmentWriter(ix, _lk=False, **self.kwargs)
        while self.running:
            jobinfo = self.jobqueue.get()
            if jobinfo is None:
                break
            self._process_file(*jobinfo)
        if not self.running:
            writer.cancel()
            return
        if self.multisegment:
            runname, fieldnames = None, writer.pool.fieldnames
            # Private: finishes the segment without a commit, as Whoosh does.
            segment = writer._finalize_segment()
        else:
            runname, fieldnames, segment = multiproc.finish_subsegment(
                writer, self.kwargs.get("k", 64)
            )
        self.resultqueue.put((runname, fieldnames, segment), timeout=5)


class MpWriter(multiproc.MpWriter):
    """Whoosh's multiprocessing writer, with our codec and pool everywhere."""

    def __init__(self, ix, procs: int, limitmb: int = 128, **kwargs):
        kwargs.setdefault("codec", Codec())
        super().__init__(ix, procs=procs, limitmb=limitmb, **kwargs)
        _own_parts(self, limitmb)

    def _new_task(self):
        # Private: Whoosh's hook that starts one worker process.
        task = _SubWriterTask(
            self.storage,
            self.indexname,
            self.jobqueue,
            self.resultqueue,
            self.subargs,
            self.multisegment,
        )
        self.tasks.append(task)
        task.start()
        return task


def open_writer(ix, *, procs: int = 1, **kwargs):
    """A writer on ``ix`` that writes with our codec and pool."""
    if procs > 1:
        return MpWriter(ix, procs=procs, **kwargs)
    return SegmentWriter(ix, **kwargs)
