"""Staff sign-in as a municipality's security review tries it: separated duties with an audit
trail, lockout after wrong passwords, a second factor for editors, one sign-in route."""

import time

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from wagtail.models import ModelLogEntry

from accounts.checks import identity_providers_are_valid
from accounts.signal_handlers import ROLES_CHANGED
from municipalities.roles import EDITOR, contributor_group_name
from tests.editorial import PASSWORD, build_editorial_site

User = get_user_model()
LOGIN = "/konto/login/"


@pytest.fixture
def site(db):
    return build_editorial_site()


def sign_in(client, username, password=PASSWORD, next_url="/admin/"):
    return client.post(f"{LOGIN}?next={next_url}", {"login": username, "password": password})


def new_user_form(**changes):
    data = {
        "username": "ny-person",
        "email": "ny.person@bjuv.example",
        "first_name": "Ny",
        "last_name": "Person",
        "password1": "ett-langt-losenord-789",
        "password2": "ett-langt-losenord-789",
    }
    data.update(changes)
    return data


def edit_form(user, **changes):
    data = {
        "username": user.username,
        "email": user.email,
        "first_name": user.first_name or "Förnamn",
        "last_name": user.last_name or "Efternamn",
        "is_active": "on",
        "groups": [group.pk for group in user.groups.all()],
    }
    data.update(changes)
    return data


# Separated duties ---------------------------------------------------------------------------------


def test_chief_editor_sees_no_superuser_box_and_only_role_groups(client, site):
    Group.objects.create(name="Tekniker")
    client.force_login(site.chief)
    form = client.get(reverse("wagtailusers_users:add")).context["form"]
    assert "is_superuser" not in form.fields
    offered = set(form.fields["groups"].queryset.values_list("name", flat=True))
    assert "Tekniker" not in offered
    assert {EDITOR, contributor_group_name("Bjuv")} <= offered


def test_a_crafted_post_cannot_make_or_promote_a_superuser(client, site):
    hidden = Group.objects.create(name="Tekniker")
    client.force_login(site.chief)
    refused = client.post(
        reverse("wagtailusers_users:add"), new_user_form(is_superuser="on", groups=[hidden.pk])
    )
    assert refused.status_code == 200 and "groups" in refused.context["form"].errors
    assert not User.objects.filter(username="ny-person").exists()

    created = client.post(reverse("wagtailusers_users:add"), new_user_form(is_superuser="on"))
    assert created.status_code == 302
    assert not User.objects.get(username="ny-person").is_superuser

    client.post(
        reverse("wagtailusers_users:edit", args=(site.editor.pk,)),
        edit_form(site.editor, is_superuser="on"),
    )
    site.editor.refresh_from_db()
    assert not site.editor.is_superuser and site.editor.groups.filter(name=EDITOR).exists()


def test_groups_the_chief_editor_cannot_see_stay_as_they_were(client, site):
    technicians = Group.objects.create(name="Tekniker")
    site.editor.groups.add(technicians)
    client.force_login(site.chief)
    client.post(
        reverse("wagtailusers_users:edit", args=(site.editor.pk,)),
        edit_form(site.editor, groups=[Group.objects.get(name=EDITOR).pk]),
    )
    assert set(site.editor.groups.values_list("name", flat=True)) == {EDITOR, "Tekniker"}


def test_chief_editor_cannot_touch_a_superuser_or_the_groups(client, site):
    admin = User.objects.create_superuser("it-admin", "it@kommun.example", PASSWORD)
    client.force_login(site.chief)
    edit = client.post(
        reverse("wagtailusers_users:edit", args=(admin.pk,)),
        edit_form(admin, email="angripare@example.com"),
    )
    assert edit.status_code in (302, 403) and "/admin/users/" not in edit.get("Location", "")
    admin.refresh_from_db()
    assert admin.email == "it@kommun.example"
    groups = client.get(reverse("wagtailusers_groups:index"))
    assert groups.status_code in (302, 403)
    assert client.get(
        reverse("wagtailusers_groups:edit", args=(Group.objects.first().pk,))
    ).status_code in (302, 403)


def test_a_superuser_still_manages_superusers_and_groups(client, site):
    admin = User.objects.create_superuser("it-admin", "it@kommun.example", PASSWORD)
    client.force_login(admin)
    form = client.get(reverse("wagtailusers_users:add")).context["form"]
    assert "is_superuser" in form.fields
    client.post(reverse("wagtailusers_users:add"), new_user_form(is_superuser="on"))
    assert User.objects.get(username="ny-person").is_superuser


def test_every_role_change_is_in_the_audit_log_and_shown_under_the_person(client, site):
    client.force_login(site.chief)
    editor_group = Group.objects.get(name=EDITOR)
    response = client.post(
        reverse("wagtailusers_users:edit", args=(site.bjuv_contributor.pk,)),
        edit_form(
            site.bjuv_contributor,
            groups=[*site.bjuv_contributor.groups.values_list("pk", flat=True), editor_group.pk],
        ),
    )
    assert response.status_code == 302
    changes = ModelLogEntry.objects.filter(
        action=ROLES_CHANGED, object_id=str(site.bjuv_contributor.pk), user=site.chief
    )
    entry = changes.get()
    assert entry.user == site.chief
    assert entry.data == {"added": [EDITOR]}

    client.post(
        reverse("wagtailusers_users:edit", args=(site.bjuv_contributor.pk,)),
        edit_form(site.bjuv_contributor, groups=[editor_group.pk]),
    )
    removed = changes.filter(data__removed__isnull=False).get()
    assert removed.data == {"removed": [contributor_group_name("Bjuv")]}

    history = client.get(reverse("wagtailusers_users:history", args=(site.bjuv_contributor.pk,)))
    html = history.content.decode()
    assert f"Fick {EDITOR}" in html and f"Miste {contributor_group_name('Bjuv')}" in html


