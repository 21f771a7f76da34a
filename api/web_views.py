"""Pages to create and revoke personal API tokens and brand API keys (server-rendered).

A new secret is kept in the session only until the next page shows it: once shown it is
gone, and only its hash stays in the database.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from api import services
from api.models import ApiToken
from brands.models import Brand, Role
from ideas.rules import MANAGE_BRAND
from ideas.views.errors import add_service_errors

NEW_SECRET_SESSION_KEY = "api:new_secret"


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=80,
        help_text=gettext_lazy("What the token is for, e.g. “my export script”."),
    )


class BrandKeyForm(TokenForm):
    role = forms.ChoiceField(
        label=gettext_lazy("Acts as"),
        choices=[(Role.MANAGER, Role.MANAGER.label), (Role.MODERATOR, Role.MODERATOR.label)],
        help_text=gettext_lazy(
            "Managers triage and move ideas on the roadmap; moderators only moderate."
        ),
    )


def _remember_secret(request, token: ApiToken, secret: str) -> None:
    request.session[NEW_SECRET_SESSION_KEY] = {"token": token.pk, "secret": secret}


def _take_secret(request, token: ApiToken) -> str | None:
    """The secret of ``token`` if it was just made in this session; never twice."""
    kept = request.session.get(NEW_SECRET_SESSION_KEY)
    if not kept or kept.get("token") != token.pk:
        return None
    del request.session[NEW_SECRET_SESSION_KEY]
    return kept["secret"]


# Personal tokens


def _own_token(user, token_id: int) -> ApiToken:
    return get_object_or_404(ApiToken, pk=token_id, user=user, brand=None)


@login_required
@require_http_methods(["GET", "POST"])
def personal_tokens(request):
    if request.user.is_service_account:
        raise PermissionDenied(_("Service accounts cannot have personal tokens."))
    form = TokenForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                token, secret = services.create_personal_token(
                    user=request.user, name=form.cleaned_data["name"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                _remember_secret(request, token, secret)
                return redirect("api_web:token_created", token_id=token.pk)
        status = 400
    tokens = ApiToken.objects.filter(user=request.user, brand=None).order_by(
        "revoked_at", "-created_at"
    )
    context = {"form": form, "tokens": tokens}
    return TemplateResponse(request, "api/personal_tokens.html", context, status=status)


@login_required
def personal_token_created(request, token_id: int):
    token = _own_token(request.user, token_id)
    context = {
        "token": token,
        "secret": _take_secret(request, token),
        "back": reverse("api_web:tokens"),
    }
    return TemplateResponse(request, "api/token_created.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def revoke_personal_token(request, token_id: int):
    token = _own_token(request.user, token_id)
    if request.method == "POST":
        services.revoke_token(actor=request.user, token=token)
        messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
        return redirect("api_web:tokens")
    context = {"token": token, "back": reverse("api_web:tokens")}
    return TemplateResponse(request, "api/token_revoke.html", context)


# Brand API keys


def _access_brand(user, slug: str) -> Brand:
    brand = get_object_or_404(Brand, slug=slug)
    if not MANAGE_BRAND.allows(user, brand):
        raise PermissionDenied(_("Only the brand's owners can manage its API keys."))
    return brand


def _brand_key(brand: Brand, token_id: int) -> ApiToken:
    return get_object_or_404(ApiToken.objects.select_related("user"), pk=token_id, brand=brand)


def _brand_key_role(brand: Brand, key: ApiToken) -> str:
    membership = key.user.memberships.filter(brand=brand).first()
    return membership.get_role_display() if membership else ""


@login_required
@require_http_methods(["GET", "POST"])
def brand_keys(request, brand_slug: str):
    brand = _access_brand(request.user, brand_slug)
    form = BrandKeyForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                key, secret = services.create_brand_api_key(
                    actor=request.user,
                    brand=brand,
                    name=form.cleaned_data["name"],
                    role=form.cleaned_data["role"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                _remember_secret(request, key, secret)
                return redirect("api_web:brand_key_created", brand_slug=brand.slug, token_id=key.pk)
        status = 400
    keys = (
        ApiToken.objects.filter(brand=brand)
        .select_related("created_by")
        .order_by("revoked_at", "-created_at")
    )
    roles = dict(
        brand.memberships.filter(user__in=[key.user_id for key in keys]).values_list(
            "user_id", "role"
        )
    )
    for key in keys:
        key.role_label = Role(roles[key.user_id]).label if key.user_id in roles else ""
    context = {"brand": brand, "form": form, "keys": keys}
    return TemplateResponse(request, "api/brand_keys.html", context, status=status)


@login_required
def brand_key_created(request, brand_slug: str, token_id: int):
    brand = _access_brand(request.user, brand_slug)
    key = _brand_key(brand, token_id)
    context = {
        "brand": brand,
        "token": key,
        "role": _brand_key_role(brand, key),
        "secret": _take_secret(request, key),
        "back": reverse("api_web:brand_keys", args=[brand.slug]),
    }
    return TemplateResponse(request, "api/token_created.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def revoke_brand_key(request, brand_slug: str, token_id: int):
    brand = _access_brand(request.user, brand_slug)
    key = _brand_key(brand, token_id)
    if request.method == "POST":
        services.revoke_token(actor=request.user, token=key)
        messages.success(request, _("The API key “%(name)s” is revoked.") % {"name": key.name})
        return redirect("api_web:brand_keys", brand_slug=brand.slug)
    context = {
        "brand": brand,
        "token": key,
        "back": reverse("api_web:brand_keys", args=[brand.slug]),
    }
    return TemplateResponse(request, "api/token_revoke.html", context)
