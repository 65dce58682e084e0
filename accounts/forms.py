"""Forms for staff accounts: the sign-in form, and the user forms the chief editor sees."""

from allauth.account.forms import LoginForm
from django import forms
from django.conf import settings
from django.contrib.auth.models import Group
from wagtail.users.forms import UserCreationForm, UserEditForm

from municipalities.roles import role_groups


class StaffLoginForm(LoginForm):
    @property
    def password_login_enabled(self) -> bool:
        return settings.PASSWORD_LOGIN_ENABLED

    def clean(self):
        if not self.password_login_enabled:
            raise forms.ValidationError(
                "Inloggning med lösenord är avstängd. Logga in med din kommuns konto."
            )
        return super().clean()


class SeparatedDutiesMixin:
    """Only superusers grant superuser status or groups outside the site's roles. Anyone else who
    may manage people (the chief editor) sees no superuser box and only the role groups; a
    crafted post for anything else is ignored, because the form has no such field or choice."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if for_user is not None and not for_user.is_superuser:
            self.fields.pop("is_superuser", None)
            if "groups" in self.fields:
                self.fields["groups"].queryset = role_groups()

    def save(self, commit=True):
        if "groups" in self.fields and self.instance.pk:
            # Groups outside the roles, which this form cannot show, stay as they were.
            kept = Group.objects.filter(user=self.instance).exclude(
                pk__in=self.fields["groups"].queryset.values("pk")
            )
            self.cleaned_data["groups"] = list(self.cleaned_data["groups"]) + list(kept)
        return super().save(commit)


class RoleUserCreationForm(SeparatedDutiesMixin, UserCreationForm):
    pass


class RoleUserEditForm(SeparatedDutiesMixin, UserEditForm):
    pass
