from library.models import TextPage
from tests.factories.library import AuthorFactory, TextPageFactory


def test_text_factory_makes_a_live_text_with_sections_authors_and_tags(library):
    author = AuthorFactory(name="Mary Macarthur")
    text = TextPageFactory(parent=library, authors=[author], tags=["Unions", "Women"])

    text = TextPage.objects.get(pk=text.pk)
    assert text.live
    assert [s.anchor for s in text.section_list] == [
        "chapter-i-the-meeting",
        "chapter-ii-the-vote",
        "chapter-iii-the-strike",
    ]
    assert list(text.authors.all()) == [author]
    assert sorted(t.name for t in text.tags.all()) == ["Unions", "Women"]
    assert text.word_count > 0 and text.reading_minutes >= 1
    assert author.sort_name == "Macarthur, Mary"
