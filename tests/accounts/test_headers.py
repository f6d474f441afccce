import re


def _directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {
        part.split()[0]: part.split()[1:]
        for part in re.split(r";\s*", policy)
        if part.strip()
    }


def test_the_site_runs_only_its_own_scripts(client, home):
    policy = _directives(client.get("/"))
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]


def test_the_admin_may_run_wagtails_inline_scripts(client, db):
    policy = _directives(client.get("/admin/login/"))
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["connect-src"] == ["'self'"]
