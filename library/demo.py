"""The demo library: two short guides written for Study Circle's users.

Classic texts (the Gutenberg books in ``shared/corpus``) are not ours to
ship; ``manage.py import_texts`` brings them in. These two are, so a fresh
``make run`` has a library to browse, search and cite: the course's last
module and the demo branch's reading group point at them.
"""

from django.utils.text import slugify

from .models import Author, LibraryIndexPage, TextPage, TextSection

AUTHOR = {
    "name": "Study Circle tutors",
    "sort_name": "Study Circle tutors",
    "bio": (
        "The volunteer tutors who write Study Circle's courses and guides, "
        "checked by the party's education committee."
    ),
}

RIGHTS = (
    "Written for Study Circle. Free to copy, adapt and print for party "
    "education (Creative Commons Attribution-ShareAlike 4.0)."
)

MEETING_GUIDE = {
    "slug": "the-branch-meeting",
    "title": "The branch meeting: a guide for chairs and secretaries",
    "year": 2026,
    "level": TextPage.ReadingLevel.ACCESSIBLE,
    "tags": ["meetings", "branch organising"],
    "summary": (
        "How to prepare, chair and follow up a branch meeting that members "
        "want to come back to: the agenda, fair debate, motions and "
        "amendments, and minutes that lead to action."
    ),
    "sections": [
        (
            "Before the meeting",
            "<p>A good meeting starts a week before anyone arrives. The "
            "secretary sends the notice: the date, the time, the place, "
            "whether the room has step-free access, and the agenda. Members "
            "who know what will be discussed can think about it, talk to "
            "others, and send in a motion or their apologies.</p>"
            "<p>Agree the agenda with the chair. Put the items that need a "
            "decision near the top, while people are fresh, and give each a "
            "rough time. Reports from officers can be sent round in writing, "
            "so the meeting spends its time on what members want to talk "
            "about, not on hearing what they could have read.</p>"
            "<p>Think about who is not in the room. Is the meeting at a time "
            "carers and shift workers can make? Is there a way to join by "
            "phone? Does anyone need the papers in large print? A branch that "
            "asks these questions every time soon stops being a branch of the "
            "same dozen people.</p>",
        ),
        (
            "Chairing fairly",
            "<p>The chair's job is to help the meeting reach decisions that "
            "the members own. It is not to win the argument. A chair who has "
            "strong views on an item should hand the chair to someone else "
            "for that item and speak from the floor like anyone else.</p>"
            "<p>Keep a list of who has asked to speak and take them in turn, "
            "giving priority to people who have not spoken yet. Agree a time "
            "limit at the start, two or three minutes is usual, and keep to "
            "it kindly but firmly. When the discussion goes round in circles, "
            "sum up where the meeting seems to be and ask whether it is ready "
            "to decide.</p>"
            "<p>Welcome new members by name, if they are happy to be "
            "introduced, and explain any term you use: CLP, NEC, composite, "
            "standing orders. Nobody should have to pretend to understand in "
            "order to belong.</p>",
        ),
        (
            "Motions and amendments",
            "<p>A motion is a proposal for the meeting to decide. It is "
            "proposed by one member and seconded by another, then debated, "
            "then voted on. Write motions so they can be carried out: what "
            "the branch believes, and what it resolves to do, by when, and "
            "who will do it.</p>"
            "<p>An amendment changes a motion: it adds words, deletes words, "
            "or does both. Amendments are debated and voted on before the "
            "motion itself, one at a time. If an amendment is carried, the "
            "motion as amended becomes the substantive motion, and that is "
            "what the final vote is on. An amendment that simply reverses the "
            "motion is not an amendment: members who disagree should vote "
            "against.</p>"
            "<p>When a vote is close or disputed, count it, and write the "
            "numbers in the minutes. A branch that counts carefully on small "
            "things is trusted on big ones.</p>",
        ),
        (
            "Minutes and what happens next",
            "<p>Minutes record what was decided, not everything that was "
            "said. For each item: a line on the discussion, the decision in "
            "the words that were voted on, the votes if counted, and the "
            "action: who will do what, by when.</p>"
            "<p>Send the minutes out within a week, while people still "
            "remember. At the next meeting, go through the actions first. A "
            "meeting whose decisions are carried out is one members come "
            "back to; a meeting whose decisions vanish is one they quietly "
            "stop attending.</p>"
            "<p>Finally, ask how the meeting went. Two minutes at the end, "
            "what worked and what to change, will do more for the branch "
            "than any rule book.</p>",
        ),
    ],
}

