"""The brand's review workflow, walked through the Wagtail admin: a manager drafts and submits,
an owner approves (publishes) or requests changes."""

import pytest
from django.urls import reverse
from wagtail.models import TaskState, WorkflowState

from cms.models import WikiPage
from tests.cms.test_editor_permissions import add_wiki_url, edit_url, wiki_form


@pytest.fixture
def submitted(client, brand, manager, owner) -> WikiPage:
    """A wiki page the manager drafted and then submitted from the edit view."""
    client.force_login(manager)
    client.post(add_wiki_url(brand.page), wiki_form("Our granola", "granola"))
    page = WikiPage.objects.get(slug="granola")
    client.post(edit_url(page), wiki_form("Our granola", "granola", **{"action-submit": "1"}))
    client.logout()
    return WikiPage.objects.get(pk=page.pk)


def action_url(page, action: str) -> str:
    task_state = TaskState.objects.get(
        workflow_state__object_id=str(page.pk), status=TaskState.STATUS_IN_PROGRESS
    )
    return reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])


def publish_buttons(client, page) -> int:
    return client.get(edit_url(page)).content.decode().count('name="action-publish"')


def test_a_submitted_draft_waits_for_the_owners(submitted, brand):
    state = WorkflowState.objects.get(object_id=str(submitted.pk))

    assert submitted.live is False
    assert submitted.workflow_in_progress
    assert state.workflow.name == f"Review by {brand.name} owners"
    assert state.current_task_state.task.name == f"{brand.name} owners approve"


def test_the_manager_offers_submit_not_publish(client, brand, manager, owner):
    page = brand.page.add_child(instance=WikiPage(title="Draft", slug="draft", live=False))
    page.save_revision(user=manager)

    client.force_login(manager)
    html = client.get(edit_url(page)).content.decode()
    assert publish_buttons(client, page) == 0
    assert f"Submit to Review by {brand.name} owners" in html

    client.force_login(owner)
    assert publish_buttons(client, page) == 1


def test_the_manager_cannot_publish(client, brand, manager):
    publish = wiki_form("Granola", "granola", **{"action-publish": "1"})
    client.force_login(manager)
    client.post(add_wiki_url(brand.page), publish)
    page = WikiPage.objects.get(slug="granola")
    client.post(edit_url(page), publish)

    page.refresh_from_db()
    assert page.live is False
    assert page.revisions.count() == 2


def test_the_manager_cannot_approve_their_own_submission(client, submitted, manager):
    client.force_login(manager)

    response = client.post(action_url(submitted, "approve"), {"comment": ""})

    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")
    assert WikiPage.objects.get(pk=submitted.pk).live is False


def test_the_owner_approves_and_the_page_goes_live(client, submitted, owner):
    client.force_login(owner)

    client.post(action_url(submitted, "approve"), {"comment": "Lovely, thanks."})

    page = WikiPage.objects.get(pk=submitted.pk)
    assert page.live is True
    assert page.workflow_in_progress is False
    assert WorkflowState.objects.get(object_id=str(page.pk)).status == WorkflowState.STATUS_APPROVED
    assert page.live_revision == page.get_latest_revision()


def test_requested_changes_go_back_to_the_manager(client, submitted, owner, manager):
    client.force_login(owner)
    client.post(action_url(submitted, "reject"), {"comment": "Please name the oat supplier."})

    page = WikiPage.objects.get(pk=submitted.pk)
    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert page.live is False
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert state.current_task_state.comment == "Please name the oat supplier."

    client.force_login(manager)
    response = client.get(edit_url(page))
    assert response.status_code == 200
    assert "Please name the oat supplier." in response.content.decode()
    resubmit = wiki_form("Our granola", "granola", **{"action-restart-workflow": "1"})
    client.post(edit_url(page), resubmit)
    assert WikiPage.objects.get(pk=page.pk).workflow_in_progress
