"""The portal's forms: sign-in (with the lockout), invitation, second factor, a mission's users."""

from __future__ import annotations

from axes.handlers.proxy import AxesProxyHandler
from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from governance.models import MissionRole
from meetings.models.enums import DelegatePosition


class SignInForm(AuthenticationForm):
    """E-mail and password; refused before the password is checked while the lockout holds."""

    username = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )

    def clean_username(self) -> str:
        return self.cleaned_data["username"].strip().lower()

    def clean(self):
        credentials = {"username": self.cleaned_data.get("username") or ""}
        if not AxesProxyHandler.is_allowed(self.request, credentials):
            minutes = max(1, settings.LOGIN_LOCKOUT_SECONDS // 60)
            raise ValidationError(
                ngettext(
                    "Too many failed sign-ins from this address or for this account. "
                    "Try again in %(minutes)d minute.",
                    "Too many failed sign-ins from this address or for this account. "
                    "Try again in %(minutes)d minutes.",
                    minutes,
                )
                % {"minutes": minutes},
                code="locked",
            )
        return super().clean()


class AcceptInvitationForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=150)
    password = forms.CharField(
        label=_("Choose a password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
    )
    password_again = forms.CharField(
        label=_("The password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
    )

    def clean(self):
        data = super().clean()
        if data.get("password") != data.get("password_again"):
            raise ValidationError(_("The two passwords differ."))
        return data


class TokenForm(forms.Form):
    code = forms.RegexField(
        label=_("The six-digit code from your authenticator app"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("Enter the six digits your app shows.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "maxlength": 8}
        ),
    )

    def clean_code(self) -> str:
        return self.cleaned_data["code"].strip()


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Role"), choices=MissionRole.choices)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=MissionRole.choices)


class DelegateForm(forms.Form):
    position = forms.ChoiceField(label=_("Position"), choices=DelegatePosition.choices)
    honorific = forms.CharField(label=_("Honorific"), max_length=40, required=False)
    name = forms.CharField(label=_("Name"), max_length=200)
    functional_title = forms.CharField(label=_("Functional title"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-mail address"))


class LetterForm(forms.Form):
    letter = forms.FileField(
        label=_("The letter (PDF, or a scan as PNG or JPEG)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
    )


class ApiTokenForm(forms.Form):
    label = forms.CharField(
        label=_("What it is for (e.g. the ministry's registration system)"),
        max_length=100,
        required=False,
    )
