import factory
import wagtail_factories
from django.contrib.auth import get_user_model

from courses.models import CourseIndexPage, CoursePage, ModulePage


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"learner{n}@example.org")
    username = factory.SelfAttribute("email")
    first_name = factory.Faker("first_name")
    password = factory.django.Password("a-long-test-password")


class CourseIndexPageFactory(wagtail_factories.PageFactory):
    title = "Courses"
    slug = "courses"

    class Meta:
        model = CourseIndexPage


class CoursePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Course {n}")
    summary = factory.Faker("sentence", nb_words=14)
    audience = "New members and anyone who wants to get involved."
    number_of_sessions = 4

    class Meta:
        model = CoursePage


def module_body(*, blocks_count: int = 4) -> list[tuple[str, dict]]:
    """A realistic module body: text, a reading, questions, an activity, a note."""
    body = [
        ("text", "<p>Every branch starts with people in a room who want to change something.</p>"),
        (
            "reading",
            {
                "title": "Rules for branches",
                "author": "The party",
                "chapter": "Chapter 2",
                "pages": "4-9",
                "url": "",
                "introduction": "<p>Read how a branch meeting is called.</p>",
                "minutes": 15,
            },
        ),
        (
            "discussion",
            {
                "heading": "Talking it through",
                "questions": [
                    {
                        "question": "What would make you come back to a meeting?",
                        "facilitator_prompt": "Ask the newest member first.",
                        "minutes": 10,
                    },
                    {
                        "question": "Who is missing from our meetings?",
                        "facilitator_prompt": "",
                        "minutes": 10,
                    },
                ],
            },
        ),
        (
            "activity",
            {
                "title": "Draft an agenda",
                "instructions": "<p>In pairs, write the agenda for next month.</p>",
                "minutes": 20,
                "materials": "Paper and pens",
            },
        ),
        ("facilitator_note", {"note": "<p>SECRET-FACILITATOR-NOTE: keep the pairs mixed.</p>"}),
        ("key_terms", {"terms": [{"term": "Quorum", "definition": "The fewest members needed to take decisions."}]}),
        ("quotation", {"quote": "Educate, agitate, organise.", "attribution": "Trade union slogan"}),
    ]
    return (body * (blocks_count // len(body) + 1))[:blocks_count]


class ModulePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Module {n}")
    objective = "Understand how a branch meeting works and how to take part."
    body = factory.LazyFunction(lambda: module_body(blocks_count=7))

    class Meta:
        model = ModulePage
