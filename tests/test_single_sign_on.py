"""Single sign-on end to end in Chromium, against the real OpenID provider that
scripts/identity-provider runs on 127.0.0.1: the site's button, the provider's login form, the
callback, and the person landing in the admin in their municipality's Skribent group."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import ModelLogEntry

from accounts.signal_handlers import ROLES_CHANGED
from municipalities.roles import EDITOR, contributor_group_name
from tests import browser as chromium
from tests.editorial import build_editorial_site
from tests.factories import baseline
from tests.identity_provider import LOGIN_INPUT, PASSWORD_INPUT, SUBMIT_BUTTON

User = get_user_model()


@pytest.fixture(scope="module")
def browser():
    yield from chromium.launched_chromium()


@pytest.fixture
def sso_site(settings, transactional_db, identity_provider):
    settings.SSO_PROVIDERS_JSON = json.dumps(
        [
            {
                "id": "bjuv",
                "name": "Bjuvs kommun",
                "issuer": identity_provider.url,
                "client_id": identity_provider.client_id,
                "client_secret": identity_provider.client_secret,
                "email_domains": {"bjuv.se": "bjuv"},
                "role_groups": {"pedagogsajten-redaktorer": EDITOR},
            }
        ]
    )
    baseline()  # the live server's tests flush the database: the migrations' rows again
    return build_editorial_site()


@pytest.fixture
def tab(browser):
    context = browser.new_context(locale="sv-SE")
    yield context.new_page()
    context.close()


def sign_in_at_the_provider(tab, live_server, login):
    tab.goto(f"{live_server.url}/konto/login/?next=/admin/")
    tab.get_by_role("button", name="Logga in med Bjuvs kommun").click()
    tab.wait_for_selector(LOGIN_INPUT)
    tab.fill(LOGIN_INPUT, login)
    tab.fill(PASSWORD_INPUT, "vilket-som-helst")
    tab.click(SUBMIT_BUTTON)
    tab.wait_for_load_state()


def test_a_new_person_from_bjuv_lands_as_a_writer_in_bjuv_only(tab, live_server, sso_site):
    sign_in_at_the_provider(tab, live_server, "ny.larare@bjuv.se")
    tab.wait_for_url(f"{live_server.url}/admin/")
    person = User.objects.get(email="ny.larare@bjuv.se")
    assert set(person.groups.values_list("name", flat=True)) == {contributor_group_name("Bjuv")}
    assert sso_site.bjuv.permissions_for_user(person).can_add_subpage()
    assert not sso_site.helsingborg.permissions_for_user(person).can_add_subpage()
    assert not person.is_superuser and person.has_usable_password() is False
    # Granted by the identity provider's claims: logged with no person as the one who did it.
    granted = ModelLogEntry.objects.get(action=ROLES_CHANGED, object_id=str(person.pk))
    assert granted.user is None and granted.data == {"added": [contributor_group_name("Bjuv")]}


def test_a_role_claim_counts_only_where_the_provider_is_configured_for_it(
    tab, live_server, sso_site
):
    # The provider's built-in table gives redaktor@helsingborg.se the group
    # pedagogsajten-redaktorer; Bjuv's configuration maps that to Redaktör, but the e-mail domain
    # maps to no municipality, and a role alone does not let anyone in.
    sign_in_at_the_provider(tab, live_server, "redaktor@helsingborg.se")
    assert "Du kan inte logga in här ännu" in tab.content()
    assert not User.objects.filter(email="redaktor@helsingborg.se").exists()
    assert (
        Group.objects.get(name=EDITOR).user_set.filter(email__endswith="helsingborg.se").count()
        == 0
    )


def test_a_person_from_an_unmapped_domain_gets_the_swedish_refusal_page(tab, live_server, sso_site):
    sign_in_at_the_provider(tab, live_server, "larare@annanstad.se")
    assert tab.get_by_role("heading", name="Du kan inte logga in här ännu").is_visible()
    assert "kontaktpersonen i din kommun" in tab.content()
    assert not User.objects.filter(email="larare@annanstad.se").exists()


def test_failed_callbacks_are_throttled_per_address(client, settings, sso_site):
    settings.SSO_CALLBACK_FAILURE_LIMIT = 3
    callback = "/konto/oidc/bjuv/login/callback/?code=forged&state=forged"
    answers = [client.get(callback) for _ in range(4)]
    assert [answer.status_code for answer in answers[:3]] == [401, 401, 401]  # allauth: refused
    assert answers[3].status_code == 429
    assert "För många försök" in answers[3].content.decode()
