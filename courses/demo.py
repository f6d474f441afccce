"""Demo content for a fresh site: `manage.py load_demo` (and `make run`).

``demo_load`` runs in sections: the demo accounts, the two sections of the
site under the home page, the starter course, then the home page's welcome.
Each section only creates what is missing and never overwrites what someone
has since edited, so loading twice changes nothing. Other apps add their own
section (library texts, a demo branch) as a function called from ``demo_load``.

The accounts have known passwords: ``load_demo`` refuses to run when DEBUG is
off unless forced, so they never appear on a real site by accident.
"""

import json
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from core.models import HomePage
from library.demo import demo_library_load
from library.models import LibraryIndexPage

from .models import CourseIndexPage, CoursePage, ModulePage

# ---------------------------------------------------------------------------
# Accounts
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoLogin:
    email: str
    password: str
    role: str
    first_name: str
    last_name: str
    group: str | None = None
    superuser: bool = False


# The passwords are public on purpose: they are printed by demo_logins.
DEMO_LOGINS = [
    DemoLogin(
        email="admin@example.org",
        password="demo-admin-password",  # noqa: S106 (published demo password)
        role="Site administrator (can do everything)",
        first_name="Alex",
        last_name="Admin",
        superuser=True,
    ),
    DemoLogin(
        email="editor@example.org",
        password="demo-editor-password",  # noqa: S106 (published demo password)
        role="Education committee (reviews and publishes courses)",
        first_name="Eddie",
        last_name="Clarke",
        group="Education committee",
    ),
    DemoLogin(
        email="tutor@example.org",
        password="demo-tutor-password",  # noqa: S106 (published demo password)
        role="Tutor (writes course modules, sends them for review)",
        first_name="Tess",
        last_name="Morgan",
        group="Tutors",
    ),
    DemoLogin(
        email="learner@example.org",
        password="demo-learner-password",  # noqa: S106 (published demo password)
        role="Learner (reads courses, marks modules done)",
        first_name="Ada",
        last_name="Lewis",
    ),
    DemoLogin(
        email="organiser@example.org",
        password="demo-organiser-password",  # noqa: S106 (published demo password)
        role="Branch organiser (takes the registers of Riverside branch)",
        first_name="Olu",
        last_name="Adeyemi",
        group="Branch organisers",
    ),
]


def _log(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message)


def demo_users_load(*, stdout=None) -> dict[str, object]:
    """The demo accounts, by e-mail. Passwords are set only on creation,
    so someone who changed theirs keeps it."""
    user_model = get_user_model()
    users = {}
    for login in DEMO_LOGINS:
        user, created = user_model.objects.get_or_create(
            username=login.email,
            defaults={
                "email": login.email,
                "first_name": login.first_name,
                "last_name": login.last_name,
                "is_staff": login.superuser,
                "is_superuser": login.superuser,
            },
        )
        if created:
            user.set_password(login.password)
            user.save(update_fields=["password"])
            _log(stdout, f"Created the account {login.email}")
        if login.group and not user.groups.filter(name=login.group).exists():
            user.groups.add(Group.objects.get(name=login.group))
        users[login.email] = user
    return users


# ---------------------------------------------------------------------------
# Pages: small helpers
# ---------------------------------------------------------------------------


def _stream(blocks: list[tuple[str, object]]) -> str:
    """StreamField data as the JSON Wagtail stores, so missing optional
    fields get their defaults when the blocks are read back."""
    return json.dumps([{"type": kind, "value": value} for kind, value in blocks])


def _child(parent, model, slug: str):
    return model.objects.child_of(parent).filter(slug=slug).first()


def _publish(parent, page, *, author=None, publisher=None):
    """Add ``page`` under ``parent`` and publish it through a revision, so its
    history starts as a tutor's first version published by the committee."""
    page.live = False
    parent.add_child(instance=page)
    page.save_revision(user=author).publish(user=publisher)
    return page


# ---------------------------------------------------------------------------
# The sections under the home page
# ---------------------------------------------------------------------------


