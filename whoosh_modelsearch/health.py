"""What the index holds against what it should hold, and the repair.

"What it should hold" is modelsearch's own definition, as ``update_index``
uses it: for each model of ``get_indexed_models()``, the objects of
``model.get_indexed_objects()``. An object is missing when no document of
that model holds its primary key (a write that failed, a process killed
mid-update, a save whose index write was only logged). The repair indexes
just those objects; a full rebuild is not needed.
"""

from dataclasses import dataclass, field

from modelsearch.index import class_is_indexed, get_indexed_models

from . import documents
from .store import IndexMissing, SearchIndexError

#: Primary keys of missing objects listed per model in a report.
SHOWN_MISSING = 20
#: Objects indexed per write while repairing.
REPAIR_CHUNK = 500


@dataclass
class ModelGap:
    model: type
    expected: int
    indexed: int
    missing: list = field(default_factory=list)

    @property
    def label(self) -> str:
        return documents.model_label(self.model)


def index_report(backend) -> list[ModelGap]:
    """One ``ModelGap`` per indexed model; raises ``SearchIndexError``."""
    models = [m for m in get_indexed_models() if class_is_indexed(m)]
    labels = [documents.model_label(m) for m in models]
    indexed = backend.store.read(
        lambda searcher: backend.store.indexed_ids(searcher, labels)
    )
    report = []
    for model, label in zip(models, labels, strict=True):
        expected = {
            str(pk): pk
            for pk in model.get_indexed_objects().values_list("pk", flat=True)
        }
        found = indexed[label]
        missing = sorted(
            (pk for key, pk in expected.items() if key not in found), key=str
        )
        report.append(ModelGap(model, len(expected), len(found), missing))
    return report


def index_health(backend) -> tuple[bool, str]:
    store = backend.store
    try:
        report = index_report(backend)
    except IndexMissing:
        return False, (
            f"The search index in {store.root} is missing: "
            "run `manage.py update_index`."
        )
    except SearchIndexError as error:
        return False, f"{error}: run `manage.py update_index`."
    gaps = [gap for gap in report if gap.missing]
    total = store.read(lambda searcher: searcher.doc_count())
    pending = store.pending_count()
    waiting = f" {pending} updates wait for the next write." if pending else ""
    if gaps:
        lines = "; ".join(
            f"{len(gap.missing)} of {gap.expected} {gap.label} "
            f"(e.g. {', '.join(str(pk) for pk in gap.missing[:SHOWN_MISSING])})"
            for gap in gaps
        )
        return False, (
            f"The search index is missing {lines}: run "
            f"`manage.py update_index --repair` to add just those.{waiting}"
        )
    return True, f"The search index holds every object ({total} documents).{waiting}"


def index_repair(backend) -> dict[str, int]:
    """Index the missing objects of each model: {model label: count}."""
    repaired = {}
    for gap in index_report(backend):
        if not gap.missing:
            continue
        queryset = gap.model.get_indexed_objects()
        for start in range(0, len(gap.missing), REPAIR_CHUNK):
            chunk = gap.missing[start : start + REPAIR_CHUNK]
            backend.add_bulk(gap.model, list(queryset.filter(pk__in=chunk)))
        repaired[gap.label] = len(gap.missing)
    backend.store.apply_pending()
    return repaired
