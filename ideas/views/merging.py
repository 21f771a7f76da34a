"""Staff actions on an idea's page: merge duplicates, undo a merge, name the staff owner."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ideas import rules as idea_rules
from ideas import services
from ideas.models import Idea, Merge
from ideas.roadmap import Status
from ideas.selectors import access_idea
from ideas.views.errors import first_message


def triage_context(*, idea, viewer) -> dict:
    """What the owner and merge panels of the idea page need (a few fixed queries)."""
    can_triage = idea_rules.TRIAGE_IDEAS.allows(viewer, idea)
    merged_into = None
    if idea.merged_into_id is not None:
        merged_into = Idea.objects.filter(pk=idea.merged_into_id).first()
    merges = list(
        Merge.objects.filter(target=idea).select_related("source", "merged_by", "undone_by")
    )
    members = []
    if can_triage:
        members = list(
            get_user_model()
            .objects.filter(memberships__brand_id=idea.brand_id)
            .order_by("display_name", "username")
        )
    due = idea.response_due_at
    return {
        "can_triage": can_triage,
        "staff_owner": idea.staff_owner if idea.staff_owner_id else None,
        "brand_members": members,
        "merged_into": merged_into,
        "merges": merges,
        "response_due": due if due and idea.status == Status.UNDER_REVIEW else None,
        "response_overdue": bool(due and due < timezone.now()),
    }


def _fail(request, idea, error: Exception):
    messages.error(
        request, str(error) if isinstance(error, PermissionDenied) else first_message(error)
    )
    return redirect(idea.get_absolute_url())


@require_POST
def assign_owner(request, pk: int):
    idea = access_idea(request.user, pk)
    if not idea_rules.TRIAGE_IDEAS.allows(request.user, idea):
        raise PermissionDenied
    owner = None
    if request.POST.get("owner"):
        owner = get_object_or_404(get_user_model(), pk=request.POST["owner"])
    try:
        services.assign_staff_owner(actor=request.user, idea=idea, owner=owner)
    except ValidationError as error:
        return _fail(request, idea, error)
    messages.success(request, _("The person in charge is saved."))
    return redirect(idea.get_absolute_url())


@require_POST
def merge(request, pk: int):
    source = access_idea(request.user, pk)
    if not idea_rules.TRIAGE_IDEAS.allows(request.user, source):
        raise PermissionDenied
    try:
        target = access_idea(request.user, int(request.POST.get("into", "")))
    except ValueError:
        return _fail(request, source, ValidationError(_("Enter the number of an idea.")))
    try:
        services.merge_ideas(actor=request.user, source=source, target=target)
    except (PermissionDenied, ValidationError) as error:
        return _fail(request, source, error)
    messages.success(request, _("Merged into #%(id)d.") % {"id": target.pk})
    return redirect(target.get_absolute_url())


@require_POST
def undo_merge(request, merge_id: int):
    merge_row = get_object_or_404(Merge.objects.select_related("source", "target"), pk=merge_id)
    target = access_idea(request.user, merge_row.target_id)
    if not idea_rules.TRIAGE_IDEAS.allows(request.user, target):
        raise PermissionDenied
    try:
        services.unmerge(actor=request.user, merge=merge_row)
    except (PermissionDenied, ValidationError) as error:
        return _fail(request, target, error)
    messages.success(request, _("The merge is undone."))
    return redirect(target.get_absolute_url())
