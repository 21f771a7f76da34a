"""A challenge's phase, derived in one place from its dates.

Wagtail's own scheduling (go-live / expiry) decides whether the page is published at all;
these phases decide what the crowd may do on a published challenge.
"""

from datetime import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Phase(models.TextChoices):
    UPCOMING = "upcoming", _("Opens soon")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


ACTIONS_BY_PHASE: dict[Phase, frozenset[str]] = {
    Phase.UPCOMING: frozenset(),
    Phase.OPEN: frozenset({"submit", "vote", "comment"}),
    Phase.CLOSED: frozenset({"comment"}),
}


def phase_of(challenge, now: datetime | None = None) -> Phase:
    now = now or timezone.now()
    if now < challenge.opens_at:
        return Phase.UPCOMING
    if now >= challenge.closes_at:
        return Phase.CLOSED
    return Phase.OPEN


def phase_allows(challenge, action: str, now: datetime | None = None) -> bool:
    return action in ACTIONS_BY_PHASE[phase_of(challenge, now)]
