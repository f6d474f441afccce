from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from core.demo import DEMO_LOGINS


class Command(BaseCommand):
    help = "Print the admin address and the demo accounts' logins (see load_demo)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default="http://127.0.0.1:8000",
            help="Where the site runs (default: http://127.0.0.1:8000).",
        )

    def handle(self, *args, base_url: str, **options):
        users = {
            user.username: user
            for user in get_user_model().objects.filter(
                username__in=[login.email for login in DEMO_LOGINS]
            )
        }
        self.stdout.write(f"  Admin: {base_url.rstrip('/')}/admin/")
        self.stdout.write("  Demo logins (e-mail / password):")
        for login in DEMO_LOGINS:
            user = users.get(login.email)
            if user is None:
                note = "  [not created yet: run `manage.py load_demo`]"
            elif not user.check_password(login.password):
                note = "  [password since changed]"
            else:
                note = ""
            self.stdout.write(f"    {login.role}")
            self.stdout.write(f"      {login.email} / {login.password}{note}")
        self.stdout.write(
            "  Everyone but the learner sets up two-step verification at first login:"
        )
        self.stdout.write(
            "  scan the QR code with an authenticator app, or type its secret into one."
        )
