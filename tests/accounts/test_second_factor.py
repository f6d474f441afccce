import re

import pytest
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.accounts import services
from tests.factories.branches import organiser_of

from .conftest import PASSWORD, code_for

SETUP = "/accounts/two-factor/set-up/"
VERIFY = "/accounts/two-factor/verify/"


def _log_in(client, user, url="/admin/login/"):
    response = client.post(url, {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content[:500]
    return response


def _confirmed_device(user) -> TOTPDevice:
    device = services.totp_device_pending(user=user)
    device.confirmed = True
    device.save()
    return device


def test_staff_without_a_device_are_sent_to_set_one_up(plain_client, staff):
    _log_in(plain_client, staff)
    response = plain_client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == f"{SETUP}?next=%2Fadmin%2F"
    page = plain_client.get(response["Location"])
    html = page.content.decode()
    assert "<svg" in html and "otp-secret" in html
    # The whole site, not only the admin, waits for the second factor.
    assert plain_client.get("/packs/session/1/")["Location"].startswith(SETUP)


def test_setting_up_gives_recovery_codes_and_lets_staff_in(plain_client, staff):
    _log_in(plain_client, staff)
    plain_client.get(SETUP)
    device = TOTPDevice.objects.get(user=staff, confirmed=False)
    response = plain_client.post(SETUP, {"token": "000000", "next": "/admin/"})
    assert response.status_code == 400
    device.throttle_reset()  # django-otp makes the next try wait after a miss
    response = plain_client.post(SETUP, {"token": code_for(device), "next": "/admin/"})
    assert response.status_code == 200
    codes = re.findall(r"<li><code>(\w+)</code></li>", response.content.decode())
    assert len(codes) == services.RECOVERY_CODE_COUNT
    assert plain_client.get("/admin/").status_code == 200
    # The staff session ends with the browser.
    assert plain_client.session.get_expire_at_browser_close()


def test_wrong_code_is_refused_and_the_right_one_lets_in(plain_client, staff):
    device = _confirmed_device(staff)
    _log_in(plain_client, staff)
    assert plain_client.get("/admin/")["Location"] == f"{VERIFY}?next=%2Fadmin%2F"
    response = plain_client.post(VERIFY, {"token": "123456", "next": "/admin/"})
    assert response.status_code == 400
    assert plain_client.get("/admin/").status_code == 302
    device.refresh_from_db()
    device.throttle_reset()
    response = plain_client.post(VERIFY, {"token": code_for(device), "next": "/admin/"})
    assert response["Location"] == "/admin/"
    assert plain_client.get("/admin/").status_code == 200


def test_a_recovery_code_works_once(plain_client, staff):
    _confirmed_device(staff)
    code = services.recovery_codes_renew(user=staff)[0]
    _log_in(plain_client, staff)
    response = plain_client.post(VERIFY, {"token": code.upper(), "next": "/admin/"})
    assert response["Location"] == "/admin/"
    assert plain_client.get("/admin/").status_code == 200
    assert not StaticToken.objects.filter(token=code).exists()
    plain_client.post("/accounts/logout/")
    _log_in(plain_client, staff)
    assert plain_client.post(VERIFY, {"token": code}).status_code == 400
    assert plain_client.get("/admin/").status_code == 302


def test_an_unverified_user_cannot_swap_in_a_device_of_their_own(plain_client, staff):
    _confirmed_device(staff)
    _log_in(plain_client, staff)
    assert plain_client.get(SETUP)["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=staff).count() == 1


@pytest.mark.parametrize("role", ["organiser", "regional officer"])
def test_organisers_and_regional_officers_need_it(plain_client, branch_a, role):
    if role == "organiser":
        user = organiser_of(branch_a, email="olive@example.org")
    else:
        from branches.models import Region, RegionalOfficer
        from tests.factories.courses import UserFactory

        user = UserFactory(email="rita@example.org")
        RegionalOfficer.objects.create(
            user=user, region=Region.objects.create(name="South")
        )
    _log_in(plain_client, user, url="/accounts/login/")
    assert plain_client.get("/")["Location"].startswith(SETUP)


def test_learners_may_choose_a_second_factor(plain_client, learner, home):
    _log_in(plain_client, learner, url="/accounts/login/")
    assert plain_client.get("/").status_code == 200  # not required
    plain_client.get(SETUP)
    device = TOTPDevice.objects.get(user=learner)
    plain_client.post(SETUP, {"token": code_for(device)})
    # Learners keep the long session even with a second factor.
    assert not plain_client.session.get_expire_at_browser_close()
    plain_client.post("/accounts/logout/")
    _log_in(plain_client, learner, url="/accounts/login/")
    assert plain_client.get("/")["Location"].startswith(VERIFY)
    device.refresh_from_db()
    device.last_t = -1  # a new time step: the app shows a fresh code
    device.save()
    plain_client.post(VERIFY, {"token": code_for(device)})
    response = plain_client.post("/accounts/two-factor/remove/")
    assert response["Location"] == "/accounts/two-factor/"
    assert not TOTPDevice.objects.filter(user=learner).exists()


def test_staff_cannot_turn_it_off(client, staff):
    client.force_login(staff)
    client.post("/accounts/two-factor/remove/")
    assert TOTPDevice.objects.filter(user=staff).exists()


def test_an_admin_resets_a_lost_phone(plain_client, staff):
    from django.core.management import call_command

    _confirmed_device(staff)
    services.recovery_codes_renew(user=staff)
    call_command("two_factor_reset", "STELLA@example.org")
    _log_in(plain_client, staff)
    assert plain_client.get("/admin/")["Location"].startswith(SETUP)
