"""Brand membership writes. Staff seats also grant Wagtail page rights on the brand's page."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

from brands.models import Brand, Membership, Role

EDITOR_ROLES = {Role.OWNER, Role.MANAGER}
PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page"]
IMAGE_PERMISSIONS = ["add_image", "choose_image", "change_image"]


def editor_group_name(brand: Brand) -> str:
    return f"Brand editors: {brand.slug}"


@transaction.atomic
def sync_editor_group(*, brand: Brand) -> Group:
    """Create or refresh the Wagtail group that may edit the brand's page subtree.

    Owners and managers are its members; they can draft, preview, schedule and publish
    challenges under their own brand page only, and upload images to the brand's collection.
    """
    group, _ = Group.objects.get_or_create(name=editor_group_name(brand))
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    page = getattr(brand, "page", None)
    if page is not None:
        for codename in PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=page,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename
                ),
            )
    collection = brand_collection(brand)
    for codename in IMAGE_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=group,
            collection=collection,
            permission=Permission.objects.get(
                content_type__app_label="wagtailimages", codename=codename
            ),
        )
    editors = brand.memberships.filter(role__in=EDITOR_ROLES).values_list("user", flat=True)
    group.user_set.set(editors)
    return group


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
