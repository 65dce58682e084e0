"""Files for a draft stay private until a public page shows them (issue 13, point 1).

A writer's photo of pupils, uploaded for an article still in review, must not be listable in the
API, fetchable by its address, nor lying in the folder the proxy serves; once the article is
published it is public, and it turns private again when the article is unpublished or made private.
"""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from wagtail.models import Page, PageViewRestriction

from media_library.factories import AudioFactory, DocumentFactory, SiteImageFactory
from media_library.models import FileSettings
from municipalities.roles import municipality_collection
from tests.editorial import build_editorial_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    return build_editorial_site()


def in_public_folder(name: str) -> bool:
    return (Path(settings.MEDIA_ROOT) / name).exists()


def in_private_folder(name: str) -> bool:
    return (Path(settings.PRIVATE_MEDIA_ROOT) / name.removeprefix("private/")).exists()


def article_showing(
    site, *, image=None, document=None, audio=None, live=False, title="Skogsdag med förskolan"
):
    """A Helsingborg article with the files in its body (and the image as its hero)."""
    page = site.article(site.helsingborg, site.contributor, title=title)
    page = page.specific
    body = [{"type": "paragraph", "value": "<p>Vi var i skogen.</p>"}]
    if image:
        page.hero_image = image
        page.hero_image_alt = "Barn bygger en koja"
        body.append({"type": "image", "value": {"image": {"image": image.pk, "alt_text": "Koja"}}})
    if document:
        body.append({"type": "document", "value": {"document": document.pk}})
    if audio:
        body.append({"type": "audio", "value": {"audio": audio.pk}})
    page.body = body
    revision = page.save_revision(user=site.contributor)
    if live:
        revision.publish(user=site.chief)
    return Page.objects.get(pk=page.pk).specific


def publish(page, user):
    page.get_latest_revision().publish(user=user)
    return Page.objects.get(pk=page.pk).specific


def reload(obj):
    return type(obj).objects.get(pk=obj.pk)


def collection_of(site):
    return municipality_collection(site.helsingborg.title)


