"""The one publishing workflow: an editor reviews, then the chief editor approves (and so publishes)."""

from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import GroupApprovalTask, Page, Task, Workflow, WorkflowPage, WorkflowTask

from .roles import CHIEF_EDITOR, EDITOR

WORKFLOW_NAME = "Publicering via huvudredaktör"
EDITOR_TASK = "Redaktörsgranskning"
CHIEF_EDITOR_TASK = "Huvudredaktörens godkännande"


def _approval_task(name: str, group_name: str) -> GroupApprovalTask:
    task = GroupApprovalTask.objects.filter(name=name).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=name)
    task.groups.set([Group.objects.get(name=group_name)])
    if not task.active:
        task.active = True
        task.save(update_fields=["active"])
    return task


@transaction.atomic
def ensure_publishing_workflow() -> Workflow:
    """Create the workflow if needed and make it the only one, for the whole tree.

    A fresh Wagtail database links its default "Moderators approval" workflow to the root page;
    a page has one workflow (the nearest one up the tree), so ours replaces it there.
    """
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    tasks = [_approval_task(EDITOR_TASK, EDITOR), _approval_task(CHIEF_EDITOR_TASK, CHIEF_EDITOR)]
    steps = WorkflowTask.objects.filter(workflow=workflow).order_by("sort_order")
    if [step.task_id for step in steps] != [task.pk for task in tasks]:
        # Through the model's manager: the workflow's own relation (modelcluster) would only
        # change in memory until the workflow is saved.
        steps.delete()
        for position, task in enumerate(tasks):
            WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=position)
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])

    root = Page.get_first_root_node()
    # Workflows linked lower in the tree would override ours for their subtree.
    WorkflowPage.objects.exclude(workflow=workflow).delete()
    WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})
    Workflow.objects.exclude(pk=workflow.pk).filter(
        active=True, workflow_pages__isnull=True
    ).update(active=False)
    # Tasks no active workflow uses (Wagtail's default "Moderators approval") are retired too.
    Task.objects.exclude(pk__in=[task.pk for task in tasks]).exclude(
        workflow_tasks__workflow__active=True
    ).update(active=False)
    return workflow
