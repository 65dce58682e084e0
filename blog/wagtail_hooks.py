from wagtail import hooks
from wagtail.models import GroupPagePermission
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from core.readability_panel import ReadablePageViewSet

from .forms import may_choose_any_author
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


def authors_for_byline(user, authors):
    """Editors choose among every author; a writer or contact person among the authors of the
    sections they may write in (the article form checks the same on saving, blog/forms.py)."""
    if may_choose_any_author(user):
        return authors
    sections = GroupPagePermission.objects.filter(group__user=user).values("page_id")
    return authors.filter(municipality__in=sections)


class AuthorChoiceMixin:
    def get_object_list(self):
        return authors_for_byline(self.request.user, super().get_object_list())


class AuthorChooseView(AuthorChoiceMixin, ChooseView):
    pass


class AuthorChooseResultsView(AuthorChoiceMixin, ChooseResultsView):
    pass


class AuthorChooserViewSet(SnippetChooserViewSet):
    choose_view_class = AuthorChooseView
    choose_results_view_class = AuthorChooseResultsView


class AuthorViewSet(SnippetViewSet):
    model = Author
    chooser_viewset_class = AuthorChooserViewSet
    icon = "user"
    menu_label = "Skribenter"
    menu_order = 290
    add_to_admin_menu = True
    list_display = ["name", "role", "school", "municipality", "user"]
    list_filter = ["municipality"]


register_snippet(ClassificationGroup)
register_snippet(AuthorViewSet)


@hooks.register("register_admin_viewset")
def article_editor_with_readability_panel():
    # The article editor with the readability side panel (core/readability_panel.py).
    return ReadablePageViewSet("article_pages", model=ArticlePage)
