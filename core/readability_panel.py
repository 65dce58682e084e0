"""The readability side panel of the page editor (issue 17, part 3).

Wagtail 8 builds the editor's side panels in its page create and edit views
(`get_side_panels()`); there is no hook to add one, but each page type may have its own
`PageViewSet` with its own views (`register_admin_viewset`). `ReadablePageViewSet` gives a page
type views that add this panel beside Wagtail's own (status, preview, checks with its
accessibility checker, comments), which all stay. blog and calendar_events register it for
articles and events.

The panel is filled in the browser as the writer types (static/js/readability.js), with the
rules of core/readability.py handed over as JSON, so the figure in the editor is the one
Statistik stores on publication.
"""

from wagtail.admin.ui.side_panels import BaseSidePanel
from wagtail.admin.views.pages.edit import EditView

from .admin_views import CreatePageView, SitePageViewSet
from .readability import RULES


class ReadabilitySidePanel(BaseSidePanel):
    class SidePanelToggle(BaseSidePanel.SidePanelToggle):
        aria_label = "Visa läsbarhet"
        icon_name = "pilcrow"
        counter_classname = "w-bg-warning-100"

    name = "readability"
    title = "Läsbarhet"
    template_name = "core/readability_panel.html"
    order = 360  # after Wagtail's checks (350)

    class Media:
        js = ["js/readability.js"]

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["rules"] = RULES
        return context


class _WithReadabilityPanel:
    def get_side_panels(self):
        side_panels = super().get_side_panels()
        if not getattr(self, "expects_json_response", False):
            side_panels.append(ReadabilitySidePanel(self.page, self.request))
        return side_panels


class ReadabilityCreateView(_WithReadabilityPanel, CreatePageView):
    pass


class ReadabilityEditView(_WithReadabilityPanel, EditView):
    pass


class ReadablePageViewSet(SitePageViewSet):
    """A page type's admin views with the readability panel; give `model` when registering."""

    add_view_class = ReadabilityCreateView
    edit_view_class = ReadabilityEditView
