"""Log in, set up and give the second factor, manage it."""

import base64

import segno
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp import verify_token
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import services
from .forms import LoginForm, QueuedPasswordResetForm, TokenForm
from .policy import SHORT_SESSION_KEY, second_factor_status


def _next_url(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def _verified(request, device, *, required: bool) -> None:
    request.session.cycle_key()
    otp_login(request, device)
    if required:
        request.session.set_expiry(0)
        request.session[SHORT_SESSION_KEY] = True


login = auth_views.LoginView.as_view(
    authentication_form=LoginForm, redirect_authenticated_user=True
)
password_reset = auth_views.PasswordResetView.as_view(
    form_class=QueuedPasswordResetForm
)


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request):
    """Show a new secret as a QR code and text; a code from the app confirms it."""
    status = second_factor_status(user=request.user)
    if status.has_device and not request.user.is_verified():
        # Adding a device must not stand in for the one already there.
        return redirect(f"{reverse('two_factor_verify')}?next={request.path}")
    device = services.totp_device_pending(user=request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = services.totp_device_confirm(
            device=device, token=form.cleaned_data["token"]
        )
        if codes is not None:
            _verified(request, device, required=status.required)
            return render(
                request,
                "registration/two_factor_codes.html",
                {"codes": codes, "next": _next_url(request, "/")},
            )
        form.add_error(
            "token",
            "That code did not match. Check the time on your phone and try the newest code.",
        )
    secret = base64.b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "qr_svg": segno.make(device.config_url, error="m").svg_inline(
            scale=4, title="QR code for your authenticator app"
        ),
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "required": status.required,
        "next": _next_url(request, ""),
    }
    return render(
        request,
        "registration/two_factor_setup.html",
        context,
        status=400 if request.method == "POST" else 200,
    )


def _device_for(user, token: str):
    """App codes are six digits; anything else is tried as a recovery code."""
    model = TOTPDevice if token.isdigit() and len(token) == 6 else StaticDevice
    device = model.objects.devices_for_user(user, confirmed=True).first()
    if device is None:
        return None
    return verify_token(user, device.persistent_id, token)


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify(request):
    if request.user.is_verified():
        return redirect(_next_url(request, "/"))
    status = second_factor_status(user=request.user)
    if not status.has_device:
        return redirect(f"{reverse('two_factor_setup')}?next={_next_url(request, '')}")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = _device_for(request.user, form.cleaned_data["token"])
        if device is not None:
            _verified(request, device, required=status.required)
            if isinstance(device, StaticDevice):
                left = device.token_set.count()
                messages.warning(
                    request,
                    f"You used a recovery code: {left} left. Make new ones on "
                    "your two-step verification page.",
                )
            return redirect(_next_url(request, "/"))
        form.add_error(
            "token",
            "That code is not right, or was used already. Wait for a new code and try again.",
        )
    return render(
        request,
        "registration/two_factor_verify.html",
        {"form": form, "next": _next_url(request, "")},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def two_factor_manage(request):
    status = second_factor_status(user=request.user)
    return render(
        request,
        "registration/two_factor_manage.html",
        {"status": status, "codes_left": _codes_left(request.user)},
    )


def _codes_left(user) -> int:
    device = StaticDevice.objects.filter(user=user, confirmed=True).first()
    return device.token_set.count() if device else 0


@login_required
@require_POST
def two_factor_codes_renew(request):
    if not request.user.is_verified():
        return redirect("two_factor_verify")
    codes = services.recovery_codes_renew(user=request.user)
    return render(
        request,
        "registration/two_factor_codes.html",
        {"codes": codes, "next": reverse("two_factor_manage")},
    )


@login_required
@require_POST
def two_factor_remove(request):
    """Learners who chose a second factor may turn it off again (once verified)."""
    status = second_factor_status(user=request.user)
    if status.required:
        messages.error(request, "Your role needs two-step verification: it stays on.")
    elif request.user.is_verified():
        services.second_factor_remove(user=request.user)
        request.session.pop("otp_device_id", None)
        messages.success(request, "Two-step verification is off.")
    return redirect("two_factor_manage")