def test_a_drafts_image_is_neither_listed_nor_served_to_readers(
    site, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        image = SiteImageFactory(title="Barn vid kojan", collection=collection_of(site))
        article_showing(site, image=image)
    image = reload(image)

    assert image.file.name.startswith("private/original_images/")
    assert not in_public_folder(image.file.name.removeprefix("private/"))
    assert in_private_folder(image.file.name)

    listing = client.get("/api/v2/images/").json()
    assert image.pk not in [item["id"] for item in listing["items"]]
    assert client.get(f"/api/v2/images/{image.pk}/").status_code == 404
    assert client.get(image.file.url).status_code == 404
    rendition = image.get_rendition("max-165x165")
    assert rendition.file.name.startswith("private/images/")
    assert client.get(rendition.url).status_code == 404


def test_staff_with_the_collection_see_a_drafts_image_and_others_do_not(
    site, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        image = SiteImageFactory(title="Barn vid kojan", collection=collection_of(site))
        article_showing(site, image=image)
    image = reload(image)
    writer, other_writer = Client(), Client()
    writer.force_login(site.contributor)
    other_writer.force_login(site.bjuv_contributor)

    response = writer.get(image.file.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:8] == b"\x89PNG\r\n\x1a\n"
    assert "private" in response["Cache-Control"]
    assert other_writer.get(image.file.url).status_code == 404


def test_publication_makes_a_drafts_files_public_and_unpublishing_private_again(
    site, client, django_capture_on_commit_callbacks
):
    collection = collection_of(site)
    with django_capture_on_commit_callbacks(execute=True):
        image = SiteImageFactory(title="Barn vid kojan", collection=collection)
        document = DocumentFactory(title="Planering", collection=collection)
        audio = AudioFactory(title="Fågelsång", collection=collection)
        page = article_showing(site, image=image, document=document, audio=audio)
    assert client.get(document.url).status_code == 404
    assert client.get(reload(audio).url).status_code == 404

    with django_capture_on_commit_callbacks(execute=True):
        page = publish(page, site.chief)
    image, audio = reload(image), reload(audio)

    assert not image.file.name.startswith("private/")
    assert in_public_folder(image.file.name)
    assert not in_private_folder("private/" + image.file.name)
    assert not audio.file.name.startswith("private/") and in_public_folder(audio.file.name)
    listed = client.get("/api/v2/images/").json()["items"]
    item = next(item for item in listed if item["id"] == image.pk)
    assert "download_url" not in item["meta"]
    assert item["rendition"]["url"].startswith(settings.MEDIA_URL + "images/")
    assert document.pk in [item["id"] for item in client.get("/api/v2/documents/").json()["items"]]
    assert client.get(document.url).status_code == 200
    article_html = client.get(page.url).content.decode()
    assert f'src="{settings.MEDIA_URL}images/' in article_html
    assert "/filer/privat/" not in article_html

    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish(user=site.chief)
    image, audio = reload(image), reload(audio)

    assert image.file.name.startswith("private/") and in_private_folder(image.file.name)
    assert not in_public_folder(image.file.name.removeprefix("private/"))
    assert all(r.file.name.startswith("private/images/") for r in image.renditions.all())
    assert audio.file.name.startswith("private/")
    assert client.get(document.url).status_code == 404
    assert client.get("/api/v2/images/").json()["items"] == []


def test_making_the_page_private_makes_its_files_private(
    site, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        image = SiteImageFactory(title="Barn vid kojan", collection=collection_of(site))
        page = article_showing(site, image=image, live=True)
    assert not reload(image).file.name.startswith("private/")

    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=page, restriction_type="login")
    image = reload(image)

    assert image.file.name.startswith("private/")
    assert client.get(image.file.url).status_code == 404
    assert client.get("/api/v2/images/").json()["items"] == []


def test_a_file_shown_by_two_public_pages_stays_public_until_both_are_gone(
    site, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        image = SiteImageFactory(title="Skolgården", collection=collection_of(site))
        first = article_showing(site, image=image, live=True)
        second = article_showing(site, image=image, live=True, title="Skolgården")
        first.unpublish(user=site.chief)
    assert not reload(image).file.name.startswith("private/")

    with django_capture_on_commit_callbacks(execute=True):
        second.delete()
    assert reload(image).file.name.startswith("private/")


def test_an_editor_makes_a_collection_public(site, client, django_capture_on_commit_callbacks):
    collection = collection_of(site)
    with django_capture_on_commit_callbacks(execute=True):
        logo = SiteImageFactory(title="Logotyp", collection=collection)
    assert client.get(reload(logo).file.url).status_code == 404

    with django_capture_on_commit_callbacks(execute=True):
        FileSettings.load().public_collections.add(collection)
    logo = reload(logo)

    assert in_public_folder(logo.file.name)
    assert logo.pk in [item["id"] for item in client.get("/api/v2/images/").json()["items"]]


def test_an_unknown_or_hostile_private_address_is_not_found(site, client):
    for path in ("original_images/finns-inte.png", "../../etc/passwd", "documents/%2e%2e/x"):
        assert client.get(f"/filer/privat/{path}").status_code in (400, 404)


def test_an_upgrade_moves_files_that_an_older_version_kept_public(
    site, django_capture_on_commit_callbacks
):
    """`manage.py apply_file_visibility`: uploads from before, all under MEDIA_ROOT, go where
    their pages say, and a second run changes nothing."""
    from django.core.management import call_command

    from media_library.storage import public_name

    collection = collection_of(site)
    with django_capture_on_commit_callbacks(execute=True):
        shown = SiteImageFactory(title="Visas", collection=collection)
        unused = SiteImageFactory(title="Oanvänd", collection=collection)
        document = DocumentFactory(title="Gammal plan", collection=collection)
        article_showing(site, image=shown, live=True)
    for obj in (reload(shown), reload(unused), reload(document)):  # as an older version stored them
        name = obj.file.name
        if name.startswith("private/"):
            target = Path(settings.MEDIA_ROOT) / public_name(name)
            target.parent.mkdir(parents=True, exist_ok=True)
            Path(obj.file.path).rename(target)
            type(obj).objects.filter(pk=obj.pk).update(file=public_name(name))

    call_command("apply_file_visibility", stdout=io.StringIO())

    assert not reload(shown).file.name.startswith("private/")
    assert reload(unused).file.name.startswith("private/") and in_private_folder(
        reload(unused).file.name
    )
    assert reload(document).file.name.startswith("private/documents/")
    output = io.StringIO()
    call_command("apply_file_visibility", stdout=output)
    assert "0 filer flyttade" in output.getvalue()
