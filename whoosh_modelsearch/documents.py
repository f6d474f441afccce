"""From model instances to Whoosh documents, and from filter values to terms.

Column names follow the Elasticsearch backend's rule so that a field means the
same column whichever model of an inheritance tree is being indexed or
searched: the attribute name, prefixed with ``<app>_<model>__`` when the field
is defined on a subclass rather than the root model; fields reached through
``RelatedFields`` are joined with ``.`` (``authors.name``).
"""

import datetime
import decimal
import struct
import uuid
from functools import cache

from django.db import models
from django.utils import timezone
from modelsearch.backends.base import get_model_root
from modelsearch.index import (
    AutocompleteField,
    FilterField,
    RelatedFields,
    SearchField,
    get_indexed_models,
)

from .schema import AUTOCOMPLETE, FILTER, ORDER, TEXT

#: Filter terms longer than this are cut (Whoosh terms must stay small).
MAX_TERM_CHARS = 400


def column_name(model, field) -> str:
    root = get_model_root(model)
    definition = field.get_definition_model(model)
    prefix = ""
    if definition is not None and definition is not root:
        prefix = f"{definition._meta.app_label}_{definition.__name__}__".lower()
    if isinstance(field, RelatedFields):
        return prefix + field.field_name
    return prefix + field.get_attname(model)


def related_model(model, field: RelatedFields):
    return field.get_field(model).related_model


def model_label(model) -> str:
    return model._meta.label_lower


def content_types(model) -> list[str]:
    """The model's label and those of its indexed ancestors."""
    labels = [model_label(model)]
    parent = (
        model.indexed_get_parent() if hasattr(model, "indexed_get_parent") else None
    )
    while parent is not None:
        labels.append(model_label(parent))
        parent = parent.indexed_get_parent()
    return labels


def document_id(model, pk) -> str:
    return f"{model_label(get_model_root(model))}:{pk}"


# Values ----------------------------------------------------------------------


def encode(value) -> str | None:
    """A filter value as a term whose byte order is the value's order."""
    if value is None:
        return None
    if isinstance(value, models.Model):
        value = value.pk
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return f"i{value + 2**63:020d}" if -(2**63) <= value < 2**63 else f"i{value}"
    if isinstance(value, float | decimal.Decimal):
        bits = struct.unpack(">Q", struct.pack(">d", float(value)))[0]
        bits = bits ^ 0xFFFFFFFFFFFFFFFF if bits & (1 << 63) else bits | (1 << 63)
        return f"d{bits:016x}"
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = value.astimezone(datetime.UTC).replace(tzinfo=None)
        return value.isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return str(value)[:MAX_TERM_CHARS]


def encode_many(values) -> set[str]:
    """``encode`` of each value but None; a fast path for the many integer
    ids of a big ``__in`` filter (3,000 texts' ids on every library search)."""
    encoded = set()
    offset = 2**63
    for value in values:
        if type(value) is int and 0 <= value < 10**17:
            # encode()'s f"i{value + 2**63:020d}", twice as fast: 19 digits.
            encoded.add("i0" + str(value + offset))
        elif type(value) is int and -(2**63) <= value < 2**63:
            encoded.add(f"i{value + offset:020d}")
        elif value is not None:
            encoded.add(encode(value))
    encoded.discard(None)
    return encoded


