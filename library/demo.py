"""The demo library (``library/demo_data/library.yaml``): the Library section
and two short guides written for Study Circle's users.

Classic texts (the Gutenberg books in ``shared/corpus``) are not ours to
ship; ``manage.py import_texts`` brings them in. These two are, so a fresh
``make run`` has a library to browse, search and cite: the course's last
module and the demo branch's reading group point at them. Registered with
``load_demo`` in ``wagtail_hooks.py``; see ``core.demo``.
"""

from django.utils.text import slugify

from core.demo import demo_child, demo_data, demo_log, demo_publish

from .models import Author, LibraryIndexPage, TextPage, TextSection


def _data() -> dict:
    """Read when the demo is loaded, not when the site starts."""
    return demo_data(app_label="library", name="library.yaml")


def demo_library_load(*, demo: dict, stdout=None) -> None:
    """The Library section and the demo texts (``demo["texts"]``, by slug); a
    text that already exists is left as it is."""
    library = demo_child(demo["home"], LibraryIndexPage, _data()["section"]["slug"])
    if library is None:
        library = demo_publish(demo["home"], LibraryIndexPage(**_data()["section"]))
        demo_log(stdout, "Created the Library section")
    author = _data()["author"]
    writer, _created = Author.objects.get_or_create(
        name=author["name"],
        defaults={"sort_name": author["sort_name"], "bio": author["bio"]},
    )
    users = demo["users"]
    demo["texts"] = {
        spec["slug"]: _text_load(
            library=library,
            spec=spec,
            writer=writer,
            author=users.get("tutor@example.org"),
            publisher=users.get("editor@example.org"),
            stdout=stdout,
        )
        for spec in _data()["texts"]
    }


def _text_load(*, library, spec: dict, writer, author, publisher, stdout) -> TextPage:
    text = demo_child(library, TextPage, spec["slug"])
    if text is not None:
        return text
    text = TextPage(
        title=spec["title"],
        slug=spec["slug"],
        original_year=spec["year"],
        summary=spec["summary"],
        source="Study Circle",
        rights=_data()["rights"],
        reading_level=spec["level"],
        live=False,
    )
    text.sections = [
        TextSection(title=s["title"], anchor=slugify(s["title"]), body=s["body"])
        for s in spec["sections"]
    ]
    text.authors = [writer]
    text.tags.add(*spec["tags"])
    library.add_child(instance=text)
    text.save_revision(user=author).publish(user=publisher)
    demo_log(stdout, f"Created the library text “{text.title}”")
    return text
