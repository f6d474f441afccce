"""Sidecar metadata: our own simple YAML/JSON keys, or Gutenberg's metadata.yaml."""

import json
import re
from datetime import date

import yaml

from .limits import yaml_nodes_check
from .pages import sidecar_pages


class Tagged(str):
    """A YAML scalar with a custom tag (``!lcsh 'Socialism'``); the tag is kept."""

    yaml_tag = ""


class _TolerantLoader(yaml.SafeLoader):
    def get_single_data(self):
        # Aliases are counted on the node graph before any value is built:
        # a few hundred bytes of nested aliases expand to billions of values.
        node = self.get_single_node()
        if node is None:
            return None
        yaml_nodes_check(node)
        return self.construct_document(node)


def _construct_unknown(loader, tag_suffix, node):
    if isinstance(node, yaml.ScalarNode):
        value = Tagged(loader.construct_scalar(node))
        value.yaml_tag = tag_suffix
        return value
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return loader.construct_mapping(node, deep=True)


_TolerantLoader.add_multi_constructor("!", _construct_unknown)
_TolerantLoader.add_multi_constructor("tag:", _construct_unknown)


def sidecar_load(*, data: str, name: str) -> dict:
    """Parse a .yaml/.yml/.json sidecar into our normalised metadata dict."""
    if name.lower().endswith(".json"):
        raw = json.loads(data)
    else:
        raw = yaml.load(data, Loader=_TolerantLoader)  # noqa: S506 - SafeLoader subclass
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ValueError(f"{name} is not a mapping of keys to values")
    return metadata_normalise(raw=raw)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(_text(v) for v in value if v)
    return str(value).strip()


def name_split(*, value: str) -> tuple[str, str]:
    """'Wilde, Oscar' -> ('Oscar Wilde', 'Wilde, Oscar'); 'Karl Marx' -> ('Karl Marx', 'Marx, Karl')."""
    value = " ".join(value.split())
    if "," in value:
        parts = [p.strip() for p in value.split(",") if p.strip()]
        surname, given = parts[0], parts[1] if len(parts) > 1 else ""
        if given:
            return f"{given} {surname}", f"{surname}, {given}"
        return surname, surname
    words = value.split()
    if len(words) > 1:
        return value, f"{words[-1]}, {' '.join(words[:-1])}"
    return value, value


def _authors(raw: dict) -> list[dict]:
    items = []
    creator = raw.get("creator")
    if isinstance(creator, dict):
        for key in ("author", "authors"):
            value = creator.get(key)
            if isinstance(value, dict):
                items.append(value)
            elif isinstance(value, list):
                items.extend(v for v in value if isinstance(v, dict | str))
    for key in ("authors", "author"):
        value = raw.get(key)
        if isinstance(value, str | dict):
            items.append(value)
        elif isinstance(value, list):
            items.extend(value)
    authors = []
    for item in items:
        if isinstance(item, str):
            if item.strip():
                name, sort_name = name_split(value=item)
                authors.append({"name": name, "sort_name": sort_name})
            continue
        if not isinstance(item, dict):
            continue
        label = _text(item.get("agent_name") or item.get("name"))
        if not label:
            continue
        name, sort_name = name_split(value=label)
        authors.append(
            {
                "name": name,
                "sort_name": sort_name,
                "birth_year": _year(item.get("birthdate") or item.get("born")),
                "death_year": _year(item.get("deathdate") or item.get("died")),
                "bio": _text(item.get("bio")),
            }
        )
    return authors


def _year(value) -> int | None:
    if isinstance(value, int) and -3000 < value < 3000:
        return value
    if isinstance(value, date):
        return value.year
    match = re.search(r"-?\d{3,4}", _text(value))
    return int(match.group()) if match else None


def _date(value) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(_text(value)[:10])
    except ValueError:
        return None


def _tags(raw: dict) -> list[str]:
    values = raw.get("tags") or raw.get("subjects") or []
    if isinstance(values, str):
        values = list(re.split(r"[,;]", values))
    tags = []
    for value in values:
        text = _text(value)
        tag = getattr(value, "yaml_tag", "")
        match = re.match(r"^!?(lcsh|lcc)\s*:\s*(.*)$", text)
        if match:
            tag, text = match.group(1), match.group(2)
        if tag == "lcc" or text in {"GITenberg", ""}:
            continue
        head = text.split(" -- ")[0].strip()
        if head and len(head) <= 100 and head not in tags:
            tags.append(head)
    return tags[:12]


_PUBLISHED = re.compile(
    r"(?:published|written|issued)\s+(?:in\s+)?(\d{4})|\ban?\s+(\d{4})\s+(?:essay|novel|book|pamphlet)",
    re.I,
)


def metadata_normalise(*, raw: dict) -> dict:
    """Our keys (title, authors, date, source, rights, tags, language, ...) from either format."""
    identifiers = (
        raw.get("identifiers") if isinstance(raw.get("identifiers"), dict) else {}
    )
    meta = {
        "title": _text(raw.get("title")),
        "authors": _authors(raw),
        "summary": _text(raw.get("summary") or raw.get("description")),
        "source": _text(raw.get("source") or raw.get("publisher")),
        "source_url": _text(raw.get("source_url") or raw.get("url")),
        "rights": _text(raw.get("rights")),
        "language": _text(raw.get("language"))[:20],
        "tags": _tags(raw),
        "reading_level": _text(raw.get("reading_level")),
        "key": "",
        "pages": sidecar_pages(raw),
    }
    if meta["summary"].startswith("Wikipedia: http"):
        meta["summary"] = ""
    if identifiers.get("gutenberg"):
        meta["key"] = f"gutenberg:{_text(identifiers['gutenberg'])}"
    elif raw.get("identifier") or raw.get("id"):
        meta["key"] = f"id:{_text(raw.get('identifier') or raw.get('id'))}"[:120]
    when = raw.get("date") or raw.get("original_date") or raw.get("year")
    meta["date"] = _date(when)
    meta["year"] = _year(when) if when else None
    if meta["year"] is None and meta["summary"]:
        match = _PUBLISHED.search(meta["summary"])
        if match:
            meta["year"] = int(match.group(1) or match.group(2))
    return meta
