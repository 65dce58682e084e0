"""Wagtail admin views the site adjusts for every page type (registered per page type with
`SitePageViewSet`, since Wagtail's page views are chosen per page type)."""

from wagtail.admin.views.pages.create import CreateView
from wagtail.admin.viewsets.pages import PageViewSet


class CreatePageWithoutAutosaveMixin:
    """Creating a page without autosave: Wagtail's first autosave of a new page creates it, so an
    abandoned attempt left a draft behind and the next attempt with the same title met a taken
    address. Autosave starts once the writer has saved the draft (the edit view); until then the
    browser's "unsaved changes" warning guards the text."""

    def get_context_data(self, **kwargs):
        self.autosave_enabled = False
        return super().get_context_data(**kwargs)


class CreatePageView(CreatePageWithoutAutosaveMixin, CreateView):
    pass


class SitePageViewSet(PageViewSet):
    """A page type's admin views as the site wants them; give `model` when registering."""

    add_view_class = CreatePageView
