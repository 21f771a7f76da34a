from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ideas.selectors import access_idea, paginate
from ideas.views.responses import redirect_back
from notifications import describe, selectors, services
from notifications.forms import NotificationSettingsForm
from notifications.models import EventKind
from notifications.services.preferences import choices_for, save_choices, stop_emails
from notifications.services.reading import mark_read
from notifications.tokens import read_unsubscribe_token


@login_required
@require_POST
def follow(request, pk: int):
    """Follow or unfollow (``action=unfollow``) an idea the viewer can see."""
    idea = access_idea(request.user, pk)
    if request.POST.get("action") == "unfollow":
        services.unfollow_idea(user=request.user, idea=idea)
        messages.success(request, _("You no longer follow this idea."))
    else:
        services.follow_idea(user=request.user, idea=idea)
        messages.success(request, _("You follow this idea: you will hear when it moves."))
    return redirect_back(request, idea.get_absolute_url())


@login_required
@require_GET
def notification_list(request):
    """``/notifications/``: the viewer's notifications, newest first, in fixed queries."""
    page_obj = paginate(
        selectors.notifications_for(user=request.user),
        page_number=request.GET.get("page"),
        per_page=settings.NOTIFICATIONS_PER_PAGE,
    )
    page_obj.object_list = list(page_obj.object_list)
    for notification in page_obj.object_list:
        notification.headline = describe.headline(notification.event)
        notification.detail = describe.detail(notification.event)
    return TemplateResponse(request, "notifications/list.html", {"page_obj": page_obj})


@login_required
@require_GET
def open_notification(request, pk: int):
    """Mark one of the viewer's notifications read and go where it points.

    A GET changing state is acceptable here: it only touches the viewer's own read marks,
    and a prefetched link at worst marks a notification read.
    """
    notification = selectors.access_notification(user=request.user, notification_id=pk)
    mark_read(user=request.user, notification_ids=[notification.pk])
    target = describe.link(notification.event)
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = notification.event.idea.get_absolute_url()
    return redirect(target)


@login_required
@require_POST
def mark_all_read(request):
    changed = mark_read(user=request.user, all_unread=True)
    if changed:
        messages.success(request, _("All your notifications are marked as read."))
    return redirect("notifications:list")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def notification_settings(request):
    """``/notifications/settings/``: on the site or not, and how emails arrive, per kind."""
    form = NotificationSettingsForm(
        request.POST if request.method == "POST" else None,
        choices=choices_for(user=request.user),
    )
    if request.method == "POST":
        if form.is_valid():
            save_choices(user=request.user, choices=form.cleaned_choices())
            messages.success(request, _("Your notification settings were saved."))
            return redirect("notifications:settings")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "digest_hour": settings.DIGEST_HOUR, "time_zone": settings.TIME_ZONE}
    return TemplateResponse(request, "notifications/settings.html", context, status=status)


def _unsubscribe_problem(request, *, title: str, message: str, status: int):
    context = {"title": title, "message": message}
    return TemplateResponse(
        request, "notifications/unsubscribe_problem.html", context, status=status
    )


@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token: str):
    """``/notifications/unsubscribe/<token>/``, no login: the signed token is the credential.

    GET only asks (mail scanners prefetch links); POST stops the emails, from the page's
    buttons (``scope=all`` for every kind) or from a mail client's RFC 8058 one-click POST
    (``List-Unsubscribe=One-Click``, no cookie, hence no CSRF check).
    """
    try:
        user_id, kind = read_unsubscribe_token(token)
    except signing.BadSignature:
        return _unsubscribe_problem(
            request,
            title=_("This unsubscribe link does not work"),
            message=_(
                "The link is incomplete or was changed. Copy the whole link from the email, "
                "or log in and change your notification settings."
            ),
            status=400,
        )
    person = selectors.unsubscribing_person(user_id=user_id)
    if person is None:
        return _unsubscribe_problem(
            request,
            title=_("This account no longer exists"),
            message=_("No emails are sent to an account that was deleted."),
            status=404,
        )
    label = EventKind(kind).label if kind else None
    if request.method != "POST":
        context = {"token": token, "kind_label": label}
        return TemplateResponse(request, "notifications/unsubscribe.html", context)
    if request.POST.get("scope") == "all":
        kind, label = None, None
    stop_emails(user=person, kind=kind)
    context = {"kind_label": label}
    return TemplateResponse(request, "notifications/unsubscribed.html", context)
