"""Staff moves along the pipeline."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ideas import rules as idea_rules
from ideas.models import Idea, StatusChange
from ideas.roadmap import NOTE_REQUIRED, Status, can_move


def change_status(*, idea: Idea, actor, to_status: str, note: str = "") -> StatusChange:
    """Move ``idea`` along the pipeline, writing the public ``StatusChange`` row."""
    idea_rules.CHANGE_STATUS.enforce(actor, idea)
    note = (note or "").strip()
    if to_status not in Status.values:
        raise ValidationError({"to_status": _("Unknown status.")})
    if to_status in NOTE_REQUIRED and not note:
        raise ValidationError(
            {"note": _("Explain publicly why the idea is declined: customers will read it.")}
        )
    with transaction.atomic():
        locked = Idea.objects.select_for_update().get(pk=idea.pk)
        if not can_move(locked.status, to_status):
            raise ValidationError(
                {
                    "to_status": _("An idea cannot move from “%(from)s” to “%(to)s”.")
                    % {"from": locked.get_status_display(), "to": Status(to_status).label}
                }
            )
        change = StatusChange.objects.create(
            idea=locked, from_status=locked.status, to_status=to_status, changed_by=actor, note=note
        )
        locked.status = to_status
        locked.save(update_fields=["status", "updated_at"])
    idea.status = to_status
    return change
