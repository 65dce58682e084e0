"""The publishing workflow: what waits in each step and for how long, times to publication, and
how often articles are sent back."""

import datetime
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField
from django.db.models.functions import Cast
from django.utils import timezone
from wagtail.models import Page, TaskState, WorkflowTask

from blog.models import ArticlePage
from municipalities.workflow import WORKFLOW_NAME

from .base import Chart, Period, Table, median, percentile


def _days(delta: datetime.timedelta) -> float:
    return delta.total_seconds() / 86400


def _rounded(value: float | None, digits: int = 1):
    return None if value is None else round(value, digits)


def _workflow_steps():
    steps = WorkflowTask.objects.filter(workflow__name=WORKFLOW_NAME).order_by("sort_order")
    return [step.task for step in steps.select_related("task")]


def _article_task_states(municipalities):
    # Workflow states name their page by a text id; a subquery keeps the id list in the database.
    article_ids = (
        ArticlePage.objects.filter(municipality__in=municipalities)
        .annotate(text_id=Cast("pk", CharField()))
        .values("text_id")
    )
    return TaskState.objects.filter(
        workflow_state__base_content_type=ContentType.objects.get_for_model(Page),
        workflow_state__object_id__in=article_ids,
    )


def workflow(period: Period, municipalities, now: datetime.datetime | None = None) -> Table:
    now = now or timezone.now()
    states = _article_task_states(municipalities)
    waiting = _waiting(states)
    decided = states.filter(
        finished_at__gte=period.start_moment,
        finished_at__lt=period.end_moment,
        status__in=[TaskState.STATUS_APPROVED, TaskState.STATUS_REJECTED],
    )
    rows = []
    for task in _workflow_steps():
        waits = [
            _days(now - started)
            for started in waiting.filter(task=task).values_list("started_at", flat=True)
        ]
        durations, rejected = [], 0
        for status, started, finished in decided.filter(task=task).values_list(
            "status", "started_at", "finished_at"
        ):
            if status == TaskState.STATUS_REJECTED:
                rejected += 1
            else:
                durations.append(_days(finished - started))
        decisions = len(durations) + rejected
        rows.append(
            {
                "step": task.name,
                "waiting": len(waits),
                "longest_wait_days": _rounded(max(waits, default=None)),
                "median_days": _rounded(median(durations)),
                "p90_days": _rounded(percentile(durations, 0.9)),
                "approved": len(durations),
                "sent_back": rejected,
                "sent_back_percent": _rounded(100 * rejected / decisions) if decisions else None,
            }
        )
    rows.append(_whole_workflow_row(states, period, rows))
    columns = [
        ("step", "Steg"),
        ("waiting", "Väntar nu"),
        ("longest_wait_days", "Längst väntan (dagar)"),
        ("median_days", "Median (dagar)"),
        ("p90_days", "90:e percentil (dagar)"),
        ("approved", "Godkända"),
        ("sent_back", "Skickade tillbaka"),
        ("sent_back_percent", "Andel tillbaka (%)"),
    ]
    notes = [
        "Tider räknas för beslut som fattades under perioden: från att steget började till "
        "godkännandet. Sista raden: från inskick till publicering, för artiklar publicerade under "
        "perioden; där är andelen tillbaka de artiklar som skickades tillbaka minst en gång."
    ]
    return Table(columns, rows, Chart("Artiklar som väntar per steg", "step", "waiting"), notes)


def _whole_workflow_row(states, period: Period, step_rows) -> dict:
    """Submission to publication, for workflows whose last approval fell in the period; the
    sent-back figures count those workflows that were sent back at least once on the way."""
    finished, sent_back, created = defaultdict(list), set(), {}
    for workflow_state_id, workflow_created, status, finished_at in states.filter(
        workflow_state__status="approved"
    ).values_list("workflow_state_id", "workflow_state__created_at", "status", "finished_at"):
        created[workflow_state_id] = workflow_created
        if status == TaskState.STATUS_APPROVED and finished_at:
            finished[workflow_state_id].append(finished_at)
        elif status == TaskState.STATUS_REJECTED:
            sent_back.add(workflow_state_id)
    completed = {
        workflow_state_id: max(moments)
        for workflow_state_id, moments in finished.items()
        if period.start_moment <= max(moments) < period.end_moment
    }
    durations = [_days(end - created[pk]) for pk, end in completed.items()]
    returned = len(sent_back & completed.keys())
    waits = [row["longest_wait_days"] for row in step_rows if row["longest_wait_days"] is not None]
    return {
        "step": "Hela flödet: inskick till publicering",
        "waiting": sum(row["waiting"] for row in step_rows),
        "longest_wait_days": max(waits, default=None),
        "median_days": _rounded(median(durations)),
        "p90_days": _rounded(percentile(durations, 0.9)),
        "approved": len(completed),
        "sent_back": returned,
        "sent_back_percent": _rounded(100 * returned / len(completed)) if completed else None,
    }


def _waiting(task_states):
    """Task states someone must act on now (not those of workflows sent back to the writer)."""
    return task_states.filter(
        status=TaskState.STATUS_IN_PROGRESS, workflow_state__status="in_progress"
    )


def waiting_for_task(task_name: str, municipalities=None) -> int:
    states = (
        TaskState.objects.all() if municipalities is None else _article_task_states(municipalities)
    )
    return _waiting(states).filter(task__name=task_name).count()
