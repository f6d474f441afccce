from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm

from .tasks import password_reset_send


class LoginForm(AuthenticationForm):
    """Log in with the e-mail address used to sign up (case does not matter)."""

    shared_computer = forms.BooleanField(
        label="This is a shared computer",
        required=False,
        help_text="Log me out when the browser closes or after a few hours idle.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "E-mail address"
        self.fields["username"].widget.input_type = "email"
        self.fields["username"].widget.attrs["autocomplete"] = "email"

    def clean_username(self):
        return self.cleaned_data["username"].strip().lower()


class QueuedPasswordResetForm(PasswordResetForm):
    """Hand every request to the task worker: no user lookup, no mail here."""

    def save(self, *, request, use_https=False, **kwargs):
        password_reset_send.enqueue(
            email=self.cleaned_data["email"],
            domain=request.get_host(),
            use_https=use_https,
        )


class TokenForm(forms.Form):
    token = forms.CharField(
        label="Code",
        max_length=16,
        strip=True,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "size": 10}
        ),
    )

    def clean_token(self):
        return self.cleaned_data["token"].replace(" ", "").replace("-", "").lower()
