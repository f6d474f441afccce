"""Site-wide behaviour: errors, accounts, reader settings, settings."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from courses.models import ModulePage

pytestmark = pytest.mark.django_db


def test_unknown_url_gives_a_styled_404(client, home):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We can't find that page" in html
    assert "Study Circle" in html  # the site's own layout, not Django's


def test_module_with_a_broken_block_still_renders_the_rest(client, modules, monkeypatch):
    module = ModulePage.objects.get(pk=modules[0].pk)
    raw = list(module.body.raw_data)
    raw.insert(0, {"type": "image", "value": {"image": 987654, "alt_text": "", "caption": "x"}})
    raw.insert(1, {"type": "no_longer_exists", "value": {"anything": 1}})
    raw.insert(2, {"type": "discussion", "value": {"heading": "Empty", "questions": []}})
    raw.insert(3, {"type": "reading", "value": {}})
    module.body = raw
    module.save_revision().publish()
    response = client.get(module.url)
    assert response.status_code == 200
    assert "What would make you come back to a meeting?" in response.content.decode()


def test_a_block_whose_template_fails_is_left_out(client, modules, monkeypatch):
    from courses.blocks import QuotationBlock

    def boom(self, value, context=None):
        raise ValueError("broken")

    monkeypatch.setattr(QuotationBlock, "render", boom)
    response = client.get(modules[0].url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Educate, agitate, organise." not in html
    assert "What would make you come back to a meeting?" in html


def test_signup_with_email_logs_the_learner_in(client, home):
    response = client.post(
        reverse("signup"),
        {
            "first_name": "Rosa",
            "email": "Rosa@Example.org",
            "password1": "a-long-and-unusual-passphrase",
            "password2": "a-long-and-unusual-passphrase",
        },
    )
    assert response.status_code == 302
    user = get_user_model().objects.get(username="rosa@example.org")
    assert user.email == "rosa@example.org"
    assert client.get(reverse("courses:my_learning")).status_code == 200


@pytest.mark.parametrize(
    "data, field",
    [
        ({}, "email"),
        ({"email": "not-an-address", "first_name": "X"}, "email"),
        ({"email": "a@example.org", "first_name": "X", "password1": "abc", "password2": "abd"}, "password2"),
        ({"email": "a@example.org", "first_name": "X", "password1": "password", "password2": "password"}, "password2"),
    ],
)
def test_bad_signup_input_gives_field_errors_not_500(client, home, data, field):
    response = client.post(reverse("signup"), data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert 'class="errors"' in response.content.decode()


def test_signup_refuses_an_address_already_in_use(client, learner):
    response = client.post(
        reverse("signup"),
        {"first_name": "A", "email": learner.email.upper(), "password1": "x-long-pass-9876", "password2": "x-long-pass-9876"},
    )
    assert response.status_code == 400
    assert "already an account" in response.content.decode()


def test_login_with_wrong_password_gives_a_message(client, learner):
    response = client.post(reverse("login"), {"username": learner.email, "password": "wrong"})
    assert response.status_code == 200
    assert response.context["form"].errors


def test_reader_settings_persist_in_a_cookie(client, modules):
    response = client.post(
        reverse("reader_settings"),
        {"text_size": "largest", "contrast": "high", "next": modules[0].url},
    )
    assert response.status_code == 302
    assert response["Location"] == modules[0].url
    html = client.get(modules[0].url).content.decode()
    assert 'class="text-largest contrast-high"' in html


def test_reader_settings_reject_nonsense(client, home):
    response = client.post(reverse("reader_settings"), {"text_size": "huge", "contrast": "x"})
    assert response.status_code == 400
    client.cookies["reader"] = "<script>.x"
    html = client.get("/").content.decode()
    assert 'class="text-standard contrast-standard"' in html


def test_production_settings_refuse_to_start_without_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.production"
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_settings_pass_check_deploy():
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="a-very-long-random-production-secret-key-with-entropy-0123456789",
        ALLOWED_HOSTS="studycircle.example.org",
        EMAIL_HOST="smtp.example.org",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_login_by_email_in_any_case(client, learner):
    response = client.post(
        reverse("login"),
        {"username": "  ADA@example.org ", "password": "a-long-test-password"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("courses:my_learning")


def test_field_errors_are_tied_to_their_inputs(client, home):
    from bs4 import BeautifulSoup

    response = client.post(reverse("signup"), {"email": "not-an-address", "first_name": "X"})
    soup = BeautifulSoup(response.content, "html.parser")
    email = soup.find("input", attrs={"name": "email"})
    assert email["aria-invalid"] == "true"
    described = email["aria-describedby"].split()
    assert "id_email_errors" in described
    for element_id in described:
        assert soup.find(id=element_id) is not None, element_id
    assert "Enter a valid email address" in soup.find(id="id_email_errors").get_text()
