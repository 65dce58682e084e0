from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from core.readability_panel import ReadablePageViewSet

from .models import ArticlePage, ArticleType, Author, SchoolForm, Subject, Theme


class TaxonomyViewSet(SnippetViewSet):
    list_display = ["name", "slug", "sort_order"]
    ordering = ["sort_order", "name"]
    search_fields = ["name"]


class SchoolFormViewSet(TaxonomyViewSet):
    model = SchoolForm
    icon = "group"


class SubjectViewSet(TaxonomyViewSet):
    model = Subject
    icon = "doc-full"


class ThemeViewSet(TaxonomyViewSet):
    model = Theme
    icon = "tag"


class ArticleTypeViewSet(TaxonomyViewSet):
    model = ArticleType
    icon = "list-ul"


class ClassificationGroup(SnippetViewSetGroup):
    menu_label = "Klassificering"
    menu_icon = "folder-open-inverse"
    menu_order = 300
    items = (SchoolFormViewSet, SubjectViewSet, ThemeViewSet, ArticleTypeViewSet)


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    menu_label = "Skribenter"
    menu_order = 290
    add_to_admin_menu = True
    list_display = ["name", "role", "school", "municipality"]
    list_filter = ["municipality"]


register_snippet(ClassificationGroup)
register_snippet(AuthorViewSet)


@hooks.register("register_admin_viewset")
def article_editor_with_readability_panel():
    # The article editor with the readability side panel (core/readability_panel.py).
    return ReadablePageViewSet("article_pages", model=ArticlePage)
