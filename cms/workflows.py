"""Each brand's moderation workflow: managers submit, the brand's owners approve."""

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext
from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask


def workflow_name(brand_name: str) -> str:
    return gettext("Review by %(brand)s owners") % {"brand": brand_name}


def task_name(brand_name: str) -> str:
    return gettext("%(brand)s owners approve") % {"brand": brand_name}


@transaction.atomic
def ensure_brand_workflow(*, brand, owners: Group) -> Workflow:
    """The workflow assigned to ``brand``'s page (so to its whole subtree, ahead of Wagtail's
    default one on the root page): one approval task for the ``owners`` group.

    Found through the page, not by name, so renaming the brand renames it instead of adding
    another; running it again changes nothing.
    """
    brand_page = brand.page
    link = WorkflowPage.objects.filter(page=brand_page).select_related("workflow").first()
    workflow = link.workflow if link else Workflow.objects.create(name="")
    if link is None:
        WorkflowPage.objects.create(page=brand_page, workflow=workflow)
    _rename(workflow, workflow_name(brand.name))
    task = GroupApprovalTask.objects.filter(workflow_tasks__workflow=workflow).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=task_name(brand.name))
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    _rename(task, task_name(brand.name))
    task.groups.set([owners])
    return workflow


def _rename(obj, name: str) -> None:
    if obj.name != name:
        obj.name = name
        obj.save(update_fields=["name"])
