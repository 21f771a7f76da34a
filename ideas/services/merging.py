"""Merging duplicate ideas, and undoing a merge exactly.

A merge moves the source's supporters to the target (someone who supported both counts
once), marks the source "duplicate" and remembers every vote in ``MergedVote`` rows, so
``unmerge`` can put back exactly the votes the source had.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ideas import rules as idea_rules
from ideas.models import Idea, Merge, MergedVote, Vote
from ideas.ranking import hot_score
from ideas.roadmap import Status
from ideas.services.triage import record_status_change, start_review_at_threshold
from notifications.models import FollowReason
from notifications.services import follow_automatically
from notifications.services.events import record_merged
from webhooks import outbox as webhooks_outbox


def _lock_both(first: Idea, second: Idea) -> tuple[Idea, Idea]:
    """Lock both rows in id order (so two opposite merges cannot deadlock)."""
    locked = {
        idea.pk: idea
        for idea in Idea.objects.select_for_update()
        .select_related("challenge", "brand")
        .filter(pk__in=sorted({first.pk, second.pk}))
        .order_by("pk")
    }
    return locked[first.pk], locked[second.pk]


def _final_target(idea: Idea) -> Idea:
    """The idea at the end of ``idea``'s merge chain."""
    seen = {idea.pk}
    while idea.merged_into_id is not None and idea.merged_into_id not in seen:
        seen.add(idea.merged_into_id)
        idea = Idea.objects.get(pk=idea.merged_into_id)
    return idea


def _refuse_merge(source: Idea, target: Idea) -> None:
    if source.pk == target.pk:
        raise ValidationError({"into": _("An idea cannot be merged into itself.")})
    if source.brand_id != target.brand_id:
        raise ValidationError({"into": _("Ideas can only be merged within the same brand.")})
    if source.merged_into_id is not None:
        message = _("This idea is already merged into #%(id)d.") % {"id": source.merged_into_id}
        raise ValidationError({"into": ValidationError(message, code="already_merged")})
    if target.merged_into_id is not None:
        final = _final_target(target)
        message = _("Idea #%(target)d is itself merged into #%(final)d: merge into #%(final)d.") % {
            "target": target.pk,
            "final": final.pk,
        }
        raise ValidationError({"into": ValidationError(message, code="target_merged")})


def _recount(idea: Idea) -> None:
    """Set ``vote_count`` and ``hot_score`` exactly from the vote rows (row locked)."""
    idea.vote_count = Vote.objects.filter(idea=idea).count()
    idea.hot_score = hot_score(idea.vote_count, idea.created_at)
    idea.save(update_fields=["vote_count", "hot_score", "updated_at"])


def merge_ideas(*, actor, source: Idea, target: Idea) -> Merge:
    """Mark ``source`` as a duplicate of ``target`` and move its supporters there.

    Refused, with nothing changed, for a merge into itself, across brands, into an idea
    that is merged itself, or of an idea already merged. The source becomes "duplicate"
    whatever its status (the move bypasses ``ALLOWED_TRANSITIONS`` on purpose: it is a
    merge, not a pipeline step) and its former status is kept for ``unmerge``. Moved votes
    do not use up the voters' vote budget. The target may reach its supporter threshold.
    """
    idea_rules.TRIAGE_IDEAS.enforce(actor, source)
    _refuse_merge(source, target)
    idea_rules.TRIAGE_IDEAS.enforce(actor, target)
    with transaction.atomic():
        source, target = _lock_both(source, target)
        _refuse_merge(source, target)
        merge = Merge.objects.create(
            source=source, target=target, merged_by=actor, source_status=source.status
        )
        source_votes = list(Vote.objects.filter(idea=source).order_by("created_at", "pk"))
        on_target = set(
            Vote.objects.filter(
                idea=target, user_id__in=[vote.user_id for vote in source_votes]
            ).values_list("user_id", flat=True)
        )
        MergedVote.objects.bulk_create(
            MergedVote(
                merge=merge,
                user_id=vote.user_id,
                voted_at=vote.created_at,
                moved=vote.user_id not in on_target,
            )
            for vote in source_votes
        )
        Vote.objects.filter(idea=source).delete()
        Vote.objects.bulk_create(
            Vote(user_id=vote.user_id, idea=target, challenge_id=target.challenge_id)
            for vote in source_votes
            if vote.user_id not in on_target
        )
        before = target.vote_count
        _recount(source)
        _recount(target)
        source.merged_into = target
        source.save(update_fields=["merged_into"])
        record_status_change(
            idea=source,
            to_status=Status.DUPLICATE,
            actor=actor,
            note=_("Merged into #%(id)d %(title)s") % {"id": target.pk, "title": target.title},
            announce=False,
        )
        start_review_at_threshold(idea=target, before=before, after=target.vote_count)
        follow_automatically(
            user_ids=[source.author_id], idea=target, reason=FollowReason.CO_CONTRIBUTOR
        )
        follow_automatically(
            user_ids=[vote.user_id for vote in source_votes], idea=target, reason=FollowReason.VOTER
        )
        record_merged(source=source, target=target, actor=actor)
        webhooks_outbox.idea_merged(source=source, target=target, actor=actor)
    return merge


def unmerge(*, actor, merge: Merge) -> Merge:
    """Undo ``merge``: the source gets back its status and exactly the votes it had.

    Votes created on the target by the merge are removed if they still exist; votes cast
    on the target since then stay. Refused while the target is itself merged (undo that
    merge first), so moved votes are always found where the merge put them.
    """
    source, target = merge.source, merge.target
    idea_rules.TRIAGE_IDEAS.enforce(actor, source)
    idea_rules.TRIAGE_IDEAS.enforce(actor, target)
    with transaction.atomic():
        source, target = _lock_both(source, target)
        merge = Merge.objects.select_for_update().get(pk=merge.pk)
        if merge.undone_at is not None:
            raise ValidationError(_("This merge has already been undone."))
        if target.merged_into_id is not None:
            raise ValidationError(
                _("Idea #%(id)d has been merged since: undo that merge first.") % {"id": target.pk}
            )
        merged_votes = list(merge.votes.all())
        moved = [vote.user_id for vote in merged_votes if vote.moved]
        Vote.objects.filter(idea=target, user_id__in=moved).delete()
        already = set(Vote.objects.filter(idea=source).values_list("user_id", flat=True))
        restored = Vote.objects.bulk_create(
            Vote(user_id=vote.user_id, idea=source, challenge_id=source.challenge_id)
            for vote in merged_votes
            if vote.user_id not in already
        )
        voted_at = {vote.user_id: vote.voted_at for vote in merged_votes}
        for vote in restored:
            vote.created_at = voted_at[vote.user_id]
        Vote.objects.bulk_update(restored, ["created_at"])
        _recount(source)
        _recount(target)
        source.merged_into = None
        source.save(update_fields=["merged_into"])
        record_status_change(
            idea=source, to_status=merge.source_status, actor=actor, note=_("Merge undone")
        )
        merge.undone_at = timezone.now()
        merge.undone_by = actor
        merge.save(update_fields=["undone_at", "undone_by"])
    return merge
