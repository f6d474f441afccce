from django.contrib.auth.forms import PasswordResetForm
from django_tasks import task

SUBJECT_TEMPLATE = "registration/password_reset_subject.txt"
EMAIL_TEMPLATE = "registration/password_reset_email.html"


@task()
def password_reset_send(*, email: str, domain: str, use_https: bool) -> None:
    """Mail a reset link to each active account with this address, if any.

    Run in the task worker for every request, known address or not, so the
    reset page answers the same in the same time either way.
    """
    form = PasswordResetForm({"email": email})
    if form.is_valid():
        form.save(
            domain_override=domain,
            use_https=use_https,
            subject_template_name=SUBJECT_TEMPLATE,
            email_template_name=EMAIL_TEMPLATE,
        )
