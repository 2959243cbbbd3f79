from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import PasswordChangeForm, PasswordResetForm, SetPasswordForm

from attune.accounts.models import ORGANISATION_ROLES, Profession, Role, Team, User, normalise_email
from attune.core.forms import NHSFormMixin


class SignInForm(NHSFormMixin, forms.Form):
    username = forms.EmailField(label="Email address", widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    password = forms.CharField(
        label="Password", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )


class TokenForm(NHSFormMixin, forms.Form):
    token = forms.CharField(
        label="Security code",
        help_text="The 6-digit code shown in your authenticator app.",
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}),
    )
    token.nhsuk_width = 10

    def clean_token(self):
        token = self.cleaned_data["token"].replace(" ", "")
        if not token.isdigit() or len(token) != 6:
            raise forms.ValidationError("Enter the 6-digit code from your authenticator app")
        return token


class NewPasswordMixin:
    """Two password fields checked against each other and against the password rules."""

    def clean_password2(self):
        password1 = self.cleaned_data.get("password1")
        password2 = self.cleaned_data.get("password2")
        if password1 and password2 and password1 != password2:
            raise forms.ValidationError("The two passwords do not match")
        return password2

    def validate_password_for(self, user):
        password = self.cleaned_data.get("password2")
        if password:
            try:
                password_validation.validate_password(password, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)


class AcceptInvitationForm(NHSFormMixin, NewPasswordMixin, forms.Form):
    display_name = forms.CharField(label="Your name", max_length=120, help_text="How colleagues will see you.")
    profession = forms.ChoiceField(label="Profession", choices=Profession.choices)
    password1 = forms.CharField(
        label="Choose a password",
        strip=False,
        help_text="At least 10 characters. A few unrelated words make a strong password.",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label="Type the password again", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def __init__(self, *args, email: str, **kwargs):
        self.email = email
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        self.validate_password_for(User(email=self.email, display_name=cleaned.get("display_name", "")))
        return cleaned


class ProfileForm(NHSFormMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "profession"]


class NHSPasswordResetForm(NHSFormMixin, PasswordResetForm):
    def get_users(self, email):
        users = User.objects.filter(email=normalise_email(email), is_active=True)
        return (user for user in users if user.has_usable_password())


class NHSSetPasswordForm(NHSFormMixin, SetPasswordForm):
    pass


class NHSPasswordChangeForm(NHSFormMixin, PasswordChangeForm):
    pass


class TeamForm(NHSFormMixin, forms.Form):
    name = forms.CharField(label="Team name", max_length=200, help_text="For example, Neonatal Unit.")


class RoleForm(NHSFormMixin, forms.Form):
    role = forms.ChoiceField(label="Role", choices=Role.choices)
    team = forms.ModelChoiceField(
        label="Team",
        queryset=Team.objects.none(),
        required=False,
        help_text="Members and team leads belong to a team. Facilitators, supervisors and admins cover the "
        "whole organisation: leave this empty for them.",
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = organisation.teams.all()
        self.fields["team"].empty_label = "Whole organisation"

    def clean(self):
        cleaned = super().clean()
        role, team = cleaned.get("role"), cleaned.get("team")
        if role in ORGANISATION_ROLES and team is not None:
            self.add_error("team", "This role covers the whole organisation: choose Whole organisation")
        elif role and role not in ORGANISATION_ROLES and team is None:
            self.add_error("team", "Choose the team this person will join")
        return cleaned


class InvitationForm(RoleForm):
    email = forms.EmailField(label="Email address", widget=forms.EmailInput(attrs={"autocomplete": "off"}))
    field_order = ["email", "role", "team"]


class ConfirmPasswordForm(NHSFormMixin, forms.Form):
    password = forms.CharField(
        label="Your password", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )


class DeleteAccountForm(NHSFormMixin, forms.Form):
    confirm = forms.BooleanField(
        label="I understand that my reflections, practice conversations and other writing will be deleted",
        error_messages={"required": "Tick the box to confirm you want to delete your account"},
    )
    password = forms.CharField(
        label="Your password", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
