"""A module laid out as pack items: each block with its anchor, its title and
the agenda's timing (``ModulePage.agenda_of``) when it takes time in the room."""

from dataclasses import dataclass, field
from typing import Any

from courses.models import ModulePage

from ..options import PackOptions
from .links import online
from .readings import reading_sections

BLOCK_TITLES = {
    "reading": lambda v: f"Reading: {v.get('title')}",
    "discussion": lambda v: v.get("heading") or "Discussion",
    "activity": lambda v: f"Activity: {v.get('title')}",
    "media": lambda v: v.get("title") or "Video or audio",
}


@dataclass
class PackItem:
    block: Any
    anchor: str
    title: str = ""
    label: str = ""  # the agenda's label, for a timed item
    start: int | None = None
    minutes: int = 0
    text: list[dict] = field(default_factory=list)
    online: dict | None = None  # a library text's address online


@dataclass
class PackPart:
    module: ModulePage
    anchor: str
    items: list[PackItem] = field(default_factory=list)
    online: dict | None = None  # the module's address online (``links.online``)


def part_build(module: ModulePage, anchor: str, options: PackOptions) -> PackPart:
    part = PackPart(module=module, anchor=anchor)
    # Which blocks and fields are for facilitators is the blocks' to say
    # (core.blocks.learner_stream); the learner edition prints the learner view.
    body = module.body if options.facilitator else module.learner_body
    timed = {entry.position: entry for entry in module.agenda_of(body)}
    for index, block in enumerate(body, start=1):
        if block.block_type == "key_terms":
            continue  # gathered into the glossary at the end
        title_of = BLOCK_TITLES.get(block.block_type)
        item = PackItem(
            block=block,
            anchor=f"{anchor}-{index}",
            title=title_of(block.value) if title_of else "",
        )
        if (entry := timed.get(index - 1)) is not None:
            item.start, item.minutes, item.label = (
                entry.start,
                entry.minutes,
                entry.label,
            )
        if block.block_type == "reading":
            item.text = reading_sections(block.value)
            item.online = online(page=block.value.get("text"))
        part.items.append(item)
    return part
