import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import RequestFactory

from core.accounts.throttle import client_ip
from tests.factories.courses import UserFactory

from .conftest import PASSWORD

LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"


def _try(client, url, username, password, ip="10.0.0.1"):
    return client.post(
        url, {"username": username, "password": password}, REMOTE_ADDR=ip
    )


@pytest.mark.parametrize("url", [LOGIN, ADMIN_LOGIN])
def test_guessing_one_account_locks_it_from_any_address(plain_client, learner, url):
    limit = settings.AXES_FAILURE_LIMIT
    for i in range(limit):
        response = _try(plain_client, url, "ada@example.org", "wrong", ip=f"10.0.1.{i}")
        assert response.status_code in (200, 429)
    # The right password, from a fresh address, is refused with a clear page.
    response = _try(plain_client, url, "ADA@example.org", PASSWORD, ip="10.9.9.9")
    assert response.status_code == 429
    assert b"Too many attempts to log in" in response.content
    assert "_auth_user_id" not in plain_client.session


def test_guessing_from_one_address_locks_that_address(plain_client, db):
    UserFactory(email="zoe@example.org")
    for i in range(settings.AXES_FAILURE_LIMIT):
        _try(plain_client, LOGIN, f"guess{i}@example.org", "wrong", ip="10.0.2.1")
    assert (
        _try(
            plain_client, LOGIN, "zoe@example.org", PASSWORD, ip="10.0.2.1"
        ).status_code
        == 429
    )
    # Another address is not affected.
    response = _try(plain_client, LOGIN, "zoe@example.org", PASSWORD, ip="10.0.2.2")
    assert response.status_code == 302


def test_an_admin_unlocks_an_account(plain_client, learner):
    for i in range(settings.AXES_FAILURE_LIMIT):
        _try(plain_client, LOGIN, "ada@example.org", "wrong", ip=f"10.0.3.{i}")
    assert _try(plain_client, LOGIN, "ada@example.org", PASSWORD).status_code == 429
    call_command("axes_reset_username", "ada@example.org")
    assert _try(plain_client, LOGIN, "ada@example.org", PASSWORD).status_code == 302


def test_a_few_mistakes_do_not_lock_anyone_out(plain_client, learner):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _try(plain_client, LOGIN, "ada@example.org", "wrong")
    assert _try(plain_client, LOGIN, "ada@example.org", PASSWORD).status_code == 302


def test_the_address_is_the_one_the_trusted_proxy_saw(settings):
    factory = RequestFactory()
    spoofed = factory.get(
        "/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7"
    )
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(spoofed) == "127.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 1
    # The client wrote 1.2.3.4 itself; the proxy appended what it saw.
    assert client_ip(spoofed) == "203.0.113.7"
