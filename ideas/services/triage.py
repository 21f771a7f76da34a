"""Staff moves along the pipeline, the idea's staff owner and the supporter threshold."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from brands.models import Membership
from ideas import rules as idea_rules
from ideas.models import Idea, StatusChange
from ideas.roadmap import NOTE_REQUIRED, Status, can_move
from ideas.roadmap_cache import invalidate_roadmap_on_commit
from notifications.services.events import record_status_changed
from search.indexing import mark_dirty
from webhooks import outbox as webhooks_outbox


def clean_move(to_status: str, note: str, *, missing_note: str) -> str:
    """The stripped public note of a move to ``to_status``, or a ``ValidationError``."""
    note = (note or "").strip()
    if to_status not in Status.values:
        raise ValidationError({"to_status": _("Unknown status.")})
    if to_status in NOTE_REQUIRED and not note:
        raise ValidationError({"note": missing_note})
    return note


def change_status(*, idea: Idea, actor, to_status: str, note: str = "") -> StatusChange:
    """Move ``idea`` along the pipeline, writing the public ``StatusChange`` row."""
    idea_rules.CHANGE_STATUS.enforce(actor, idea)
    note = clean_move(
        to_status,
        note,
        missing_note=_("Explain publicly why the idea is declined: customers will read it."),
    )
    with transaction.atomic():
        locked = Idea.objects.select_for_update().get(pk=idea.pk)
        if not can_move(locked.status, to_status):
            message = _("An idea cannot move from “%(from)s” to “%(to)s”.") % {
                "from": locked.get_status_display(),
                "to": Status(to_status).label,
            }
            raise ValidationError(
                {"to_status": ValidationError(message, code="transition_not_allowed")}
            )
        change = record_status_change(idea=locked, to_status=to_status, actor=actor, note=note)
    idea.status = to_status
    idea.status_changed_at = locked.status_changed_at
    idea.first_response_at = locked.first_response_at
    return change


def record_status_change(
    *, idea: Idea, to_status: str, actor, note: str = "", announce: bool = True
) -> StatusChange:
    """Write the ``StatusChange`` row and the idea's new status, without checking the move.

    Call inside a transaction holding ``idea``'s row lock (``idea`` is that locked row).
    ``change_status`` checks ``ALLOWED_TRANSITIONS`` first; merges, their undo and the
    supporter threshold call this directly on purpose: marking a shipped idea as a
    duplicate, or giving it back its status, is not a move along the pipeline. A change by
    a person (``actor`` not None) counts as the brand's first response. ``announce`` writes
    the outbox row that tells followers (a merge tells them its own way).
    """
    now = timezone.now()
    change = StatusChange.objects.create(
        idea=idea, from_status=idea.status, to_status=to_status, changed_by=actor, note=note
    )
    idea.status = to_status
    idea.status_changed_at = now
    fields = ["status", "status_changed_at", "updated_at"]
    if actor is not None and idea.first_response_at is None:
        idea.first_response_at = now
        fields.append("first_response_at")
    idea.save(update_fields=fields)
    invalidate_roadmap_on_commit(idea.brand_id)
    mark_dirty("idea", [idea.pk])
    if announce:
        record_status_changed(change=change)
    webhooks_outbox.idea_status_changed(change=change)
    return change


def assign_staff_owner(*, actor, idea: Idea, owner) -> Idea:
    """Name the staff member in charge of ``idea`` (``owner=None`` clears it).

    The owner must hold a seat in the idea's brand: the name is shown publicly.
    """
    idea_rules.TRIAGE_IDEAS.enforce(actor, idea)
    if (
        owner is not None
        and not Membership.objects.filter(brand_id=idea.brand_id, user=owner).exists()
    ):
        raise ValidationError(
            {"owner": _("Only a staff member of this brand can be put in charge of its ideas.")}
        )
    Idea.objects.filter(pk=idea.pk).update(staff_owner=owner, updated_at=timezone.now())
    idea.staff_owner = owner
    invalidate_roadmap_on_commit(idea.brand_id)
    return idea


def start_review_at_threshold(*, idea: Idea, before: int, after: int) -> StatusChange | None:
    """Move a submitted idea to "under review" when its supporters went from ``before``
    to at least the challenge's threshold, and start the brand's response deadline.

    Call inside the transaction that changed the vote count, the idea row already locked
    by that UPDATE. Only crossing the threshold counts, so an idea staff moved back to
    "submitted" is not pulled into review again by each later vote.
    """
    threshold = idea.challenge.supporter_threshold
    if not threshold or not before < threshold <= after:
        return None
    locked = Idea.objects.select_for_update().select_related("brand").get(pk=idea.pk)
    webhooks_outbox.idea_threshold_reached(idea=locked)
    if locked.status != Status.SUBMITTED:
        return None
    change = record_status_change(
        idea=locked,
        to_status=Status.UNDER_REVIEW,
        actor=None,
        note=_("Reached %(n)d supporters") % {"n": threshold},
    )
    locked.response_due_at = locked.status_changed_at + timedelta(days=locked.brand.response_days)
    locked.save(update_fields=["response_due_at"])
    idea.status = locked.status
    idea.status_changed_at = locked.status_changed_at
    idea.response_due_at = locked.response_due_at
    return change
