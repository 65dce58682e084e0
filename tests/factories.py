"""What only tests need besides the apps' own factories (blog/factories.py, home/factories.py,
municipalities/factories.py, media_library/factories.py)."""

from django.apps import apps
from wagtail.models import Collection, Locale, Page, Site

from blog.blocks import ArticleBodyBlock
from blog.taxonomy_defaults import create_defaults
from home.models import HomePage

# Every block an article body offers; tests check each renders and that the demo uses each.
ARTICLE_BLOCK_TYPES = set(ArticleBodyBlock.base_blocks)


def publish(page: Page) -> Page:
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def baseline():
    """The rows the migrations create (locale, tree root, home page, site, collection root,
    default taxonomy), recreated after a transactional test's flush."""
    create_defaults(apps.get_model)
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    home = HomePage.objects.first()
    if home is None:
        locale = Locale.objects.get_or_create(language_code="sv")[0]
        root = Page.objects.filter(depth=1).first() or Page.add_root(
            title="Root", slug="root", locale=locale
        )
        home = root.add_child(instance=HomePage(title="Pedagogsajten", slug="start", locale=locale))
        Site.objects.update_or_create(
            hostname="localhost", defaults={"root_page": home, "is_default_site": True, "port": 80}
        )
    return home
