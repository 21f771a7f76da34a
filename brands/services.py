"""Brand membership writes. Staff seats also grant Wagtail page rights on the brand's page:
managers draft and submit for review, owners publish and approve."""

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

from brands.models import Brand, Membership, Role
from cms.workflows import ensure_brand_workflow

EDITOR_ROLES = {Role.OWNER, Role.MANAGER}
EDITOR_PAGE_PERMISSIONS = {"add_page", "change_page"}
OWNER_PAGE_PERMISSIONS = {"publish_page"}
IMAGE_PERMISSIONS = ["add_image", "choose_image", "change_image"]


def editor_group_name(brand: Brand) -> str:
    return f"Brand editors: {brand.slug}"


def owner_group_name(brand: Brand) -> str:
    return f"Brand owners: {brand.slug}"


@transaction.atomic
def sync_editor_group(*, brand: Brand) -> Group:
    """Create or refresh the brand's two Wagtail groups, its review workflow and their members.

    "Brand editors" (owners and managers) may enter the admin, add and edit pages under the
    brand page only, and upload images to the brand's collection; "Brand owners" may also
    publish there and approve what managers submit to the brand's review workflow. Running
    it again changes nothing; rights a group should no longer hold are taken away.
    """
    editors, _ = Group.objects.get_or_create(name=editor_group_name(brand))
    owners, _ = Group.objects.get_or_create(name=owner_group_name(brand))
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    page = getattr(brand, "page", None)
    if page is not None:
        _grant_page_permissions(editors, page, EDITOR_PAGE_PERMISSIONS)
        _grant_page_permissions(owners, page, OWNER_PAGE_PERMISSIONS)
        ensure_brand_workflow(brand=brand, owners=owners)
    collection = brand_collection(brand)
    for codename in IMAGE_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=editors,
            collection=collection,
            permission=Permission.objects.get(
                content_type__app_label="wagtailimages", codename=codename
            ),
        )
    # API keys' service accounts never use the Wagtail admin.
    seats = brand.memberships.exclude(user__is_service_account=True).values_list("user", flat=True)
    editors.user_set.set(seats.filter(role__in=EDITOR_ROLES))
    owners.user_set.set(seats.filter(role=Role.OWNER))
    return editors


def _grant_page_permissions(group: Group, page, codenames: set[str]) -> None:
    """Give ``group`` exactly ``codenames`` on ``page``'s subtree."""
    granted = GroupPagePermission.objects.filter(group=group, page=page)
    granted.exclude(permission__codename__in=codenames).delete()
    for codename in codenames:
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=page,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )


def brand_collection(brand: Brand) -> Collection:
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=brand.name).first()
    return existing or root.add_child(name=brand.name)


@transaction.atomic
def set_membership(*, brand: Brand, user, role: str) -> Membership:
    """Give ``user`` the ``role`` in ``brand`` (creating or changing the seat)."""
    membership, _ = Membership.objects.update_or_create(
        brand=brand, user=user, defaults={"role": role}
    )
    sync_editor_group(brand=brand)
    return membership


@transaction.atomic
def remove_membership(*, brand: Brand, user) -> None:
    Membership.objects.filter(brand=brand, user=user).delete()
    sync_editor_group(brand=brand)


def _enforce_manage(actor, brand: Brand) -> None:
    from ideas.rules import MANAGE_BRAND

    MANAGE_BRAND.enforce(actor, brand)


def _refuse_losing_last_owner(brand: Brand, user, new_role: str | None) -> None:
    """A brand keeps at least one owner, or nobody could manage it any more."""
    if new_role == Role.OWNER:
        return
    owners = Membership.objects.select_for_update().filter(brand=brand, role=Role.OWNER)
    if list(owners.values_list("user_id", flat=True)) == [user.pk]:
        raise ValidationError(
            gettext("The brand needs at least one owner: name another owner first.")
        )


@transaction.atomic
def update_brand_settings(
    *, actor, brand: Brand, moderation_mode: str, response_days: int
) -> Brand:
    """Change how the brand moderates and how many days it gives itself to answer."""
    _enforce_manage(actor, brand)
    brand.moderation_mode = moderation_mode
    brand.response_days = response_days
    brand.full_clean(exclude=["logo"])
    brand.save(update_fields=["moderation_mode", "response_days"])
    return brand


@transaction.atomic
def change_member(*, actor, brand: Brand, user, role: str) -> Membership:
    """Give ``user`` a seat or a new role, as one of the brand's owners."""
    _enforce_manage(actor, brand)
    if role not in Role.values:
        raise ValidationError({"role": gettext("Unknown role.")})
    _refuse_losing_last_owner(brand, user, role)
    return set_membership(brand=brand, user=user, role=role)


@transaction.atomic
def remove_member(*, actor, brand: Brand, user) -> None:
    """Take ``user``'s seat away, as one of the brand's owners."""
    _enforce_manage(actor, brand)
    _refuse_losing_last_owner(brand, user, None)
    remove_membership(brand=brand, user=user)


SEARCHED_FIELDS = {"name", "description", "language"}


def refresh_search(*, brand: Brand, changed_fields) -> None:
    """Queue what a brand edit changes in search: its language decides how its ideas are
    stemmed, its name and description are part of its page's document."""
    from ideas.models import Idea
    from search.indexing import mark_dirty

    changed = SEARCHED_FIELDS.intersection(changed_fields)
    if not changed:
        return
    with transaction.atomic():
        page = getattr(brand, "page", None)
        if page is not None:
            mark_dirty("brand", [page.pk])
        if "language" in changed:
            mark_dirty("idea", Idea.objects.filter(brand=brand).values_list("pk", flat=True))
