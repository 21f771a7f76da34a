"""Reporting content (any member) and the brand's moderation queue (its moderators)."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from brands.models import Brand
from ideas import moderation_selectors as queue
from ideas import rules as idea_rules
from ideas import services
from ideas.models import Comment, Flag, Idea
from ideas.selectors import access_idea
from ideas.views.errors import first_message
from ideas.views.responses import redirect_back


def _report(request, idea: Idea, flag, target, anchor: str = ""):
    back = f"{idea.get_absolute_url()}{anchor}"
    if not request.user.is_authenticated:
        return redirect_to_login(back)
    try:
        flag(reporter=request.user, reason=request.POST.get("reason", ""), **target)
    except PermissionDenied as error:
        messages.error(request, str(error))
    except ValidationError as error:
        messages.error(request, first_message(error))
    else:
        messages.success(request, _("Thank you. The moderators will look at your report."))
    return redirect(back)


@require_POST
def flag_idea(request, pk: int):
    idea = access_idea(request.user, pk)
    return _report(request, idea, services.flag_idea, {"idea": idea})


@require_POST
def flag_comment(request, pk: int):
    comment = get_object_or_404(Comment, pk=pk, is_public=True)
    idea = access_idea(request.user, comment.idea_id)
    comment.idea = idea
    return _report(
        request, idea, services.flag_comment, {"comment": comment}, f"#comment-{comment.pk}"
    )


def _moderated_brand(request, slug: str):
    """The brand if ``request.user`` moderates it; a login redirect or 403 otherwise."""
    brand = get_object_or_404(Brand, slug=slug)
    if not request.user.is_authenticated:
        return brand, redirect_to_login(request.get_full_path())
    idea_rules.MODERATE.enforce(request.user, brand)
    return brand, None


def moderation_queue(request, slug: str):
    """``/staff/<brand>/moderation/``: pending ideas and open reports; ``?tab=hidden``."""
    brand, refusal = _moderated_brand(request, slug)
    if refusal is not None:
        return refusal
    tab = "hidden" if request.GET.get("tab") == "hidden" else "queue"
    context = {"brand": brand, "tab": tab}
    if tab == "hidden":
        context["hidden_ideas"] = queue.hidden_ideas_for_brand(
            brand=brand, page_number=request.GET.get("ipage")
        )
        context["hidden_comments"] = queue.hidden_comments_for_brand(
            brand=brand, page_number=request.GET.get("cpage")
        )
    else:
        context["pending"] = queue.pending_ideas_for_brand(
            brand=brand, page_number=request.GET.get("ppage")
        )
        context["flagged"] = queue.flagged_items_for_brand(
            brand=brand, page_number=request.GET.get("fpage")
        )
    return TemplateResponse(request, "ideas/staff/moderation_queue.html", context)


def _brand_targets(brand):
    return {
        "idea": Idea.objects.filter(brand=brand),
        "comment": Comment.objects.filter(idea__brand=brand).select_related("idea"),
        "flag": Flag.objects.filter(brand=brand),
    }


ACTIONS = {
    "approve_idea": (
        "idea",
        lambda user, obj, reason: services.approve_idea(moderator=user, idea=obj),
    ),
    "hide_idea": (
        "idea",
        lambda user, obj, reason: services.hide_idea(moderator=user, idea=obj, reason=reason),
    ),
    "restore_idea": (
        "idea",
        lambda user, obj, reason: services.restore_idea(moderator=user, idea=obj, reason=reason),
    ),
    "hide_comment": (
        "comment",
        lambda user, obj, reason: services.hide_comment(moderator=user, comment=obj, reason=reason),
    ),
    "restore_comment": (
        "comment",
        lambda user, obj, reason: services.restore_comment(
            moderator=user, comment=obj, reason=reason
        ),
    ),
    "dismiss_flag": (
        "flag",
        lambda user, obj, reason: services.dismiss_flag(moderator=user, flag=obj),
    ),
}


def _done_message(action: str) -> str:
    return {
        "approve_idea": _("The idea is approved and public."),
        "hide_idea": _("The idea is hidden. Its author can read your reason."),
        "restore_idea": _("The idea is visible again."),
        "hide_comment": _("The comment is hidden. Its author can read your reason."),
        "restore_comment": _("The comment is visible again."),
        "dismiss_flag": _("The reports are dismissed; the content stays as it is."),
    }[action]


@require_POST
def moderate(request, slug: str):
    """One POST endpoint for every queue button: ``action``, ``target`` (a pk), ``reason``."""
    brand, refusal = _moderated_brand(request, slug)
    if refusal is not None:
        return refusal
    action = request.POST.get("action", "")
    if action not in ACTIONS:
        messages.error(request, _("Unknown moderation action."))
        return _back_to_queue(request, brand)
    kind, perform = ACTIONS[action]
    target = get_object_or_404(_brand_targets(brand)[kind], pk=request.POST.get("target") or 0)
    try:
        perform(request.user, target, request.POST.get("reason", ""))
    except ValidationError as error:
        messages.error(request, first_message(error))
    else:
        messages.success(request, _done_message(action))
    return _back_to_queue(request, brand)


def _back_to_queue(request, brand):
    return redirect_back(request, reverse("staff:moderation_queue", kwargs={"slug": brand.slug}))