READING_GROUP_GUIDE = {
    "slug": "learning-together",
    "title": "Learning together: running a branch reading group",
    "year": 2026,
    "level": TextPage.ReadingLevel.ACCESSIBLE,
    "tags": ["education", "reading groups"],
    "summary": (
        "A short practical guide for members who want to start a reading "
        "group in their branch: choosing what to read, leading a discussion "
        "where everyone speaks, and including members who are not online."
    ),
    "sections": [
        (
            "Why read together",
            "<p>Most of what members know about the party and its history "
            "they learned from other members: in meetings, on the doorstep, "
            "in the pub afterwards. A reading group makes that learning "
            "deliberate. A handful of members read the same short text and "
            "meet to talk about it, with a question or two to start them "
            "off.</p>"
            "<p>Nobody needs to be an expert. The facilitator's job is to ask "
            "good questions and make sure everyone gets a say, not to give a "
            "lecture. Groups that work well mix new members with long-standing "
            "ones: each learns from the other.</p>",
        ),
        (
            "Choosing what to read",
            "<p>Short is better than long. A chapter, a pamphlet or a speech "
            "that can be read in half an hour gives a better discussion than "
            "a whole book that half the group has not finished. Mix old texts "
            "with new ones, and texts you agree with with texts you do "
            "not.</p>"
            "<p>Study Circle's library holds texts divided into sections, so "
            "a session can set one section. Print large-print packs for "
            "members who read better on paper, and bring spare copies for "
            "anyone who comes for the first time.</p>",
        ),
        (
            "Leading the discussion",
            "<p>Start with an open question that anyone can answer: what "
            "struck you, what surprised you, what do you disagree with? Go "
            "round the room once so that everyone has spoken early; people "
            "who have spoken once find it easier to speak again.</p>"
            "<p>Bring the text into the room: ask people to read out the "
            "passage they mean, and give the page. Connect the reading to "
            "what the branch is doing now. Finish on time, and end by asking "
            "what the group wants to read next.</p>",
        ),
    ],
}

TEXTS = [MEETING_GUIDE, READING_GROUP_GUIDE]


def _log(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message)


def demo_library_load(
    *, library: LibraryIndexPage, author=None, publisher=None, stdout=None
) -> dict[str, TextPage]:
    """The demo texts by slug; a text that already exists is left as it is."""
    writer, _created = Author.objects.get_or_create(
        name=AUTHOR["name"],
        defaults={"sort_name": AUTHOR["sort_name"], "bio": AUTHOR["bio"]},
    )
    texts = {}
    for spec in TEXTS:
        text = TextPage.objects.child_of(library).filter(slug=spec["slug"]).first()
        if text is None:
            text = TextPage(
                title=spec["title"],
                slug=spec["slug"],
                original_year=spec["year"],
                summary=spec["summary"],
                source="Study Circle",
                rights=RIGHTS,
                reading_level=spec["level"],
                live=False,
            )
            text.sections = [
                TextSection(title=title, anchor=slugify(title), body=body)
                for title, body in spec["sections"]
            ]
            text.authors = [writer]
            text.tags.add(*spec["tags"])
            library.add_child(instance=text)
            text.save_revision(user=author).publish(user=publisher)
            _log(stdout, f"Created the library text “{text.title}”")
        texts[spec["slug"]] = text
    return texts
