"""Admin panels several page types share."""

from wagtail.admin.panels import Panel
from wagtail.models import TaskState, WorkflowState


class ChangesRequestedPanel(Panel):
    """At the top of the edit form while a reviewer's request for changes is open: who asked,
    when, and their comment, so the writer need not look for it behind "Visa detaljer"."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "core/panels/changes_requested.html"

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.request_for_changes = self._open_request()

        def _open_request(self) -> TaskState | None:
            page = self.instance
            if page is None or not page.pk:
                return None
            state = (
                WorkflowState.objects.for_instance(page)
                .filter(status=WorkflowState.STATUS_NEEDS_CHANGES)
                .order_by("-created_at")
                .first()
            )
            if state is None:
                return None
            return (
                TaskState.objects.filter(workflow_state=state, status=TaskState.STATUS_REJECTED)
                .select_related("finished_by", "task")
                .order_by("-finished_at")
                .first()
            )

        def is_shown(self):
            return self.request_for_changes is not None

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["request_for_changes"] = self.request_for_changes
            return context
