import factory
import wagtail_factories

from library.models import Author, LibraryIndexPage, TextPage, TextSection


class AuthorFactory(factory.django.DjangoModelFactory):
    name = factory.Faker("name")
    sort_name = factory.LazyAttribute(
        lambda o: f"{o.name.split()[-1]}, {' '.join(o.name.split()[:-1])}"
    )
    birth_year = 1840
    death_year = 1910
    bio = factory.Faker("sentence", nb_words=20)

    class Meta:
        model = Author


class LibraryIndexPageFactory(wagtail_factories.PageFactory):
    title = "Library"
    slug = "library"

    class Meta:
        model = LibraryIndexPage


def sections(*chapters: tuple[str, str]) -> list[TextSection]:
    """TextSection objects for a new TextPage: ("Chapter I", "<p>...</p>"), ..."""
    return [
        TextSection(title=title, body=body, sort_order=n)
        for n, (title, body) in enumerate(chapters)
    ]


def chapter_body(word: str, *, paragraphs: int = 3) -> str:
    sentence = f"The {word} is where the branch meets, talks and decides together."
    return "".join(f"<p>{sentence} {sentence}</p>" for _ in range(paragraphs))


class TextPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Pamphlet {n}")
    summary = factory.Faker("sentence", nb_words=16)
    original_year = 1900
    source = "Branch archive"
    rights = "Public domain."
    sections = factory.LazyFunction(
        lambda: sections(
            ("Chapter I: The Meeting", chapter_body("meeting")),
            ("Chapter II: The Vote", chapter_body("vote")),
            ("Chapter III: The Strike", chapter_body("picket")),
        )
    )

    class Meta:
        model = TextPage
        skip_postgeneration_save = True

    @factory.post_generation
    def authors(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.authors.set(extracted)
            obj.save()

    @factory.post_generation
    def tags(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.tags.set(extracted)
            obj.save()