def demo_sections_load(
    *, home: HomePage, stdout=None
) -> tuple[CourseIndexPage, LibraryIndexPage]:
    courses = _child(home, CourseIndexPage, "courses")
    if courses is None:
        courses = _publish(
            home,
            CourseIndexPage(
                title="Courses",
                slug="courses",
                intro="<p>Courses written by tutors and checked by the education "
                "committee. Read them on your own, or work through them with "
                "your branch's reading group.</p>",
                search_description="Short courses to read at home or work "
                "through together in your branch.",
            ),
        )
        _log(stdout, "Created the Courses section")
    library = _child(home, LibraryIndexPage, "library")
    if library is None:
        library = _publish(
            home,
            LibraryIndexPage(
                title="Library",
                slug="library",
                intro="<p>Pamphlets, speeches and books from our movement's "
                "history, to read chapter by chapter.</p>",
                search_description="Pamphlets, speeches and books from the "
                "movement, to read and search.",
            ),
        )
        _log(stdout, "Created the Library section")
    return courses, library


# ---------------------------------------------------------------------------
# The starter course: How our party works
# ---------------------------------------------------------------------------

COURSE_SLUG = "how-our-party-works"

COURSE = {
    "title": "How our party works",
    "summary": (
        "A short course for new and returning members on how the party is "
        "organised: branches and constituency parties, how policy is made, what "
        "our councillors and MPs are elected to do, and how to run a meeting "
        "that everyone can take part in."
    ),
    "audience": (
        "New members, members coming back after some time away, and anyone who "
        "has sat in a branch meeting wondering what was going on. No background "
        "needed: every term is explained as we go."
    ),
    "level": CoursePage.Level.INTRODUCTORY,
    "number_of_sessions": 4,
    "outcomes": [
        "Explain what a branch and a constituency party do, and who runs them",
        "Follow how a motion from a branch can become party policy",
        "Say who councillors and MPs answer to, and how members can hold them to account",
        "Chair a short meeting, take its minutes and draft a motion",
        "Help a newcomer feel welcome at their first meeting",
    ],
    "tags": ["new members", "party democracy", "meetings"],
}

