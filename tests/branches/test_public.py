import datetime

from tests.factories.branches import SessionFactory, VenueFactory


def test_branch_page_lists_coming_sessions_only(client, branch_a, group_a):
    venue = VenueFactory(branch=branch_a, name="Miners' Welfare")
    SessionFactory(branch=branch_a, group=group_a, title="Past one", date=datetime.date(2020, 1, 1))
    SessionFactory(
        branch=branch_a, group=group_a, title="Coming one", venue=venue,
        date=datetime.date.today() + datetime.timedelta(days=3), readings="Tressell, chapter 1",
    )
    html = client.get(f"/branches/{branch_a.slug}/").content.decode()
    assert "Coming one" in html and "Past one" not in html
    assert "Miners&#x27; Welfare (step-free)" in html
    assert "Tressell, chapter 1" in html
    assert f"/branches/{branch_a.slug}/calendar.ics" in html


def test_ical_feed_is_rfc5545(client, branch_a, group_a):
    venue = VenueFactory(branch=branch_a, name="Hall; back room", address="1 High St,\nAshford")
    session = SessionFactory(
        branch=branch_a, group=group_a, title="Wages, prices; profit", venue=venue,
        date=datetime.date(2027, 3, 2), start_time=datetime.time(19, 0), end_time=datetime.time(21, 0),
        readings="A long reading list " * 10,
    )
    response = client.get(f"/branches/{branch_a.slug}/groups/{group_a.pk}/calendar.ics")
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert body.endswith("END:VCALENDAR\r\n")
    assert "\n" not in body.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    unfolded = body.replace("\r\n ", "")
    assert "SUMMARY:Wages\\, prices\\; profit\r\n" in unfolded
    assert "LOCATION:Hall\\; back room\\, 1 High St\\, Ashford\r\n" in unfolded
    assert "DTSTART:20270302T190000Z" in unfolded  # London is on GMT in March
    assert f"UID:branch-session-{session.pk}@testserver" in unfolded


def test_branch_index_links_every_branch(client, branch_a, branch_b):
    html = client.get("/branches/").content.decode()
    assert f'href="/branches/{branch_a.slug}/"' in html
    assert f'href="/branches/{branch_b.slug}/"' in html
