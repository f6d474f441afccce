"""What django-axes counts failed logins by: the account and the address."""

from django.conf import settings


def username_from_request(request, credentials) -> str:
    """The account tried, as the login forms read it (e-mail, any case), so
    ``ADA@example.org`` and ``ada@example.org`` share one count."""
    value = (credentials or {}).get("username")
    if value is None and request is not None:
        value = request.POST.get("username", "")
    return str(value or "").strip().lower()


def client_ip(request) -> str:
    """The address that connected to the nearest trusted proxy.

    Each proxy appends the address it saw to X-Forwarded-For, so with
    ``TRUSTED_PROXY_COUNT`` proxies the client is that many entries from the
    right; anything further left was written by the client and is ignored.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if len(forwarded) >= count:
        return forwarded[-count]
    return remote
