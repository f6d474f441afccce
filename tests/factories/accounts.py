"""Logging in as someone who has given their second factor.

The second factor stays enforced in the tests: the test client's
``force_login`` and ``login`` go on to verify with a TOTP device made for the
user, as the verify page does, whenever the user would be asked for one.
"""

from django.contrib.auth import authenticate
from django.test import Client, RequestFactory
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.accounts.policy import second_factor_status

TEST_DEVICE_NAME = "Test authenticator"


def second_factor_give(client: Client, user) -> None:
    """Mark the client's session as verified by a device of ``user``."""
    status = second_factor_status(user=user)
    if not (status.required or status.has_device):
        return
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TEST_DEVICE_NAME)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


class VerifiedClient(Client):
    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        second_factor_give(self, user)

    def login(self, **credentials):
        # django-axes counts attempts per address, so authenticate() needs a
        # request; Django's Client.login passes none.
        request = RequestFactory().post("/accounts/login/")
        user = authenticate(request, **credentials)
        if user is None:
            return False
        self.force_login(user, backend=user.backend)
        return True
