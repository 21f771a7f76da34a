"""Staff actions on many ideas of one brand at once: all of them change, or none."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ideas import rules as idea_rules
from ideas.models import Idea, StatusChange
from ideas.roadmap import Status, can_move
from ideas.services.submission import MAX_TAGS, clean_tags
from ideas.services.triage import change_status, clean_move
from search.indexing import mark_dirty

MAX_BULK_IDEAS = 100


def _lock_brand_ideas(*, actor, brand, ideas: Iterable[Idea]) -> list[Idea]:
    """The ideas' rows locked in id order, once ``actor`` may triage ``brand`` and each idea
    belongs to it. Call inside a transaction."""
    idea_rules.TRIAGE_IDEAS.enforce(actor, brand)
    ids = sorted({idea.pk for idea in ideas})
    if not ids:
        raise ValidationError(_("Select at least one idea."))
    if len(ids) > MAX_BULK_IDEAS:
        raise ValidationError(_("Select at most %(n)d ideas at a time.") % {"n": MAX_BULK_IDEAS})
    locked = list(Idea.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    if len(locked) != len(ids) or any(idea.brand_id != brand.pk for idea in locked):
        raise PermissionDenied(_("Every selected idea must belong to this brand."))
    return locked


def _titles(ideas: list[Idea]) -> str:
    return ", ".join(f"“{idea.title}”" for idea in ideas)


def bulk_change_status(
    *, actor, brand, ideas: Iterable[Idea], to_status: str, note: str = ""
) -> list[StatusChange]:
    """Move every idea to ``to_status`` with the same public note, through ``change_status``.

    If any idea cannot make the move, nothing moves and the error names those ideas.
    """
    note = clean_move(
        to_status,
        note,
        missing_note=_("Explain publicly why the ideas are declined: customers will read it."),
    )
    with transaction.atomic():
        locked = _lock_brand_ideas(actor=actor, brand=brand, ideas=ideas)
        stuck = [idea for idea in locked if not can_move(idea.status, to_status)]
        if stuck:
            raise ValidationError(
                {
                    "to_status": _("Nothing was changed: %(ideas)s cannot move to “%(to)s”.")
                    % {"ideas": _titles(stuck), "to": Status(to_status).label}
                }
            )
        return [
            change_status(idea=idea, actor=actor, to_status=to_status, note=note) for idea in locked
        ]


def bulk_tag(*, actor, brand, ideas: Iterable[Idea], tag: str) -> list[Idea]:
    """Add one tag (same rules as on submission) to every idea that lacks it, or to none."""
    names = clean_tags([tag])
    if len(names) != 1:
        raise ValidationError({"tag": _("Enter the tag to add.")})
    name = names[0]
    with transaction.atomic():
        locked = _lock_brand_ideas(actor=actor, brand=brand, ideas=ideas)
        current = {
            idea.pk: [t.name for t in idea.tags.all()]
            for idea in Idea.objects.filter(pk__in=[i.pk for i in locked]).prefetch_related("tags")
        }
        full = [
            idea
            for idea in locked
            if name not in current[idea.pk] and len(current[idea.pk]) >= MAX_TAGS
        ]
        if full:
            raise ValidationError(
                {
                    "tag": _("Nothing was changed: %(ideas)s already have %(n)d tags.")
                    % {"ideas": _titles(full), "n": MAX_TAGS}
                }
            )
        tagged = [idea for idea in locked if name not in current[idea.pk]]
        for idea in tagged:
            idea.tags.add(name)
        mark_dirty("idea", [idea.pk for idea in tagged])
    return locked
