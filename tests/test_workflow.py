"""The publishing workflow end to end through the admin: submit, two approvals, send-back, mail."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import PageLogEntry

from municipalities.roles import contact_group_name
from municipalities.workflow import CHIEF_EDITOR_TASK, EDITOR_TASK, WORKFLOW_NAME
from tests.editorial import (
    build_editorial_site,
    edit_url,
    form_data,
    fresh,
    login,
    make_user,
    workflow_action_url,
)


@pytest.fixture
def site(db):
    return build_editorial_site()


def recipients(messages):
    return sorted(address for message in messages for address in message.to)


def test_the_workflow_replaces_wagtails_default_for_the_whole_site(site):
    article = site.article(site.helsingborg, site.contributor)
    workflow = article.get_workflow()
    assert workflow.name == WORKFLOW_NAME
    assert [task.name for task in workflow.tasks] == [EDITOR_TASK, CHIEF_EDITOR_TASK]
    assert site.standard_page().get_workflow() == workflow


def test_draft_to_live_through_both_approvals(client, site):
    article = site.article(site.helsingborg, site.contributor, title="Bråk med pappersremsor")

    login(client, site.contributor)
    response = client.post(edit_url(article), form_data(article, **{"action-submit": "1"}))
    assert response.status_code == 302
    article = fresh(article)
    assert article.current_workflow_task.name == EDITOR_TASK
    assert not article.live

    login(client, site.editor)
    client.post(workflow_action_url(article, "approve"))
    article = fresh(article)
    assert article.current_workflow_task.name == CHIEF_EDITOR_TASK
    assert not article.live

    login(client, site.chief)
    client.post(workflow_action_url(article, "approve"))
    article = fresh(article)
    assert article.live and not article.workflow_in_progress

    client.logout()
    assert "Bråk med pappersremsor" in client.get(article.url).content.decode()
    assert "Bråk med pappersremsor" in client.get(site.helsingborg.url).content.decode()


def test_history_shows_who_submitted_and_who_approved_each_step(client, site):
    article = site.article(site.helsingborg, site.contributor)
    login(client, site.contributor)
    client.post(edit_url(article), form_data(article, **{"action-submit": "1"}))
    login(client, site.editor)
    client.post(workflow_action_url(article, "approve"))
    login(client, site.chief)
    client.post(workflow_action_url(article, "approve"))

    entries = {
        (entry.action, entry.user.username)
        for entry in PageLogEntry.objects.filter(page=article).select_related("user")
    }
    assert ("wagtail.workflow.start", "anna") in entries
    assert ("wagtail.workflow.approve", "petra") in entries
    assert ("wagtail.workflow.approve", "karin") in entries
    assert ("wagtail.publish", "karin") in entries
    history = client.get(f"/admin/pages/{article.pk}/history/").content.decode()
    assert "Petra" in history and "Karin" in history


def test_send_back_returns_the_page_to_its_writer_with_the_comment(client, site):
    article = site.article(site.helsingborg, site.contributor)
    login(client, site.contributor)
    client.post(edit_url(article), form_data(article, **{"action-submit": "1"}))
    mail.outbox.clear()

    login(client, site.editor)
    comment = "Lägg till ett konkret exempel och kontrollera bildernas samtycke."
    client.post(workflow_action_url(article, "reject"), {"comment": comment})
    article = fresh(article)
    assert article.current_workflow_state.status == "needs_changes"
    assert not article.live

    assert recipients(mail.outbox) == ["anna@kommun.example"]
    assert comment in mail.outbox[0].body

    login(client, site.contributor)
    editor_page = client.get(edit_url(article)).content.decode()
    assert comment in editor_page


def test_submitting_without_the_confirmations_is_refused_and_the_draft_is_intact(client, site):
    article = site.article(site.helsingborg, site.contributor, title="Mitt utkast")
    login(client, site.contributor)
    client.post(edit_url(article), form_data(article, title="Mitt bästa utkast"))  # a draft save
    assert fresh(article).get_latest_revision_as_object().title == "Mitt bästa utkast"

    response = client.post(
        edit_url(article),
        form_data(
            article,
            title="Mitt bästa utkast",
            confirm_manager_consent=None,
            confirm_media_rights=None,
            **{"action-submit": "1"},
        ),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bekräfta att din närmsta chef har godkänt" in html
    assert "Bekräfta att du har rätt att publicera alla bilder" in html
    assert "Bekräfta att artikeln inte gör reklam" not in html  # that one was ticked
    article = fresh(article)
    assert not article.workflow_in_progress
    assert article.get_latest_revision_as_object().title == "Mitt bästa utkast"


def test_a_draft_saves_without_the_confirmations(client, site):
    article = site.article(site.helsingborg, site.contributor)
    login(client, site.contributor)
    data = form_data(
        article,
        title="Sparat utan bekräftelser",
        confirm_manager_consent=None,
        confirm_no_advertising=None,
        confirm_media_rights=None,
    )
    assert client.post(edit_url(article), data).status_code == 302
    assert fresh(article).get_latest_revision_as_object().title == "Sparat utan bekräftelser"


class TestNotifications:
    @pytest.fixture
    def people(self, site):
        make_user("amir", contact_group_name("Helsingborg"), email="amir@helsingborg.example")
        make_user("olle", "Redaktör", email="olle@kommun.example")
        make_user("bo", "Redaktör", email="")  # no address: nobody to mail
        return site

    def test_recipients_and_content_for_each_transition(self, client, people):
        site = people
        article = site.article(site.helsingborg, site.contributor, title="Tallinjen på golvet")

        login(client, site.contributor)
        client.post(edit_url(article), form_data(article, **{"action-submit": "1"}))
        assert recipients(mail.outbox) == ["olle@kommun.example", "petra@kommun.example"]
        assert all(
            "Tallinjen på golvet" in message.subject + message.body for message in mail.outbox
        )
        mail.outbox.clear()

        login(client, site.editor)
        client.post(workflow_action_url(article, "approve"))
        # The chief editors now have a step waiting; nobody else is disturbed.
        assert recipients(mail.outbox) == ["karin@kommun.example"]
        assert "Tallinjen på golvet" in mail.outbox[0].body
        mail.outbox.clear()

        login(client, site.chief)
        client.post(workflow_action_url(article, "approve"))
        sent = {address: message for message in mail.outbox for address in message.to}
        # The writer hears it was approved and published; the contact persons of the section too.
        assert sorted(sent) == [
            "amir@helsingborg.example",
            "anna@kommun.example",
            "sara@kommun.example",
        ]
        writer_mail = [m for m in mail.outbox if m.to == ["anna@kommun.example"]]
        assert any("är publicerad" in m.subject for m in writer_mail)
        assert any("godkänts" in m.body or "godkänd" in m.body for m in writer_mail)
        assert "Ny artikel från Helsingborg" in sent["amir@helsingborg.example"].subject
        assert fresh(article).full_url in sent["amir@helsingborg.example"].body

    def test_notifications_are_in_swedish(self, client, people):
        site = people
        article = site.article(site.helsingborg, site.contributor, title="Läsloggar")
        login(client, site.contributor)
        client.post(edit_url(article), form_data(article, **{"action-submit": "1"}))
        body = mail.outbox[0].body
        assert "Läsloggar" in body
        assert "has been submitted" not in body and "har lämnats in för godkännande" in body


def test_scheduled_publishing_after_approval(client, site):
    article = site.article(site.helsingborg, site.contributor, title="Schemalagd artikel")
    go_live = timezone.now() + datetime.timedelta(days=2)
    login(client, site.contributor)
    client.post(
        edit_url(article),
        form_data(article, go_live_at=go_live.strftime("%Y-%m-%d %H:%M"), **{"action-submit": "1"}),
    )
    login(client, site.editor)
    client.post(workflow_action_url(article, "approve"))
    login(client, site.chief)
    client.post(workflow_action_url(article, "approve"))

    article = fresh(article)
    assert not article.live
    revision = article.revisions.exclude(approved_go_live_at=None).get()

    call_command("publish_scheduled")
    assert not fresh(article).live  # not yet due

    # Two days pass: the approved go-live moment, stored on the revision and in its content, is now due.
    due = timezone.now() - datetime.timedelta(minutes=1)
    revision.approved_go_live_at = due
    revision.content["go_live_at"] = due.isoformat()
    revision.save(update_fields=["approved_go_live_at", "content"])
    call_command("publish_scheduled")
    assert fresh(article).live
