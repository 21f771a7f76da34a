"""Moderation: members report content, a brand's moderators approve, hide and restore it.

Nothing is ever deleted: hidden content keeps its row and the moderator's reason, so its
author can read why and a moderator can restore it. Every moderator action locks the row
it changes, so two moderators acting at once cannot both apply (or double-count) a change.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ideas import rules as idea_rules
from ideas.models import Comment, Flag, Idea, Moderation
from ideas.roadmap_cache import invalidate_roadmap_on_commit
from search.indexing import mark_dirty

MIN_FLAG_REASON = 5
MAX_REASON = 1000


def _flag_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not MIN_FLAG_REASON <= len(reason) <= MAX_REASON:
        raise ValidationError(
            {
                "reason": _("Tell the moderators what is wrong in %(min)d to %(max)d characters.")
                % {"min": MIN_FLAG_REASON, "max": MAX_REASON}
            }
        )
    return reason


def _moderator_reason(reason: str, *, required: bool) -> str:
    reason = (reason or "").strip()
    if required and not reason:
        raise ValidationError({"reason": _("Give a reason: the author will read it.")})
    if len(reason) > MAX_REASON:
        raise ValidationError(
            {"reason": _("A reason is at most %(max)d characters long.") % {"max": MAX_REASON}}
        )
    return reason


def _create_flag(**fields) -> Flag:
    """Create an open flag; a second open flag by the same person is refused, not duplicated."""
    already = _("You have already reported this. The moderators will look at it.")
    target = {key: fields[key] for key in ("idea", "comment") if key in fields}
    if Flag.objects.filter(reporter=fields["reporter"], resolved_at=None, **target).exists():
        raise ValidationError(already, code="already_flagged")
    try:
        with transaction.atomic():
            return Flag.objects.create(**fields)
    except IntegrityError:
        raise ValidationError(already, code="already_flagged") from None


def flag_idea(*, reporter, idea: Idea, reason: str) -> Flag:
    idea_rules.FLAG_CONTENT.enforce(reporter, idea)
    reason = _flag_reason(reason)
    return _create_flag(reporter=reporter, brand_id=idea.brand_id, idea=idea, reason=reason)


def flag_comment(*, reporter, comment: Comment, reason: str) -> Flag:
    idea_rules.FLAG_CONTENT.enforce(reporter, comment)
    reason = _flag_reason(reason)
    return _create_flag(
        reporter=reporter, brand_id=comment.idea.brand_id, comment=comment, reason=reason
    )


def _resolve_open_flags(*, moderator, idea: Idea | None = None, comment: Comment | None = None):
    target = Q(idea=idea) if idea is not None else Q(comment=comment)
    Flag.objects.filter(target, resolved_at=None).update(
        resolved_at=timezone.now(), resolved_by=moderator
    )


def _set_idea_moderation(idea: Idea, locked: Idea, *, moderation: str, note: str) -> None:
    locked.moderation = moderation
    locked.is_public = moderation == Moderation.APPROVED
    locked.moderation_note = note
    locked.save(update_fields=["moderation", "is_public", "moderation_note", "updated_at"])
    invalidate_roadmap_on_commit(locked.brand_id)
    mark_dirty("idea", [locked.pk])
    idea.moderation, idea.is_public, idea.moderation_note = (
        locked.moderation,
        locked.is_public,
        locked.moderation_note,
    )


def approve_idea(*, moderator, idea: Idea) -> Idea:
    """Publish an idea that waits for approval (pre-moderated brands)."""
    idea_rules.MODERATE.enforce(moderator, idea)
    with transaction.atomic():
        locked = Idea.objects.select_for_update().get(pk=idea.pk)
        if locked.moderation != Moderation.PENDING:
            raise ValidationError(_("This idea is not waiting for approval."), code="not_pending")
        _set_idea_moderation(idea, locked, moderation=Moderation.APPROVED, note="")
    return idea


def hide_idea(*, moderator, idea: Idea, reason: str) -> Idea:
    """Hide an idea from everyone but its author and the brand's staff; resolves its reports."""
    idea_rules.MODERATE.enforce(moderator, idea)
    reason = _moderator_reason(reason, required=True)
    with transaction.atomic():
        locked = Idea.objects.select_for_update().get(pk=idea.pk)
        if locked.moderation == Moderation.HIDDEN:
            raise ValidationError(_("This idea is already hidden."), code="already_hidden")
        _set_idea_moderation(idea, locked, moderation=Moderation.HIDDEN, note=reason)
        _resolve_open_flags(moderator=moderator, idea=locked)
    return idea


def restore_idea(*, moderator, idea: Idea, reason: str = "") -> Idea:
    """Make a hidden idea public again; ``reason`` is kept as the moderator's note."""
    idea_rules.MODERATE.enforce(moderator, idea)
    reason = _moderator_reason(reason, required=False)
    with transaction.atomic():
        locked = Idea.objects.select_for_update().get(pk=idea.pk)
        if locked.moderation != Moderation.HIDDEN:
            raise ValidationError(_("This idea is not hidden."), code="not_hidden")
        _set_idea_moderation(idea, locked, moderation=Moderation.APPROVED, note=reason)
    return idea


def _set_comment_visibility(comment: Comment, *, public: bool, note: str) -> None:
    locked = Comment.objects.select_for_update().get(pk=comment.pk)
    if locked.is_public == public:
        message = (
            _("This comment is not hidden.") if public else _("This comment is already hidden.")
        )
        raise ValidationError(message, code="unchanged")
    Comment.objects.filter(pk=locked.pk).update(is_public=public, moderation_note=note)
    Idea.objects.filter(pk=locked.idea_id).update(
        comment_count=F("comment_count") + (1 if public else -1)
    )
    comment.is_public, comment.moderation_note = public, note


def hide_comment(*, moderator, comment: Comment, reason: str) -> Comment:
    """Hide a comment from everyone but its author; the idea's comment count drops by one."""
    idea_rules.MODERATE.enforce(moderator, comment)
    reason = _moderator_reason(reason, required=True)
    with transaction.atomic():
        _set_comment_visibility(comment, public=False, note=reason)
        _resolve_open_flags(moderator=moderator, comment=comment)
    return comment


def restore_comment(*, moderator, comment: Comment, reason: str = "") -> Comment:
    idea_rules.MODERATE.enforce(moderator, comment)
    reason = _moderator_reason(reason, required=False)
    with transaction.atomic():
        _set_comment_visibility(comment, public=True, note=reason)
    return comment


def dismiss_flag(*, moderator, flag: Flag) -> int:
    """Keep the content as it is and close every open report on it; returns how many.

    Moderators judge the content, not each report: one decision answers all of them.
    """
    idea_rules.MODERATE.enforce(moderator, flag)
    with transaction.atomic():
        locked = Flag.objects.select_for_update().get(pk=flag.pk)
        if locked.resolved_at is not None:
            raise ValidationError(_("This report was already handled."), code="resolved")
        target = Q(idea_id=locked.idea_id) if locked.idea_id else Q(comment_id=locked.comment_id)
        now = timezone.now()
        closed = Flag.objects.filter(target, resolved_at=None).update(
            resolved_at=now, resolved_by=moderator
        )
    flag.resolved_at, flag.resolved_by = now, moderator
    return closed
