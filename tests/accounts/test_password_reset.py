import logging
import os
import re
import subprocess
import sys

from django.conf import settings
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories.courses import UserFactory

RESET = "/accounts/password_reset/"


def _link(message) -> str:
    return re.search(r"https?://testserver(/accounts/reset/\S+)", message.body).group(1)


def test_a_learner_resets_a_forgotten_password(client, learner, caplog):
    caplog.set_level(logging.DEBUG)
    response = client.post(RESET, {"email": "ADA@example.org"})
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["ada@example.org"]
    link = _link(mail.outbox[0])
    # The token is in the mail and nowhere in the logs.
    token = link.rstrip("/").rsplit("/", 1)[-1]
    assert token not in caplog.text
    form = client.get(link, follow=True)
    assert b"Choose a new password" in form.content
    done = client.post(
        form.redirect_chain[-1][0],
        {
            "new_password1": "a-new-long-password-9",
            "new_password2": "a-new-long-password-9",
        },
    )
    assert done["Location"] == reverse("password_reset_complete")
    learner.refresh_from_db()
    assert learner.check_password("a-new-long-password-9")


def test_staff_reset_from_the_admin_login_goes_to_the_same_form(client, db):
    UserFactory(email="stella@example.org", is_staff=True)
    response = client.get("/admin/password_reset/")
    assert response["Location"] == RESET
    client.post(RESET, {"email": "stella@example.org"})
    assert len(mail.outbox) == 1 and "stella@example.org" in mail.outbox[0].body


def test_known_and_unknown_addresses_get_the_same_answer(client, learner, settings):
    """Same page, same work in the request: the lookup happens in the worker."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }
    from django_tasks import default_task_backend

    answers = {}
    for address in ("ada@example.org", "nobody@example.org"):
        with CaptureQueriesContext(connection) as queries:
            response = client.post(RESET, {"email": address}, follow=True)
        answers[address] = (
            response.redirect_chain,
            response.content,
            [
                re.sub(r"'[^']*@example.org'|\"[^\"]*@example.org\"", "?", q["sql"])
                for q in queries
            ],
        )
    known, unknown = answers.values()
    assert known == unknown
    assert len(default_task_backend.results) == 2
    assert mail.outbox == []  # nothing is sent inside the request


def test_production_refuses_to_start_without_a_mail_server():
    env = {k: v for k, v in os.environ.items() if not k.startswith("EMAIL_")}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="a-very-long-random-production-secret-key-with-entropy-0123456789",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "EMAIL_HOST is not set" in result.stderr


def test_production_sends_mail_by_smtp_only():
    code = (
        "from django.conf import settings;"
        "print(settings.EMAIL_BACKEND, settings.EMAIL_HOST)"
    )
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="a-very-long-random-production-secret-key-with-entropy-0123456789",
        EMAIL_HOST="smtp.example.org",
        EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend",
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", f"import django;django.setup();{code}"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    # Production logs go to stdout as JSON lines: the answer is the last line.
    assert result.stdout.strip().splitlines()[-1].split() == [
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.example.org",
    ]
