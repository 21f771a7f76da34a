"""The brand's webhook settings, for its owners: endpoints, secrets and the delivery log."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from brands.models import Brand
from ideas.rules import MANAGE_BRAND
from ideas.views.errors import add_service_errors, first_message
from webhooks import services
from webhooks.forms import EndpointForm
from webhooks.models import WebhookDelivery, WebhookEndpoint


def _access_brand(user, slug: str) -> Brand:
    brand = get_object_or_404(Brand, slug=slug)
    if not MANAGE_BRAND.allows(user, brand):
        raise PermissionDenied(_("Only the brand's owners can manage its webhooks."))
    return brand


def _access_endpoint(user, slug: str, endpoint_id: int) -> WebhookEndpoint:
    brand = _access_brand(user, slug)
    return get_object_or_404(
        WebhookEndpoint.objects.select_related("brand"), pk=endpoint_id, brand=brand
    )


def _list_page(request, brand, form=None, status=200):
    latest = WebhookDelivery.objects.filter(endpoint=OuterRef("pk")).order_by("-created_at", "-id")
    endpoints = brand.webhook_endpoints.annotate(
        last_status=Subquery(latest.values("status")[:1]),
        last_event=Subquery(latest.values("event_type")[:1]),
        last_at=Subquery(latest.values("created_at")[:1]),
    ).order_by("created_at", "id")
    context = {"brand": brand, "endpoints": endpoints, "form": form or EndpointForm()}
    return TemplateResponse(request, "webhooks/endpoint_list.html", context, status=status)


@login_required
def endpoint_list(request, brand_slug: str):
    brand = _access_brand(request.user, brand_slug)
    if request.method != "POST":
        return _list_page(request, brand)
    form = EndpointForm(request.POST)
    if form.is_valid():
        try:
            endpoint = services.create_endpoint(
                actor=request.user, brand=brand, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The endpoint is registered. Copy its signing secret."))
            return redirect("webhooks:detail", brand_slug=brand.slug, endpoint_id=endpoint.pk)
    return _list_page(request, brand, form=form, status=400)


def _detail_page(request, endpoint, form=None, status=200):
    deliveries = endpoint.deliveries.order_by("-created_at", "-id")
    page = Paginator(deliveries, settings.WEBHOOKS_DELIVERIES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    form = form or EndpointForm(initial={"url": endpoint.url, "events": endpoint.events})
    context = {"brand": endpoint.brand, "endpoint": endpoint, "form": form, "page_obj": page}
    return TemplateResponse(request, "webhooks/endpoint_detail.html", context, status=status)


@login_required
def endpoint_detail(request, brand_slug: str, endpoint_id: int):
    endpoint = _access_endpoint(request.user, brand_slug, endpoint_id)
    if request.method != "POST":
        return _detail_page(request, endpoint)
    form = EndpointForm(request.POST)
    if form.is_valid():
        try:
            services.update_endpoint(
                actor=request.user,
                endpoint=WebhookEndpoint.objects.select_related("brand").get(pk=endpoint.pk),
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The endpoint is saved."))
            return redirect("webhooks:detail", brand_slug=brand_slug, endpoint_id=endpoint.pk)
    return _detail_page(request, endpoint, form=form, status=400)


def _act(request, brand_slug: str, endpoint_id: int, action, success: str):
    endpoint = _access_endpoint(request.user, brand_slug, endpoint_id)
    try:
        action(endpoint)
    except ValidationError as error:
        messages.error(request, first_message(error))
    else:
        messages.success(request, success)
    return redirect("webhooks:detail", brand_slug=brand_slug, endpoint_id=endpoint.pk)


@login_required
@require_POST
def delete_endpoint(request, brand_slug: str, endpoint_id: int):
    endpoint = _access_endpoint(request.user, brand_slug, endpoint_id)
    services.delete_endpoint(actor=request.user, endpoint=endpoint)
    messages.success(request, _("The endpoint is deleted."))
    return redirect("webhooks:list", brand_slug=brand_slug)


@login_required
@require_POST
def rotate_secret(request, brand_slug: str, endpoint_id: int):
    return _act(
        request,
        brand_slug,
        endpoint_id,
        lambda endpoint: services.rotate_secret(actor=request.user, endpoint=endpoint),
        _("A new secret is in use from the next attempt on."),
    )


@login_required
@require_POST
def enable_endpoint(request, brand_slug: str, endpoint_id: int):
    return _act(
        request,
        brand_slug,
        endpoint_id,
        lambda endpoint: services.enable_endpoint(actor=request.user, endpoint=endpoint),
        _("The endpoint is enabled again."),
    )


@login_required
@require_POST
def send_test_event(request, brand_slug: str, endpoint_id: int):
    return _act(
        request,
        brand_slug,
        endpoint_id,
        lambda endpoint: services.send_test_event(actor=request.user, endpoint=endpoint),
        _("A test event is on its way."),
    )


@login_required
@require_POST
def redeliver(request, brand_slug: str, endpoint_id: int, delivery_id: int):
    def action(endpoint):
        delivery = get_object_or_404(
            endpoint.deliveries.select_related("endpoint__brand"), pk=delivery_id
        )
        services.redeliver(actor=request.user, delivery=delivery)

    return _act(request, brand_slug, endpoint_id, action, _("The message is being sent again."))
