"""The admin as a writer meets it: a start on the dashboard, their own author profile, bylines
from their own municipality, the editor's comment where they look, and a publication date that
is the day of approval."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from blog.factories import AuthorFactory
from blog.models import Author
from media_library.factories import SiteImageFactory
from tests.editorial import (
    build_editorial_site,
    edit_url,
    form_data,
    fresh,
    login,
    workflow_action_url,
)


@pytest.fixture
def site(db):
    return build_editorial_site()


def with_byline(page, data, *authors) -> dict:
    """The article's form data with its byline replaced by `authors`."""
    links = list(page.article_authors.all())
    forms = [{"id": str(link.pk), "author": str(link.author_id), "DELETE": "1"} for link in links]
    forms += [{"author": str(author.pk)} for author in authors]
    data = {key: value for key, value in data.items() if not key.startswith("article_authors-")}
    data.update(nested_form_data({"article_authors": inline_formset(forms, initial=len(links))}))
    return data


def approve_all_the_way(client, site, article):
    login(client, site.contributor)
    response = client.post(edit_url(article), form_data(article, **{"action-submit": "1"}))
    assert response.status_code == 302
    for reviewer in (site.editor, site.chief):
        login(client, reviewer)
        client.post(workflow_action_url(article, "approve"))
    return fresh(article)


# Publication date ---------------------------------------------------------------------------


def test_an_article_waiting_for_approval_goes_live_with_the_day_of_approval(client, site):
    article = site.article(site.helsingborg, site.contributor, title="Väntade länge")
    assert article.publication_date is None, "a new draft has no date of its own"

    article = approve_all_the_way(client, site, article)

    today = timezone.localdate()
    assert article.live and article.publication_date == today
    # The published revision carries the date, so editing later shows it and keeps it.
    assert article.get_latest_revision_as_object().publication_date == today
    client.logout()
    html = client.get(article.url).content.decode()
    assert f'datetime="{today.isoformat()}"' in html


def test_a_chosen_publication_date_is_kept(client, site):
    article = site.article(site.helsingborg, site.contributor, title="Skrevs i våras")
    chosen = datetime.date(2026, 4, 14)
    login(client, site.contributor)
    data = form_data(article, publication_date=chosen.isoformat(), **{"action-submit": "1"})
    assert client.post(edit_url(article), data).status_code == 302
    for reviewer in (site.editor, site.chief):
        login(client, reviewer)
        client.post(workflow_action_url(article, "approve"))
    article = fresh(article)
    assert article.live and article.publication_date == chosen


# Bylines ------------------------------------------------------------------------------------


def test_a_writer_cannot_put_another_municipalitys_author_on_a_byline(client, site):
    helsingborg_author = site.author
    bjuv_author = AuthorFactory(name="Maja Andersson", municipality=site.bjuv)
    article = site.article(site.bjuv, site.bjuv_contributor, title="Bjuvs artikel")
    revision_before = fresh(article).latest_revision_id
    login(client, site.bjuv_contributor)

    data = with_byline(article, form_data(article, title="Ny titel"), helsingborg_author)
    response = client.post(edit_url(article), data)

    assert response.status_code == 200, "the form is shown again with the error"
    assert "Anna Bergström skriver för en annan kommun" in response.content.decode()
    assert fresh(article).latest_revision_id == revision_before, "nothing was saved"

    # Their own municipality's author is accepted.
    data = with_byline(article, form_data(article), bjuv_author)
    assert client.post(edit_url(article), data).status_code == 302
    revision = fresh(article).get_latest_revision_as_object()
    assert [link.author_id for link in revision.article_authors.all()] == [bjuv_author.pk]


def test_the_author_chooser_offers_a_writer_only_their_municipalitys_authors(client, site):
    AuthorFactory(name="Maja Andersson", municipality=site.bjuv)
    chooser = reverse("wagtailsnippetchoosers_blog_author:choose")

    login(client, site.bjuv_contributor)
    html = client.get(chooser).json()["html"]
    assert "Maja Andersson" in html and "Anna Bergström" not in html

    login(client, site.editor)
    html = client.get(chooser).json()["html"]
    assert "Maja Andersson" in html and "Anna Bergström" in html


def test_an_editor_may_put_any_author_on_a_byline(client, site):
    bjuv_author = AuthorFactory(name="Maja Andersson", municipality=site.bjuv)
    article = site.article(site.helsingborg, site.contributor)
    login(client, site.editor)
    data = with_byline(article, form_data(article), bjuv_author)
    assert client.post(edit_url(article), data).status_code == 302


def test_a_writers_new_article_starts_with_their_own_profile_on_the_byline(client, site):
    site.author.user = site.contributor
    site.author.save()
    login(client, site.contributor)
    add = reverse("wagtailadmin_pages:add", args=("blog", "articlepage", site.helsingborg.pk))
    html = client.get(add).content.decode()
    assert 'name="article_authors-TOTAL_FORMS" value="1"' in html
    assert f'name="article_authors-0-author" value="{site.author.pk}"' in html


# Author profiles ----------------------------------------------------------------------------


def test_a_writer_edits_their_own_author_profile_and_no_one_elses(client, site):
    site.author.user = site.contributor
    site.author.save()
    other = AuthorFactory(name="Omar Khalil", municipality=site.helsingborg)
    login(client, site.contributor)

    profile_url = reverse("own_author_profile")
    assert "Anna Bergström" in client.get(profile_url).content.decode()
    photo = SiteImageFactory()
    response = client.post(
        profile_url,
        {
            "name": "Anna Bergström",
            "role": "Förstelärare i matematik",
            "school": "Fredriksdalsskolan",
            "photo": str(photo.pk),
            "bio": "Jag undervisar i matematik på mellanstadiet.",
        },
    )
    assert response.status_code == 302
    site.author.refresh_from_db()
    assert site.author.role == "Förstelärare i matematik" and site.author.photo == photo
    assert site.author.municipality == site.helsingborg, "a writer cannot move their profile"

    # Another writer's profile is not theirs to edit, and no new profiles are theirs to create.
    edit_other = reverse("wagtailsnippets_blog_author:edit", args=(other.pk,))
    assert client.get(edit_other).status_code in (302, 403)
    assert client.get(reverse("wagtailsnippets_blog_author:add")).status_code in (302, 403)