MODULES = [
    {
        "slug": "branches-and-constituency-parties",
        "title": "Your branch and your constituency party",
        "objective": (
            "Find out what your branch and constituency party are, who does what "
            "in them, and how you can take part from your very first meeting."
        ),
        "body": [
            (
                "text",
                "<p>When you join the party you become a member of a branch and of "
                "a constituency party, often without anyone telling you. This "
                "session explains what they are, who runs them and how you can "
                "have your say.</p>"
                "<h2>Your branch</h2>"
                "<p>A branch covers a small area: often one council ward, sometimes "
                "two or three wards together. It is the part of the party closest "
                "to where you live. At branch meetings members get to know each "
                "other, plan campaigning in the area, discuss what is happening "
                "locally and agree motions they want to send on.</p>"
                "<h2>Your constituency party</h2>"
                "<p>The constituency party covers the same area as a parliamentary "
                "seat, so it brings together all the branches in it. Depending on "
                "its rules it is run by a general committee of delegates from the "
                "branches and from affiliated organisations such as trade unions, "
                "or by meetings open to every member. It chooses the party's "
                "candidate for Parliament, sends delegates and motions to annual "
                "conference, and runs election campaigns.</p>"
                "<h2>Who runs them</h2>"
                "<p>Both are run by volunteers, elected each year at an annual "
                "general meeting: a <strong>chair</strong>, who runs the meetings; "
                "a <strong>secretary</strong>, who deals with letters and e-mails "
                "and sends out the agenda; a <strong>treasurer</strong>, who looks "
                "after the money; and officers for women members, for equalities, "
                "for links with the trade unions and for political education (the "
                "person who may well be running this course). Any member can "
                "stand.</p>",
            ),
            (
                "reading",
                {
                    "title": "The party rule book",
                    "chapter": "The chapters on constituency parties and on branches",
                    "introduction": (
                        "<p>Every member is entitled to a copy of the rule book. "
                        "You don't need to read it all. Look for three things: who "
                        "can come to a branch meeting, what a branch can decide on "
                        "its own, and how a branch sends a motion to the "
                        "constituency party.</p>"
                    ),
                    "minutes": 15,
                },
            ),
            (
                "key_terms",
                {
                    "terms": [
                        {
                            "term": "Ward",
                            "definition": "The smallest area of local government: "
                            "each ward elects one or more councillors.",
                        },
                        {
                            "term": "Branch",
                            "definition": "The party's members in one ward or a few "
                            "wards. Your nearest part of the party.",
                        },
                        {
                            "term": "Constituency party",
                            "definition": "All the branches in one parliamentary "
                            "constituency, working together. Often called the CLP.",
                        },
                        {
                            "term": "Affiliate",
                            "definition": "An organisation, such as a trade union or "
                            "a socialist society, that is part of the party and "
                            "sends delegates to it.",
                        },
                        {
                            "term": "Delegate",
                            "definition": "Someone elected to go to a meeting on "
                            "behalf of others and report back to them.",
                        },
                        {
                            "term": "Officer",
                            "definition": "A member elected to a job in the branch "
                            "or constituency party, such as chair or secretary.",
                        },
                        {
                            "term": "AGM",
                            "definition": "The annual general meeting, where the "
                            "officers are elected for the year ahead.",
                        },
                    ]
                },
            ),
            (
                "discussion",
                {
                    "heading": "Talking it through",
                    "questions": [
                        {
                            "question": "Think back to why you joined. What did you "
                            "hope you would do as a member? Has anyone asked you "
                            "yet?",
                            "facilitator_prompt": "Go round the room so that "
                            "everyone speaks once, newest members first. Write the "
                            "hopes on a flipchart and keep it: you will come back "
                            "to it in the last session.",
                            "minutes": 15,
                        },
                        {
                            "question": "Which decisions can our branch make on its "
                            "own, and which does it have to pass on to the "
                            "constituency party?",
                            "facilitator_prompt": "Use the rule book chapter. If "
                            "nobody knows, that's fine: write the question down "
                            "and agree who will ask the branch secretary.",
                            "minutes": 10,
                        },
                        {
                            "question": "Who lives in our area but is missing from "
                            "our meetings? Why might that be?",
                            "facilitator_prompt": "Steer away from blaming people "
                            "for not coming. Ask what time, place and kind of "
                            "meeting would suit a carer, a shift worker or someone "
                            "who doesn't drive.",
                            "minutes": 10,
                        },
                    ],
                },
            ),
            (
                "activity",
                {
                    "title": "Draw a map of your party",
                    "instructions": (
                        "<p>In groups of three or four, draw your party on a large "
                        "sheet of paper: your branch in the middle, then the "
                        "constituency party, the trade unions that are affiliated "
                        "locally, your councillors and your MP. Draw arrows for "
                        "who elects whom and who sends what to whom.</p>"
                        "<p>Put a question mark anywhere you are not sure. Each "
                        "group shows its map to the others, and the question marks "
                        "become a list of things to find out before the next "
                        "session.</p>"
                    ),
                    "minutes": 25,
                    "materials": "Large sheets of paper and marker pens; the rule "
                    "book chapters, printed; the names of your branch and "
                    "constituency officers (ask the secretary beforehand).",
                },
            ),
            (
                "facilitator_note",
                {
                    "note": (
                        "<p>Before the session, ask the branch secretary for the "
                        "names of the branch and constituency officers, the dates "
                        "of the next meetings and which wards the branch covers. "
                        "People remember names and dates better than "
                        "structures.</p>"
                        "<p>Some members will know a great deal and some nothing "
                        "at all. Say at the start that every question is welcome, "
                        "and ask the old hands to hold back until others have "
                        "spoken.</p>"
                    )
                },
            ),
        ],
    },
    {
        "slug": "how-policy-is-made",
        "title": "How policy is made",
        "objective": (
            "Follow an idea from a branch meeting to the manifesto, and see where "
            "members can make a difference along the way."
        ),
        "body": [
            (
                "text",
                "<p>Party policy does not come from one place. Ideas start in "
                "branches, trade unions and policy forums, are argued over at "
                "conference and, if they survive, end up in the manifesto the "
                "party puts to the voters.</p>"
                "<h2>Motions</h2>"
                "<p>A motion is a written proposal for a meeting to agree. A member "
                "brings it to the branch; if the branch passes it, it can go to the "
                "constituency party, and from there to a regional conference or the "
                "party's annual conference.</p>"
                "<h2>Annual conference</h2>"
                "<p>Conference is where delegates from constituency parties and "
                "affiliated trade unions debate and vote on motions and on changes "
                "to the rules. Each constituency party can send delegates and "
                "submit motions, within limits and deadlines set by the rule "
                "book.</p>"
                "<h2>The policy forums</h2>"
                "<p>Alongside conference, a National Policy Forum of members elected "
                "by constituency parties, trade unions, councillors, MPs and others "
                "works on longer policy documents, through policy commissions on "
                "each subject. Members and branches can send their ideas to the "
                "commissions as submissions.</p>"
                "<h2>The manifesto</h2>"
                "<p>Before a general election, the party leadership meets with "
                "representatives of the national executive, the MPs, the trade "
                "unions and the policy forum to agree the manifesto from the policy "
                "the party has adopted. What is in it is what our candidates stand "
                "on.</p>",
            ),
            (
                "reading",
                {
                    "title": "The National Policy Forum's annual report to conference",
                    "author": "The National Policy Forum",
                    "chapter": "The report of one policy commission of your choice",
                    "introduction": (
                        "<p>Pick one subject you care about: housing, health, work, "
                        "transport. Read what the commission says it was sent by "
                        "members and what it did with it. Does anything surprise "
                        "you?</p>"
                    ),
                    "minutes": 15,
                },
            ),
            (
                "key_terms",
                {
                    "terms": [
                        {
                            "term": "Motion",
                            "definition": "A written proposal that a meeting debates "
                            "and votes on.",
                        },
                        {
                            "term": "Annual conference",
                            "definition": "The yearly gathering of delegates that "
                            "decides the party's rules and sets its policy.",
                        },
                        {
                            "term": "Compositing",
                            "definition": "Merging several similar motions into one "
                            "before conference debates them.",
                        },
                        {
                            "term": "National Policy Forum",
                            "definition": "An elected body that drafts the party's "
                            "longer policy documents for conference to agree.",
                        },
                        {
                            "term": "Policy commission",
                            "definition": "A working group of the policy forum on one "
                            "subject, such as health or housing.",
                        },
                        {
                            "term": "Submission",
                            "definition": "An idea or proposal sent in to a policy "
                            "commission by a member, branch or organisation.",
                        },
                        {
                            "term": "Manifesto",
                            "definition": "The programme the party puts to the voters "
                            "at an election: what it promises to do.",
                        },
                    ]
                },
            ),
            (
                "activity",
                {
                    "title": "From the doorstep to the manifesto",
                    "instructions": (
                        "<p>Each group gets a set of cards, one for each step an "
                        "idea takes on its way into the manifesto, shuffled. Put "
                        "the cards in order. Then, beside each card, write who "
                        "decides at that step and how an ordinary member could "
                        "have a say there.</p>"
                        "<p>Compare your order with another group's. Where you "
                        "disagree, check the rule book.</p>"
                    ),
                    "minutes": 20,
                    "materials": "One set of step cards per group (the steps are in "
                    "the facilitator note), pens, sticky notes.",
                },
            ),
            (
                "discussion",
                {
                    "heading": "Talking it through",
                    "questions": [
                        {
                            "question": "Pick one thing you would like the party to "
                            "promise at the next election. Where would you start "
                            "to make it happen?",
                            "facilitator_prompt": "Push for something concrete: "
                            "'keep the bus to the hospital running after six' is "
                            "better than 'better transport'. Then ask: is this for "
                            "the council, for Parliament, or both?",
                            "minutes": 15,
                        },
                        {
                            "question": "Conference can vote for a policy that then "
                            "does not appear in the manifesto. Should that be "
                            "possible? Who should have the last word?",
                            "facilitator_prompt": "There is no single right answer. "
                            "Make sure both sides are heard, and ask people what "
                            "they would do if their side lost the vote.",
                            "minutes": 15,
                        },
                    ],
                },
            ),
            (
                "facilitator_note",
                {
                    "note": (
                        "<p>The step cards, in order: a member raises an idea at a "
                        "branch meeting; the branch passes a motion; the "
                        "constituency party passes it; it is sent to annual "
                        "conference; similar motions are composited; conference "
                        "debates and votes; the policy joins the party's "
                        "programme; the manifesto meeting agrees the manifesto; "
                        "candidates stand on it at the election.</p>"
                        "<p>The number of motions a constituency party may send, "
                        "and the deadlines, change from year to year. Check the "
                        "current rule book and this year's conference "
                        "arrangements before the session rather than relying on "
                        "this pack.</p>"
                    )
                },
            ),
        ],
    },
    {
        "slug": "what-representation-means",
        "title": "What representation means",
        "objective": (
            "Understand what councillors and MPs are elected to do, who they "
            "answer to, and how members can hold them to account."
        ),
        "body": [
            (
                "text",
                "<h2>Councillors</h2>"
                "<p>Councillors are elected to the local council, usually for four "
                "years, to represent a ward. They decide how the council spends its "
                "money, on things like bins, libraries, social care and housing, "
                "and they help residents with problems. On the council our "
                "councillors sit together as a group, agree their position before "
                "important votes and elect a group leader.</p>"
                "<h2>Members of Parliament</h2>"
                "<p>An MP is elected for a constituency at a general election. MPs "
                "vote on new laws, question ministers and take up the problems of "
                "the people who live in their constituency. In Parliament they are "
                "expected to vote with the party on most matters: the party's "
                "instructions on how to vote are called the whip.</p>"
                "<h2>Who do they answer to?</h2>"
                "<p>Our representatives answer to more than one group at once: to "
                "everyone who lives in the area, including people who did not vote "
                "for them; to the party, whose programme they stood on; and to "
                "their own conscience. A candidate stands on the party's "
                "manifesto, and voters who put a cross by their name are voting "
                "for that programme as well as for the person. Most of the time "
                "these pull in the same direction. When they don't, the arguments "
                "start.</p>"
                "<h2>How members have a say</h2>"
                "<p>Members choose the party's candidates in the first place, at "
                "selection meetings. Councillors and MPs report to branch and "
                "constituency meetings, where members can question them. And at "
                "the next election everyone decides whether to vote for them "
                "again.</p>",
            ),
            (
                "reading",
                {
                    "title": "The Seven Principles of Public Life",
                    "author": "Committee on Standards in Public Life",
                    "chapter": "The seven principles, with their short explanations",
                    "url": "https://www.gov.uk/government/publications/the-7-principles-of-public-life",
                    "introduction": (
                        "<p>Every councillor and MP is expected to follow these "
                        "seven principles, first set out in 1995. It takes five "
                        "minutes to read them. Which of them matter most to you "
                        "when you think about who represents you?</p>"
                    ),
                    "minutes": 10,
                },
            ),
            (
                "quotation",
                {
                    "quote": "What power have you got? Where did you get it from? "
                    "In whose interests do you exercise it? To whom are you "
                    "accountable? How can we get rid of you?",
                    "attribution": "Tony Benn, his five questions to ask of the "
                    "powerful",
                },
            ),
            (
                "discussion",
                {
                    "heading": "Talking it through",
                    "questions": [
                        {
                            "question": "Our MP was elected on the party's manifesto, "
                            "but most people in the constituency are against one of "
                            "its promises. What should the MP do?",
                            "facilitator_prompt": "Ask for reasons on both sides. "
                            "Bring in the idea that voters chose a programme, not "
                            "only a person, and ask how the MP should explain "
                            "their vote either way.",
                            "minutes": 15,
                        },
                        {
                            "question": "Try Tony Benn's five questions on someone "
                            "with power over your life: a councillor, an MP, an "
                            "employer, a landlord. Which question is the hardest "
                            "to get answered?",
                            "facilitator_prompt": "Keep to roles rather than "
                            "named people in the room, and to what can actually "
                            "be found out.",
                            "minutes": 15,
                        },
                        {
                            "question": "How would you like our councillors and our "
                            "MP to report to members? How often, and in what way?",
                            "facilitator_prompt": "Collect practical ideas: a "
                            "written report before each meeting, a time for "
                            "questions, a surgery in the summer. Agree who will "
                            "take the ideas to the officers.",
                            "minutes": 10,
                        },
                    ],
                },
            ),
            (
                "activity",
                {
                    "title": "Questions for our councillor",
                    "instructions": (
                        "<p>In pairs, write three questions you would like to ask "
                        "one of our councillors about their work, using the five "
                        "questions as a guide. Share them with the room and choose "
                        "the three best.</p>"
                        "<p>If a councillor has been invited, put the questions to "
                        "them in the last part of the session. If not, agree who "
                        "will ask them at the next branch meeting.</p>"
                    ),
                    "minutes": 20,
                    "materials": "Paper and pens. If you can, invite a councillor "
                    "for the last twenty minutes and tell them beforehand what "
                    "the group will ask about.",
                },
            ),
            (
                "key_terms",
                {
                    "terms": [
                        {
                            "term": "Councillor",
                            "definition": "Someone elected to the local council to "
                            "represent a ward.",
                        },
                        {
                            "term": "MP",
                            "definition": "Member of Parliament: elected to the House "
                            "of Commons to represent a constituency.",
                        },
                        {
                            "term": "Whip",
                            "definition": "The party's instruction to its MPs or "
                            "councillors on how to vote; also the person who gives "
                            "it.",
                        },
                        {
                            "term": "Selection",
                            "definition": "How members choose who will stand as the "
                            "party's candidate.",
                        },
                        {
                            "term": "Surgery",
                            "definition": "A regular time when residents can meet "
                            "their councillor or MP to raise a problem.",
                        },
                        {
                            "term": "Accountable",
                            "definition": "Having to explain your decisions to the "
                            "people who gave you your job, and accept their "
                            "judgement.",
                        },
                    ]
                },
            ),
            (
                "facilitator_note",
                {
                    "note": (
                        "<p>Keep the discussion on how representation works "
                        "rather than on whether particular politicians are good "
                        "or bad. People may have strong feelings about named "
                        "politicians: let them say so, then bring the group back "
                        "to the question of what the relationship should be and "
                        "how to make it work.</p>"
                        "<p>If a councillor is coming, agree a time limit with "
                        "them beforehand so that members' questions get "
                        "answered.</p>"
                    )
                },
            ),
        ],
    },
    {
        "slug": "running-a-democratic-meeting",
        "title": "Running a democratic meeting",
        "objective": (
            "Learn how a meeting is run (the agenda, the chair, the minutes and "
            "motions) and how to make it a meeting newcomers want to come back to."
        ),
        "body": [
            (
                "text",
                "<p>Most of our party's democracy happens in ordinary meetings: in "
                "community centres, back rooms and on video calls. A good meeting "
                "lets everyone who wants to speak be heard, reaches clear "
                "decisions and writes them down. A bad one can put people off for "
                "years.</p>"
                "<h2>The agenda</h2>"
                "<p>The agenda is the list of business for the meeting, in order, "
                "sent out beforehand by the secretary. A typical branch agenda: "
                "welcome and apologies; the minutes of the last meeting; matters "
                "arising; reports from officers and councillors; motions; "
                "campaigning; any other business; the date of the next "
                "meeting.</p>"
                "<h2>The chair</h2>"
                "<p>The chair keeps the meeting to the agenda and to time, calls "
                "people to speak in turn, makes sure a few voices do not drown out "
                "the rest, and puts questions to the vote. A good chair is fair to "
                "people they disagree with.</p>"
                "<h2>The minutes</h2>"
                "<p>Minutes are the written record of what the meeting decided, "
                "not of everything that was said. They note who came, each "
                "decision, motions word for word with the result of the vote, and "
                "who agreed to do what.</p>"
                "<h2>Motions and amendments</h2>"
                "<p>A motion sets out what the branch <em>notes</em> (the facts), "
                "what it <em>believes</em> (the argument) and what it "
                "<em>resolves</em> (what will actually be done). Someone proposes "
                "it, someone else seconds it, there is a debate and then a vote. An "
                "amendment proposes a change to the wording and is voted on "
                "first.</p>"
                "<h2>Making newcomers welcome</h2>"
                "<p>Greet people at the door. Introduce anyone new, if they are "
                "happy to be introduced. Explain terms as you go. Offer new "
                "members a small, clear job, and someone to do it with.</p>",
            ),
            (
                "reading",
                {
                    "title": "The branch meeting: a guide for chairs and secretaries",
                    "author": "Study Circle tutors",
                    "chapter": "Motions and amendments",
                    "library": ("the-branch-meeting", "motions-and-amendments"),
                    "introduction": (
                        "<p>A short guide in our own library. Read how a motion "
                        "and its amendments are taken, then try it on a real "
                        "motion in the activity.</p>"
                    ),
                    "minutes": 10,
                },
            ),
            (
                "reading",
                {
                    "title": "ABC of Chairmanship",
                    "author": "Walter Citrine",
                    "chapter": "The chapters on the chair's duties and on motions "
                    "and amendments",
                    "introduction": (
                        "<p>Written by a general secretary of the TUC in the "
                        "1930s, this little book has been used to train trade "
                        "union and party officers ever since. Its language is of "
                        "its time, but its advice on keeping a meeting fair still "
                        "holds. Your branch or union may have a copy.</p>"
                    ),
                    "minutes": 15,
                },
            ),
            (
                "reading",
                {
                    "title": "Our branch's standing orders",
                    "author": "Your branch",
                    "introduction": (
                        "<p>The rules our own meetings follow: how many members "
                        "make a quorum, how long people may speak, how motions "
                        "are sent in. Ask the secretary for a copy.</p>"
                    ),
                    "minutes": 5,
                },
            ),
            (
                "key_terms",
                {
                    "terms": [
                        {
                            "term": "Agenda",
                            "definition": "The list of business for a meeting, in "
                            "order.",
                        },
                        {
                            "term": "Chair",
                            "definition": "The person who runs the meeting and "
                            "keeps it fair.",
                        },
                        {
                            "term": "Minutes",
                            "definition": "The written record of what a meeting "
                            "decided.",
                        },
                        {
                            "term": "Proposer and seconder",
                            "definition": "The member who puts forward a motion, "
                            "and the one who supports it so it can be debated.",
                        },
                        {
                            "term": "Amendment",
                            "definition": "A proposed change to the wording of a "
                            "motion, voted on before the motion itself.",
                        },
                        {
                            "term": "Quorum",
                            "definition": "The fewest members who must be present "
                            "for the meeting to take decisions.",
                        },
                        {
                            "term": "Standing orders",
                            "definition": "The rules a meeting follows about how "
                            "business is done.",
                        },
                        {
                            "term": "Any other business",
                            "definition": "The item at the end of an agenda for "
                            "short matters not listed. Often called AOB.",
                        },
                    ]
                },
            ),
            (
                "discussion",
                {
                    "heading": "Good meetings and bad",
                    "questions": [
                        {
                            "question": "Think of the best meeting you have been to, "
                            "in the party, a union, a tenants' association or a "
                            "school. What made it good?",
                            "facilitator_prompt": "Write the answers up. They "
                            "become the group's own checklist for the mock "
                            "meeting.",
                            "minutes": 10,
                        },
                        {
                            "question": "What would make a new member come back to "
                            "a second meeting? What would stop them?",
                            "facilitator_prompt": "Ask the newer members first, and "
                            "write their answers down in their own words.",
                            "minutes": 10,
                        },
                    ],
                },
            ),
            (
                "activity",
                {
                    "title": "A meeting in miniature",
                    "instructions": (
                        "<p>Hold a twenty-minute branch meeting. Choose a chair "
                        "and a minute-taker; everyone else is a member. The "
                        "agenda has three items: apologies, one motion (in the "
                        "facilitator note) and the date of the next meeting.</p>"
                        "<p>Stop after twenty minutes, even if the vote has not "
                        "happened. Spend the last ten minutes talking about it: "
                        "what did the chair do well? Did everyone who wanted to "
                        "speak get to? Read the minutes back: do they say what "
                        "was decided?</p>"
                    ),
                    "minutes": 30,
                    "materials": "A printed agenda and the motion for everyone, "
                    "paper for the minute-taker, a watch or phone to keep "
                    "time.",
                },
            ),
            (
                "discussion",
                {
                    "heading": "Looking ahead",
                    "questions": [
                        {
                            "question": "Look back at the hopes you wrote down in "
                            "the first session. What will you do about them now?",
                            "facilitator_prompt": "Finish with names and dates: who "
                            "will do what before the next branch meeting.",
                            "minutes": 10,
                        }
                    ],
                },
            ),
            (
                "facilitator_note",
                {
                    "note": (
                        "<p>The motion for the mock meeting: <em>This branch notes "
                        "that the council plans to close the library on Saturdays. "
                        "This branch believes that working people and children "
                        "need a library that is open at the weekend. This branch "
                        "resolves to write to our ward councillors asking them to "
                        "oppose the closure, and to hold a stall outside the "
                        "library on the next two Saturdays.</em></p>"
                        "<p>Let someone new chair the mock meeting if they would "
                        "like to, with an experienced member beside them. Stop on "
                        "time even if the vote has not happened: what happens when "
                        "time runs out is worth talking about.</p>"
                    )
                },
            ),
        ],
    },
]


