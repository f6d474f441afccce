import random

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from bench.sheet_images import degrade, draw_mark, draw_name, sheet_renders
from branches.sign_in import sign_in_list
from tests.factories.branches import MemberFactory, ReadingGroupFactory, SessionFactory


@pytest.fixture
def group_a(branch_a):
    return ReadingGroupFactory(branch=branch_a, name="Capital reading group")


@pytest.fixture
def members_a(branch_a, group_a):
    names = [
        "Ada Lovelace",
        "Bessie Braddock",
        "Clement Attlee",
        "Dora Gaitskell",
        "Ellen Wilkinson",
    ]
    members = [MemberFactory(branch=branch_a, name=name) for name in names]
    group_a.members.add(*members)
    return members


@pytest.fixture
def session_a(group_a, members_a):
    import datetime

    return SessionFactory(
        branch=group_a.branch, group=group_a, date=datetime.date.today()
    )


def sheet_photo(session, marks=None, names=(), faults=(), seed=1, page=0) -> bytes:
    """A photo (JPEG bytes) of ``session``'s own printed sheet: ``marks`` maps a
    row position to a drawn kind (tick, cross, scribble, crossed_out),
    ``names`` the blank rows a walk-in wrote on, ``faults`` the degradations."""
    rng = random.Random(seed)
    image = sheet_renders(
        session=session, members=sign_in_list(session=session), dpi=200
    )[page].copy()
    for position, kind in (marks or {}).items():
        draw_mark(image, position, kind, rng, dpi=200)
    for position in names:
        draw_name(image, position, rng, dpi=200)
    return degrade(image, set(faults), rng)


def upload(data: bytes, name="sheet.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.fixture(autouse=True)
def _own_private_folder(settings, tmp_path):
    """Each test its own private folder, so a test counts only its own files."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
