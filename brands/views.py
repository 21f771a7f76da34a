"""The brand settings page for its owners: moderation, response deadline, members."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from brands import services
from brands.forms import AddMemberForm, BrandSettingsForm, MemberRoleForm
from brands.models import Brand
from ideas.rules import MANAGE_BRAND
from ideas.views.errors import add_service_errors, first_message


def _access_brand(user, slug: str) -> Brand:
    brand = get_object_or_404(Brand, slug=slug)
    if not MANAGE_BRAND.allows(user, brand):
        raise PermissionDenied(_("Only the brand's owners can change its settings and members."))
    return brand


def _page(request, brand, *, settings_form=None, member_form=None, status=200):
    memberships = (
        brand.memberships.filter(user__is_service_account=False)
        .select_related("user")
        .order_by("role", "user__username")
    )
    return TemplateResponse(
        request,
        "brands/settings.html",
        {
            "brand": brand,
            "settings_form": settings_form or BrandSettingsForm(instance=brand),
            "member_form": member_form or AddMemberForm(),
            "memberships": memberships,
            "role_form": MemberRoleForm(),
        },
        status=status,
    )


@login_required
def brand_settings(request, brand_slug: str):
    brand = _access_brand(request.user, brand_slug)
    if request.method != "POST":
        return _page(request, brand)
    form = BrandSettingsForm(request.POST, instance=Brand.objects.get(pk=brand.pk))
    if form.is_valid():
        try:
            services.update_brand_settings(
                actor=request.user,
                brand=brand,
                moderation_mode=form.cleaned_data["moderation_mode"],
                response_days=form.cleaned_data["response_days"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Settings saved."))
            return redirect("brands:settings", brand_slug=brand.slug)
    return _page(request, brand, settings_form=form, status=400)


@login_required
@require_POST
def add_member(request, brand_slug: str):
    brand = _access_brand(request.user, brand_slug)
    form = AddMemberForm(request.POST)
    if form.is_valid():
        user = get_user_model().objects.filter(email__iexact=form.cleaned_data["email"]).first()
        if user is None:
            form.add_error("email", _("Nobody has an account with this email yet."))
        else:
            try:
                services.change_member(
                    actor=request.user, brand=brand, user=user, role=form.cleaned_data["role"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, _("%(name)s is on the team.") % {"name": user.public_name}
                )
                return redirect("brands:settings", brand_slug=brand.slug)
    return _page(request, brand, member_form=form, status=400)


@login_required
@require_POST
def change_member(request, brand_slug: str, user_id: int):
    brand = _access_brand(request.user, brand_slug)
    membership = get_object_or_404(
        brand.memberships.filter(user__is_service_account=False).select_related("user"),
        user_id=user_id,
    )
    try:
        if request.POST.get("action") == "remove":
            services.remove_member(actor=request.user, brand=brand, user=membership.user)
            messages.success(request, _("The seat is removed."))
        else:
            form = MemberRoleForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Choose a role."))
            services.change_member(
                actor=request.user,
                brand=brand,
                user=membership.user,
                role=form.cleaned_data["role"],
            )
            messages.success(request, _("The role is changed."))
    except ValidationError as error:
        messages.error(request, first_message(error))
    return redirect("brands:settings", brand_slug=brand.slug)