def _with_library_links(blocks, texts: dict) -> list:
    """Readings that name a demo library text (``"library": (slug, anchor)``)
    link to it, by the text's page id as the reading block stores it."""
    linked = []
    for kind, value in blocks:
        if kind == "reading" and "library" in value:
            value = dict(value)
            slug, section = value.pop("library")
            if slug in texts:
                value.update(text=texts[slug].pk, section=section)
        linked.append((kind, value))
    return linked


def demo_course_load(
    *, courses: CourseIndexPage, tutor, editor, texts=None, stdout=None
) -> CoursePage:
    """The starter course and its modules. A course or module that already
    exists is left as it is, whatever the tutors have done to it since."""
    course = _child(courses, CoursePage, COURSE_SLUG)
    if course is None:
        course = CoursePage(
            title=COURSE["title"],
            slug=COURSE_SLUG,
            summary=COURSE["summary"],
            audience=COURSE["audience"],
            level=COURSE["level"],
            number_of_sessions=COURSE["number_of_sessions"],
            learning_outcomes=_stream(
                [("outcome", text) for text in COURSE["outcomes"]]
            ),
            search_description=COURSE["summary"],
        )
        course.tags.add(*COURSE["tags"])
        course.tutors = [tutor]
        _publish(courses, course, author=tutor, publisher=editor)
        _log(stdout, f"Created the course “{course.title}”")
    for module in MODULES:
        if _child(course, ModulePage, module["slug"]) is not None:
            continue
        page = ModulePage(
            title=module["title"],
            slug=module["slug"],
            objective=module["objective"],
            body=_stream(_with_library_links(module["body"], texts or {})),
        )
        _publish(course, page, author=tutor, publisher=editor)
        _log(stdout, f"Created the module “{page.title}”")
    return course


