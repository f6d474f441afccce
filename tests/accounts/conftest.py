import pytest
from django.test import Client
from django_otp.oath import totp

from tests.factories.courses import UserFactory

PASSWORD = "a-long-test-password"


@pytest.fixture
def plain_client():
    """A client that gives no second factor by itself."""
    return Client()


@pytest.fixture
def staff(db):
    return UserFactory(email="stella@example.org", is_staff=True, is_superuser=True)


def code_for(device) -> str:
    """The code an authenticator app would show now."""
    return str(
        totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    ).zfill(device.digits)
