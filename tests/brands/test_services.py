"""Staff seats: owners and managers edit their brand's page subtree in Wagtail, nobody else;
only owners publish (managers submit to the brand's review workflow)."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from pytest_django.asserts import assertRedirects
from wagtail.models import Workflow, WorkflowPage

from accounts.models import User
from brands import services
from brands.models import Membership, Role
from challenges.models import ChallengePage
from tests.factories import BrandFactory, UserFactory, make_challenge


def fresh(user) -> User:
    """The user re-read, so Django's per-object permission caches start empty."""
    return User.objects.get(pk=user.pk)


def can_add_challenge(user, brand) -> bool:
    tester = brand.page.permissions_for_user(fresh(user))
    return tester.can_add_subpage() and ChallengePage.can_create_at(brand.page)


def add_challenge_url(brand) -> str:
    return reverse("wagtailadmin_pages:add", args=["challenges", "challengepage", brand.page.pk])


@pytest.mark.parametrize(
    "role, may_edit, may_publish",
    [(Role.OWNER, True, True), (Role.MANAGER, True, False), (Role.MODERATOR, False, False)],
)
def test_owners_and_managers_edit_only_owners_publish(brand, role, may_edit, may_publish):
    user = UserFactory()

    membership = services.set_membership(brand=brand, user=user, role=role)

    assert membership.role == role
    assert can_add_challenge(user, brand) is may_edit
    assert fresh(user).has_perm("wagtailadmin.access_admin") is may_edit
    assert brand.page.permissions_for_user(fresh(user)).can_publish() is may_publish
    assert brand.page.permissions_for_user(fresh(user)).can_publish_subpage() is may_publish


def test_a_foreign_brands_page_is_not_editable(brand):
    manager = UserFactory()
    services.set_membership(brand=brand, user=manager, role=Role.MANAGER)
    other = BrandFactory(name="Other brand")
    foreign_challenge = make_challenge(other, title="Theirs")

    assert can_add_challenge(manager, brand) is True
    assert can_add_challenge(manager, other) is False
    assert other.page.permissions_for_user(fresh(manager)).can_edit() is False
    assert foreign_challenge.permissions_for_user(fresh(manager)).can_edit() is False


def test_the_wagtail_admin_enforces_the_same_rights(client, brand):
    manager, moderator = UserFactory(), UserFactory()
    services.set_membership(brand=brand, user=manager, role=Role.MANAGER)
    services.set_membership(brand=brand, user=moderator, role=Role.MODERATOR)
    other = BrandFactory(name="Other brand")

    client.force_login(manager)
    assert client.get(add_challenge_url(brand)).status_code == 200
    for refused in (
        add_challenge_url(other),
        reverse("wagtailadmin_pages:edit", args=[other.page.pk]),
    ):
        assertRedirects(client.get(refused), reverse("wagtailadmin_home"), target_status_code=200)

    client.force_login(moderator)
    response = client.get(add_challenge_url(brand))
    assert response.status_code == 302
    assert response.url.startswith(reverse("wagtailadmin_login"))


def test_changing_or_removing_a_seat_updates_the_rights(brand):
    user = UserFactory()
    services.set_membership(brand=brand, user=user, role=Role.MANAGER)

    services.set_membership(brand=brand, user=user, role=Role.MODERATOR)
    assert Membership.objects.get(user=user).role == Role.MODERATOR
    assert can_add_challenge(user, brand) is False

    services.set_membership(brand=brand, user=user, role=Role.MANAGER)
    assert can_add_challenge(user, brand) is True
    assert brand.page.permissions_for_user(fresh(user)).can_publish() is False

    services.set_membership(brand=brand, user=user, role=Role.OWNER)
    assert can_add_challenge(user, brand) is True
    assert brand.page.permissions_for_user(fresh(user)).can_publish() is True
    assert group_names(user) == {
        services.editor_group_name(brand),
        services.owner_group_name(brand),
    }

    services.remove_membership(brand=brand, user=user)
    assert not Membership.objects.filter(user=user).exists()
    assert can_add_challenge(user, brand) is False
    assert group_names(user) == set()


def group_names(user) -> set[str]:
    return set(fresh(user).groups.values_list("name", flat=True))


def test_groups_and_workflow_are_per_brand_and_idempotent(brand):
    owner, manager = UserFactory(), UserFactory()
    services.set_membership(brand=brand, user=owner, role=Role.OWNER)
    services.set_membership(brand=brand, user=manager, role=Role.MANAGER)
    services.set_membership(brand=brand, user=manager, role=Role.MANAGER)
    services.sync_editor_group(brand=brand)
    services.sync_editor_group(brand=brand)

    editors = Group.objects.get(name=services.editor_group_name(brand))
    owners = Group.objects.get(name=services.owner_group_name(brand))
    assert set(editors.user_set.all()) == {owner, manager}
    assert list(owners.user_set.all()) == [owner]
    assert codenames(editors, brand) == {"add_page", "change_page"}
    assert codenames(owners, brand) == {"publish_page"}
    assert editors.collection_permissions.count() == 3
    assert not owners.collection_permissions.exists()
    assert Group.objects.filter(name__startswith="Brand ").count() == 2

    workflow = brand.page.get_workflow()
    assert workflow.name == f"Review by {brand.name} owners"
    assert WorkflowPage.objects.get(workflow=workflow).page_id == brand.page.pk
    [task] = workflow.tasks.specific()
    assert task.name == f"{brand.name} owners approve"
    assert list(task.groups.all()) == [owners]
    assert Workflow.objects.filter(name__startswith="Review by").count() == 1


def test_a_rights_drift_is_repaired(brand):
    """Groups created before the owner/manager split held ``publish_page``; a sync removes it."""
    from django.contrib.auth.models import Permission
    from wagtail.models import GroupPagePermission

    editors = Group.objects.get(name=services.editor_group_name(brand))
    GroupPagePermission.objects.create(
        group=editors,
        page=brand.page,
        permission=Permission.objects.get(codename="publish_page"),
    )

    services.sync_editor_group(brand=brand)

    assert codenames(editors, brand) == {"add_page", "change_page"}


def test_renaming_the_brand_renames_its_workflow(brand):
    brand.name = "Renamed"
    brand.save()

    services.sync_editor_group(brand=brand)

    assert WorkflowPage.objects.get(page=brand.page).workflow.name == "Review by Renamed owners"
    assert Workflow.objects.filter(name__startswith="Review by").count() == 1


def codenames(group, brand) -> set[str]:
    granted = group.page_permissions.filter(page=brand.page)
    return set(granted.values_list("permission__codename", flat=True))


def queued(kind: str) -> set[int]:
    from search.models import IndexEntry

    return set(IndexEntry.objects.filter(kind=kind).values_list("object_id", flat=True))


def test_a_language_change_queues_the_brands_ideas_for_reindexing(challenge):
    from search.models import IndexEntry
    from tests.factories import IdeaFactory

    ideas = [IdeaFactory(challenge=challenge) for _ in range(3)]
    other = IdeaFactory()
    IndexEntry.objects.all().delete()

    services.refresh_search(brand=challenge.brand, changed_fields=["language"])

    assert queued("idea") == {idea.pk for idea in ideas}
    assert other.pk not in queued("idea")
    assert queued("brand") == {challenge.brand.page.pk}


def test_edits_search_does_not_see_queue_nothing(brand):
    from search.models import IndexEntry

    IndexEntry.objects.all().delete()
    services.refresh_search(brand=brand, changed_fields=["website", "logo"])
    assert not IndexEntry.objects.exists()
