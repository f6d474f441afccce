from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm

from .reader import CONTRASTS, TEXT_SIZES


class ReaderPreferencesForm(forms.Form):
    text_size = forms.ChoiceField(
        label="Text size", choices=TEXT_SIZES.items(), widget=forms.RadioSelect
    )
    contrast = forms.ChoiceField(
        label="Colours", choices=CONTRASTS.items(), widget=forms.RadioSelect
    )


class SignupForm(UserCreationForm):
    """Sign up with an e-mail address, which is also the username."""

    email = forms.EmailField(
        label="E-mail address",
        help_text="You will use this to log in. We never show it to anyone else.",
    )
    first_name = forms.CharField(
        label="Your name", max_length=150, help_text="How you'd like to be greeted."
    )

    class Meta:
        model = get_user_model()
        fields = ("first_name", "email")

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        user_model = get_user_model()
        if user_model.objects.filter(username__iexact=email).exists():
            raise forms.ValidationError(
                "There is already an account with this e-mail address. "
                "Try logging in, or reset your password."
            )
        return email

    def save(self, commit=True):
        user = super().save(commit=False)
        user.username = self.cleaned_data["email"]
        user.email = self.cleaned_data["email"]
        if commit:
            user.save()
        return user


# The largest id a database integer column holds (PostgreSQL bigint, SQLite).
MAX_ID = 2**63 - 1


class IdsModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field, but an id no database column can hold ("9" * 20) is an
    invalid choice like any other, not an OverflowError from SQLite."""

    def _check_values(self, value):
        for pk in value or ():
            text = str(pk)
            if not text.isascii() or not text.isdigit() or int(text) > MAX_ID:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)