def _plain(value):
    """A filter value as stored for facets: model instances become pks."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, models.Manager | models.QuerySet):
        return list(value.values_list("pk", flat=True))
    if isinstance(value, list | tuple | set):
        return [_plain(item) for item in value]
    return value


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "\n".join(_text(item) for item in value if item is not None)
    return str(value)


def _related_objects(value) -> list:
    if isinstance(value, models.Manager | models.QuerySet):
        return list(value.all())
    if isinstance(value, models.Model):
        return [value]
    return []


class DocumentBuilder:
    """Collects one instance's search fields into a Whoosh document."""

    def __init__(self, model):
        self.model = model

    def build(self, obj) -> dict:
        self.doc: dict = {}
        self.words: list[str] = []
        self.facets: dict = {}
        self.nonnull: list[str] = []
        self._add_fields(self.model, obj, self.model.get_search_fields(), prefix="")
        doc = self.doc
        doc.update(
            id=document_id(self.model, obj.pk),
            pk=str(obj.pk).encode(),
            ct=content_types(self.model),
            nn=self.nonnull,
            fv=self.facets,
            spell="\n".join(self.words),
        )
        doc[ORDER + "_pk"] = encode(obj.pk)
        return doc

    def _append_text(self, key: str, text: str) -> None:
        if not text:
            return
        self.doc[key] = f"{self.doc[key]}\n{text}" if key in self.doc else text

    def _add_fields(self, model, obj, search_fields, prefix: str) -> None:
        for field in search_fields:
            column = prefix + column_name(model, field)
            if isinstance(field, RelatedFields):
                sub_model = related_model(model, field)
                for related in _related_objects(field.get_value(obj)):
                    self._add_fields(sub_model, related, field.fields, column + ".")
                continue
            value = field.get_value(obj)
            if isinstance(field, SearchField):
                text = _text(value)
                self._append_text(TEXT + column, text)
                self.words.append(text)
            elif isinstance(field, AutocompleteField):
                self._append_text(AUTOCOMPLETE + column, _text(value))
            elif isinstance(field, FilterField):
                self._add_filter(column, value, top_level=not prefix)

    def _add_filter(self, column: str, value, *, top_level: bool) -> None:
        plain = _plain(value)
        values = plain if isinstance(plain, list) else [plain]
        terms = [term for term in (encode(v) for v in values) if term is not None]
        if terms:
            existing = self.doc.setdefault(FILTER + column, [])
            existing.extend(terms)
            if column not in self.nonnull:
                self.nonnull.append(column)
        if top_level:
            self.facets[column] = plain
            if not isinstance(plain, list) and terms:
                self.doc[ORDER + column] = terms[0]


# Columns a query reads ---------------------------------------------------------


def _descendant_models(model) -> list:
    return [m for m in get_indexed_models() if issubclass(m, model)] or [model]


def _collect(model, search_fields, prefix, kind, out: dict) -> None:
    for field in search_fields:
        column = prefix + column_name(model, field)
        if isinstance(field, RelatedFields):
            _collect(related_model(model, field), field.fields, column + ".", kind, out)
        elif kind is SearchField and isinstance(field, SearchField):
            boost = float(field.boost or 1.0)
            out[TEXT + column] = max(boost, out.get(TEXT + column, 0.0))
        elif kind is AutocompleteField and isinstance(field, AutocompleteField):
            out[AUTOCOMPLETE + column] = 1.0


@cache
def text_columns(model, kind=SearchField) -> tuple[tuple[str, float], ...]:
    """(column, boost) for every searchable column of ``model`` and its subclasses."""
    out: dict[str, float] = {}
    for sub in _descendant_models(model):
        _collect(sub, sub.get_search_fields(), "", kind, out)
    return tuple(out.items())


def field_columns(model, names, kind=SearchField) -> tuple[tuple[str, float], ...]:
    """(column, boost) for the named top-level fields of ``model`` only."""
    out = []
    for field in model.get_search_fields():
        if isinstance(field, kind) and field.field_name in names:
            prefix = TEXT if kind is SearchField else AUTOCOMPLETE
            boost = float(getattr(field, "boost", None) or 1.0)
            out.append((prefix + column_name(model, field), boost))
    return tuple(out)


def filter_column(model, field_path) -> str:
    """The column for a path of RelatedFields ending in a FilterField."""
    parts = []
    for field in field_path:
        parts.append(column_name(model, field))
        if isinstance(field, RelatedFields):
            model = related_model(model, field)
    return ".".join(parts)
