import uuid

from django.db import migrations

HOME_INTRO = (
    "Pedagogiska exempel, lektionsidéer och reflektioner från förskolor och skolor "
    "i Familjen Helsingborgs elva kommuner – skrivna av pedagoger, för pedagoger."
)


def create_homepage(apps, schema_editor):
    """Replace Wagtail's placeholder 'Welcome' page with the site's HomePage."""
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    HomePage = apps.get_model("home.HomePage")

    page_content_type = ContentType.objects.get(model="page", app_label="wagtailcore")
    Page.objects.filter(content_type=page_content_type, depth=2, slug="home").delete()
    if HomePage.objects.exists():
        return

    root = Page.objects.get(depth=1)
    siblings = Page.objects.filter(depth=2).order_by("-path")
    next_step = int(siblings[0].path[-4:], 36) + 1 if siblings else 1
    homepage_content_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="home")
    locale = Locale.objects.order_by("pk").first()
    homepage = HomePage.objects.create(
        title="Pedagogsajten",
        draft_title="Pedagogsajten",
        slug="start",
        intro=HOME_INTRO,
        content_type=homepage_content_type,
        path=f"{root.path}{_base36(next_step).rjust(4, '0')}",
        depth=2,
        numchild=0,
        url_path="/start/",
        locale=locale,
        translation_key=uuid.uuid4(),
        live=True,
        has_unpublished_changes=False,
    )
    Page.objects.filter(pk=root.pk).update(numchild=Page.objects.filter(depth=2).count())
    Site.objects.create(
        hostname="localhost", port=80, root_page=homepage, is_default_site=True, site_name="Pedagogsajten"
    )


def _base36(number: int) -> str:
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    result = ""
    while number:
        number, remainder = divmod(number, 36)
        result = digits[remainder] + result
    return result or "0"


def remove_homepage(apps, schema_editor):
    apps.get_model("home.HomePage").objects.filter(depth=2).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_homepage, remove_homepage)]