# Lockout ------------------------------------------------------------------------------------------


def test_wrong_passwords_lock_the_account_until_the_chief_editor_lifts_it(client, site, settings):
    settings.AXES_FAILURE_LIMIT = 5
    answers = [sign_in(client, site.editor.username, "fel-losenord") for _ in range(5)]
    assert [answer.status_code for answer in answers[:4]] == [200] * 4
    assert answers[4].status_code == 429
    assert "Inloggningen är spärrad" in answers[4].content.decode()

    refused = sign_in(client, site.editor.username)  # the right password, during the cool-off
    assert refused.status_code == 429 and "spärrad" in refused.content.decode()
    assert not client.session.get("_auth_user_id")

    chief = client_for(site.chief)
    lockouts = chief.get(reverse("lockouts:index")).content.decode()
    assert site.editor.username in lockouts
    attempt = AccessAttempt.objects.get(username=site.editor.username)
    chief.post(reverse("lockouts:delete", args=(attempt.pk,)))
    assert not AccessAttempt.objects.exists()

    assert sign_in(client, site.editor.username)["Location"] == "/admin/"


def test_a_lockout_says_nothing_about_whether_the_user_exists(client, site, settings):
    settings.AXES_FAILURE_LIMIT = 3
    existing = [sign_in(client, site.editor.username, "fel") for _ in range(3)][-1]
    unknown = [sign_in(client, "finns-inte", "fel") for _ in range(3)][-1]
    assert existing.status_code == unknown.status_code == 429
    assert existing.content.decode().replace(
        site.editor.username, "X"
    ) == unknown.content.decode().replace("finns-inte", "X")


def test_wagtails_own_login_form_is_not_a_second_route(client, site):
    response = client.post(
        "/admin/login/", {"username": site.editor.username, "password": PASSWORD}
    )
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    assert not client.session.get("_auth_user_id")


def client_for(user):
    other = Client()
    other.force_login(user)
    return other


# Second factor ------------------------------------------------------------------------------------


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_an_editor_without_a_second_factor_cannot_reach_the_admin(client, site, settings):
    settings.MFA_REQUIRED = True
    assert sign_in(client, site.editor.username).status_code == 302
    admin = client.get("/admin/")
    assert admin.status_code == 302 and admin["Location"] == reverse("mfa_activate_totp")
    assert client.get(reverse("wagtailadmin_pages:edit", args=(site.bjuv.pk,))).status_code == 302
    # Setting up the app asks for the password once more (allauth's reauthentication), then
    # shows the secret to scan, in Swedish.
    confirm = client.get(admin["Location"])
    assert confirm.status_code == 302 and confirm["Location"].startswith("/konto/reauthenticate/")
    client.post(confirm["Location"], {"password": PASSWORD})
    setup = client.get(admin["Location"])
    assert setup.status_code == 200 and "code" in setup.context["form"].fields
    assert "Aktivera autentiseringsapp" in setup.content.decode()


def test_with_a_totp_code_the_editor_reaches_the_admin(client, site, settings):
    settings.MFA_REQUIRED = True
    secret = generate_totp_secret()
    TOTP.activate(site.editor, secret)
    first_step = sign_in(client, site.editor.username)
    assert first_step["Location"] == reverse("mfa_authenticate")
    assert client.get("/admin/").status_code == 302  # not signed in before the code
    second_step = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert second_step.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_writers_need_no_second_factor(client, site, settings):
    settings.MFA_REQUIRED = True
    sign_in(client, site.contributor.username)
    assert client.get("/admin/").status_code == 200


def test_password_login_can_be_switched_off(client, site, settings):
    settings.PASSWORD_LOGIN_ENABLED = False
    response = sign_in(client, site.editor.username)
    assert response.status_code == 200
    assert "Inloggning med lösenord är avstängd" in response.content.decode()
    assert not client.session.get("_auth_user_id")


def test_idle_staff_sessions_expire(settings):
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert 0 < settings.SESSION_COOKIE_AGE <= 8 * 60 * 60


def test_password_reset_is_throttled_with_a_swedish_page(client, site):
    answers = [
        client.post(reverse("account_reset_password"), {"email": site.editor.email})
        for _ in range(6)
    ]
    assert answers[0].status_code == 302
    assert answers[-1].status_code == 429
    assert "För många försök" in answers[-1].content.decode()


def test_many_failures_from_one_address_are_throttled_across_user_names(client, site, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "4/10m/ip"}
    settings.AXES_FAILURE_LIMIT = 100  # only the per-address throttle is under test here
    for number in range(4):
        sign_in(client, f"person-{number}", "fel")
    throttled = sign_in(client, site.editor.username)  # even the right password now waits
    assert not client.session.get("_auth_user_id")
    assert throttled.status_code == 200
    assert "För många misslyckade inloggningsförsök. Försök igen senare." in (
        throttled.content.decode()
    )


def test_a_mistyped_provider_list_is_reported_by_the_system_checks(settings):
    settings.SSO_PROVIDERS_JSON = '[{"id": "bjuv", "name": "Bjuvs kommun"'
    assert [error.id for error in identity_providers_are_valid(None)] == ["accounts.E001"]
    settings.SSO_PROVIDERS_JSON = (
        '[{"id": "bjuv", "name": "", "issuer": "", "client_id": "x", "client_secret": "y"}]'
    )
    assert [error.id for error in identity_providers_are_valid(None)] == ["accounts.E002"]
    settings.SSO_PROVIDERS_JSON = "[]"
    assert identity_providers_are_valid(None) == []
