"""No personal data leaves the site: the admin shows no outside avatars."""

import re

import pytest
from django.urls import reverse

OUTSIDE_AVATAR = re.compile(r"gravatar|libravatar|//[^\"' ]*/avatar/[0-9a-f]{32}", re.I)


@pytest.mark.parametrize(
    "url_name",
    [
        "wagtailadmin_home",
        "wagtailadmin_account",
        "wagtailusers_users:index",
        "wagtailadmin_reports:site_history",
    ],
)
def test_admin_pages_load_no_avatar_from_outside(client, admin_user, home, url_name):
    admin_user.email = "admin@example.org"
    admin_user.save()
    client.force_login(admin_user)
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    html = response.content.decode()
    assert not OUTSIDE_AVATAR.search(html), OUTSIDE_AVATAR.search(html).group(0)
    assert "default-user-avatar" in html  # the local picture is shown instead