# ---------------------------------------------------------------------------
# The home page's welcome
# ---------------------------------------------------------------------------

HOME_INTRO = (
    "Courses and a library for members who want to learn together, online or "
    "in a reading group at the branch."
)


def _home_body(course: CoursePage) -> str:
    return (
        "<h2>Welcome</h2>"
        "<p>Study Circle is the party's place for political education. Read a "
        "course at your own pace, or meet with others from your branch and work "
        "through it together: every session has discussion questions, an "
        "activity and a pack you can print.</p>"
        "<p>You don't need an account to read anything here. If you make one, "
        "the site remembers which sessions you have done and where you got "
        "to.</p>"
        "<h2>Where to start</h2>"
        f'<p>If you are new, start with <a linktype="page" id="{course.pk}">'
        f"{course.title}</a>: four sessions on branches, policy, representation "
        "and running meetings.</p>"
        "<p>Tutors write the courses and the education committee checks them "
        "before they go live. If you would like to write or lead a course, talk "
        "to your branch's political education officer.</p>"
    )


def demo_home_load(*, home: HomePage, course: CoursePage, stdout=None) -> None:
    """Write the welcome, unless someone has already written one."""
    if home.body:
        return
    home.intro = HOME_INTRO
    home.body = _home_body(course)
    home.save_revision().publish()
    _log(stdout, "Wrote the welcome on the home page")


# ---------------------------------------------------------------------------
# Everything
# ---------------------------------------------------------------------------


@transaction.atomic
def demo_load(*, stdout=None) -> None:
    """Load the demo content; running it again adds only what is missing."""
    home = HomePage.objects.get()
    users = demo_users_load(stdout=stdout)
    courses, library = demo_sections_load(home=home, stdout=stdout)
    tutor, editor = users["tutor@example.org"], users["editor@example.org"]
    texts = demo_library_load(
        library=library, author=tutor, publisher=editor, stdout=stdout
    )
    course = demo_course_load(
        courses=courses, tutor=tutor, editor=editor, texts=texts, stdout=stdout
    )
    demo_home_load(home=home, course=course, stdout=stdout)
    from branches.demo import demo_load_branches  # branches imports courses

    demo_load_branches(stdout=stdout)