def test_a_writer_without_a_profile_gets_one_for_their_municipality(client, site):
    login(client, site.bjuv_contributor)
    response = client.post(
        reverse("own_author_profile"),
        {"name": "Maja Andersson", "role": "Lärare i svenska", "school": "", "bio": ""},
    )
    assert response.status_code == 302
    profile = Author.objects.get(user=site.bjuv_contributor)
    assert profile.municipality == site.bjuv and profile.name == "Maja Andersson"


def test_the_author_page_shows_photo_bio_and_articles(client, site):
    site.author.bio = "Jag undervisar i matematik på mellanstadiet."
    site.author.photo = SiteImageFactory()
    site.author.save()
    site.article(site.helsingborg, site.contributor, live=True, title="Bråk med pappersremsor")
    html = client.get(reverse("blog:author", args=(site.author.pk,))).content.decode()
    assert "<h1>Anna Bergström</h1>" in html
    assert "Jag undervisar i matematik på mellanstadiet." in html
    assert 'class="author-profile__photo"' in html
    assert "Bråk med pappersremsor" in html


# The writer's workflow ----------------------------------------------------------------------


def test_a_writer_asked_for_changes_sees_the_comment_at_the_top_of_the_edit_view(client, site):
    article = site.article(site.helsingborg, site.contributor)
    login(client, site.contributor)
    client.post(edit_url(article), form_data(article, **{"action-submit": "1"}))
    mail.outbox.clear()
    login(client, site.editor)
    comment = "Lägg till ett konkret exempel och kontrollera bildernas samtycke."
    client.post(workflow_action_url(article, "reject"), {"comment": comment})

    (message,) = mail.outbox
    assert "behöver ändras" in message.subject and "avvisad" not in message.subject

    login(client, site.contributor)
    html = client.get(edit_url(article)).content.decode()
    notice = html[html.index('class="help-block help-warning changes-requested"') :]
    assert "Artikeln behöver ändras innan den kan publiceras" in notice
    assert comment in notice[:2000]
    assert html.index("changes-requested") < html.index('name="title"'), "above the form"

    # Sent again for review: the notice is gone.
    client.post(edit_url(article), form_data(fresh(article), **{"action-submit": "1"}))
    assert "changes-requested" not in client.get(edit_url(article)).content.decode()


def test_the_writers_dashboard_starts_a_new_article_in_their_municipality(client, site):
    login(client, site.bjuv_contributor)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    add = reverse("wagtailadmin_pages:add", args=("blog", "articlepage", site.bjuv.pk))
    assert f'href="{add}"' in html and "Skriv ny artikel i Bjuv" in html
    assert "Så skriver du en bra artikel" in html

    login(client, site.chief)
    assert "Skriv ny artikel i" not in client.get(reverse("wagtailadmin_home")).content.decode()


# Autosave and addresses ---------------------------------------------------------------------


def test_a_new_article_is_not_autosaved_until_it_has_been_saved_once(client, site):
    article = site.article(site.helsingborg, site.contributor)
    login(client, site.contributor)
    add = reverse("wagtailadmin_pages:add", args=("blog", "articlepage", site.helsingborg.pk))
    # Wagtail's autosave is a controller on the editor form; without it nothing is saved behind
    # the writer's back, so an abandoned attempt leaves no draft.
    new_form = editor_form_controllers(client.get(add).content.decode())
    edit_form = editor_form_controllers(client.get(edit_url(article)).content.decode())
    assert "w-unsaved" in new_form and "w-autosave" not in new_form
    assert "w-autosave" in edit_form, "once saved, autosave protects the text as usual"


def editor_form_controllers(html: str) -> str:
    form = re.search(r'<form\s[^>]*id="page-edit-form"[^>]*>', html).group(0)
    return re.search(r'data-controller="([^"]*)"', form).group(1)


def test_a_new_article_whose_address_is_taken_gets_the_next_free_one(client, site):
    taken = site.article(site.helsingborg, site.contributor, title="Tallinjen på golvet")
    login(client, site.contributor)
    add = reverse("wagtailadmin_pages:add", args=("blog", "articlepage", site.helsingborg.pk))
    data = form_data(taken, title="Tallinjen på golvet", slug=taken.slug)
    data = {
        key: value
        for key, value in data.items()
        if not (key.startswith("article_authors-") and key.endswith("-id"))
    }
    data["article_authors-INITIAL_FORMS"] = "0"
    response = client.post(add, data)

    assert response.status_code == 302, "saved, not refused"
    slugs = sorted(site.helsingborg.get_children().values_list("slug", flat=True))
    assert slugs == [taken.slug, f"{taken.slug}-2"]


def test_an_address_clash_on_an_existing_article_is_explained_by_the_title(client, site):
    first = site.article(site.helsingborg, site.contributor, title="Första")
    second = site.article(site.helsingborg, site.contributor, title="Andra")
    login(client, site.contributor)
    response = client.post(edit_url(second), form_data(second, slug=first.slug))
    html = response.content.decode()
    assert response.status_code == 200
    title_field = html[html.index('name="title"') - 3000 : html.index('name="title"') + 1500]
    assert "En annan sida i samma kommun har redan den här adressen" in title_field
