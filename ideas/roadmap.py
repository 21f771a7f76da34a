"""The idea pipeline: statuses and the moves staff may make between them.

``ideas.services.change_status`` is the only code that changes an idea's status.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    SHIPPED = "shipped", _("Shipped")
    DECLINED = "declined", _("Declined")
    DUPLICATE = "duplicate", _("Duplicate")


ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    Status.SUBMITTED: frozenset(
        {Status.UNDER_REVIEW, Status.PLANNED, Status.DECLINED, Status.DUPLICATE}
    ),
    Status.UNDER_REVIEW: frozenset(
        {Status.SUBMITTED, Status.PLANNED, Status.DECLINED, Status.DUPLICATE}
    ),
    Status.PLANNED: frozenset({Status.UNDER_REVIEW, Status.IN_PROGRESS, Status.DECLINED}),
    Status.IN_PROGRESS: frozenset({Status.PLANNED, Status.SHIPPED, Status.DECLINED}),
    Status.SHIPPED: frozenset({Status.IN_PROGRESS}),
    Status.DECLINED: frozenset({Status.UNDER_REVIEW}),
    Status.DUPLICATE: frozenset({Status.SUBMITTED, Status.UNDER_REVIEW}),
}

NOTE_REQUIRED = frozenset({Status.DECLINED})


def can_move(from_status: str, to_status: str) -> bool:
    return to_status in ALLOWED_TRANSITIONS.get(from_status, frozenset())
