import time

from django.conf import settings

from core.accounts.policy import LAST_SEEN_KEY

from .conftest import PASSWORD

LOGIN = "/accounts/login/"


def _log_in(client, email, **extra):
    response = client.post(LOGIN, {"username": email, "password": PASSWORD, **extra})
    assert response.status_code == 302
    return response


def test_learners_keep_a_long_session(plain_client, learner):
    response = _log_in(plain_client, "ada@example.org")
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert int(cookie["max-age"]) == settings.SESSION_COOKIE_AGE >= 7 * 24 * 3600


def test_a_shared_computer_ends_the_session_with_the_browser(plain_client, learner):
    response = _log_in(plain_client, "ada@example.org", shared_computer="on")
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == "" and cookie["expires"] == ""


def test_staff_sessions_end_with_the_browser(client, staff):
    response = client.post(
        "/admin/login/", {"username": staff.username, "password": PASSWORD}
    )
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == "" and cookie["expires"] == ""


def test_short_sessions_end_after_hours_idle(plain_client, learner, home):
    _log_in(plain_client, "ada@example.org", shared_computer="on")
    assert plain_client.get("/my-learning/").status_code == 200
    session = plain_client.session
    session[LAST_SEEN_KEY] = int(time.time()) - settings.ACCOUNTS_SHORT_SESSION_IDLE - 5
    session.save()
    response = plain_client.get("/my-learning/")
    assert response.status_code == 302 and LOGIN in response["Location"]


def test_long_sessions_do_not_end_when_idle(plain_client, learner, home):
    _log_in(plain_client, "ada@example.org")
    session = plain_client.session
    session[LAST_SEEN_KEY] = int(time.time()) - settings.ACCOUNTS_SHORT_SESSION_IDLE - 5
    session.save()
    assert plain_client.get("/my-learning/").status_code == 200


def test_the_login_page_offers_the_shared_computer_choice(plain_client, db):
    html = plain_client.get(LOGIN).content.decode()
    assert 'name="shared_computer"' in html and "This is a shared computer" in html


def test_every_cookie_is_secure_when_sessions_are(client, learner, home, settings):
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    response = client.post("/reader/", {"text_size": "large", "contrast": "high"})
    assert response.cookies["reader"]["secure"] is True
    response = _log_in(client, "ada@example.org")
    for cookie in response.cookies.values():
        assert cookie["secure"] is True, cookie.key
