"""The panel on the admin home page: the few figures each role acts on."""

import datetime

from django.db.models import Sum
from django.utils import timezone
from wagtail.admin.ui.components import Component
from wagtail.models import WorkflowState

from blog.models import ArticlePage
from core.text import plural
from municipalities.roles import CHIEF_EDITOR, EDITOR
from municipalities.workflow import CHIEF_EDITOR_TASK, EDITOR_TASK

from . import reports
from .access import sees_everything, visible_municipalities
from .models import ArticleFeedback, PageViewDay

PUBLISHED_DAYS = 90
READ_DAYS = 30


class FiguresPanel(Component):
    name = "insights_figures"
    order = 90
    template_name = "insights/dashboard_panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        user = self.request.user
        figures = []
        groups = set(user.groups.values_list("name", flat=True))
        if user.is_superuser or CHIEF_EDITOR in groups:
            waiting = reports.waiting_for_task(CHIEF_EDITOR_TASK)
            figures.append(
                f"{plural(waiting, 'artikel väntar', 'artiklar väntar')} på ditt godkännande."
            )
        if user.is_superuser or EDITOR in groups:
            waiting = reports.waiting_for_task(EDITOR_TASK)
            figures.append(
                f"{plural(waiting, 'artikel väntar', 'artiklar väntar')} på din granskning."
            )
        municipalities = visible_municipalities(user)
        if municipalities:
            figures += self._municipality_figures(municipalities, everything=sees_everything(user))
        elif not figures:
            figures += self._writer_figures(user)
        return {"figures": figures, "show_statistics_link": bool(municipalities)}

    def _municipality_figures(self, municipalities, *, everything: bool) -> list[str]:
        published = reports.Period.last_days(PUBLISHED_DAYS)
        read = reports.Period.last_days(READ_DAYS)
        counts = {
            row["municipality"]: row["total"]
            for row in reports.output_by_month(published, municipalities).rows
        }
        views = (
            PageViewDay.objects.filter(
                day__gte=read.start, municipality__in=municipalities
            ).aggregate(total=Sum("views"))["total"]
            or 0
        )
        feedback = ArticleFeedback.objects.filter(
            day__gte=read.start, article__municipality__in=municipalities
        )
        useful = feedback.filter(useful=True).count()
        answers = feedback.count()
        figures = []
        if everything:
            silent = [title for title, count in counts.items() if count == 0]
            figures.append(
                f"{sum(counts.values())} publicerade artiklar senaste {PUBLISHED_DAYS} dagarna."
            )
            for title in silent:
                figures.append(f"{title}: 0 publicerade artiklar senaste {PUBLISHED_DAYS} dagarna.")
        else:
            for title, count in counts.items():
                figures.append(
                    f"{title}: {plural(count, 'publicerad artikel', 'publicerade artiklar')} "
                    f"senaste {PUBLISHED_DAYS} dagarna."
                )
            in_workflow = reports.waiting_for_task(
                EDITOR_TASK, municipalities
            ) + reports.waiting_for_task(CHIEF_EDITOR_TASK, municipalities)
            figures.append(f"{plural(in_workflow, 'artikel', 'artiklar')} i granskning.")
        figures.append(f"{views} sidvisningar senaste {READ_DAYS} dagarna.")
        figures.append(
            f"{useful} av {answers} läsare tyckte att artikeln var användbar (senaste {READ_DAYS} dagarna)."
            if answers
            else f"Inga svar på ”Var det här användbart?” senaste {READ_DAYS} dagarna."
        )
        return figures

    def _writer_figures(self, user) -> list[str]:
        pages = ArticlePage.objects.filter(owner=user)
        if not pages.exists():
            return []
        waiting = WorkflowState.objects.filter(
            requested_by=user, status=WorkflowState.STATUS_IN_PROGRESS
        ).count()
        since = timezone.now() - datetime.timedelta(days=365)
        published = pages.filter(first_published_at__gte=since).count()
        sent_back = WorkflowState.objects.filter(
            requested_by=user, status=WorkflowState.STATUS_NEEDS_CHANGES
        ).count()
        return [
            f"{waiting} av dina artiklar väntar på granskning.",
            f"{plural(sent_back, 'artikel har', 'artiklar har')} skickats tillbaka till dig med kommentarer.",
            f"{plural(published, 'artikel', 'artiklar')} av dig publicerades det senaste året.",
        ]
