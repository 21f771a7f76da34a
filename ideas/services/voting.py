"""Votes: one per person and idea, counters moved in the same UPDATE."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from ideas import rules as idea_rules
from ideas.models import Idea, Vote
from ideas.ranking import hot_score_after_sql
from ideas.services.triage import start_review_at_threshold
from notifications.models import FollowReason
from notifications.services import follow_automatically


def _enforce_vote_budget(*, user, idea: Idea) -> None:
    """Refuse a vote past the challenge's budget. Call inside the transaction, user row locked.

    The author's automatic support for their own ideas does not use up the budget, and a
    vote already given to ``idea`` is not counted, so repeating it stays a no-op.
    """
    budget = idea.challenge.vote_budget
    if budget is None:
        return
    used = (
        Vote.objects.filter(user=user, challenge_id=idea.challenge_id)
        .exclude(idea__author=user)
        .exclude(idea=idea)
        .count()
    )
    if used >= budget:
        raise ValidationError(
            ngettext(
                "You have used your %(budget)d vote in this challenge. "
                "Take it back from another idea to support this one.",
                "You have used all %(budget)d of your votes in this challenge. "
                "Take one back from another idea to support this one.",
                budget,
            )
            % {"budget": budget},
            code="vote_budget_exhausted",
        )


def cast_vote(*, user, idea: Idea) -> bool:
    """Support ``idea``. Returns False when the user had already voted (nothing changes)."""
    idea_rules.VOTE_IDEA.enforce(user, idea)
    if idea.merged_into_id is not None:
        raise ValidationError(
            gettext("This idea was merged into another one: support that one instead."),
            code="merged",
        )
    with transaction.atomic():
        if idea.challenge.vote_budget is not None and idea.author_id != user.pk:
            get_user_model().objects.select_for_update().filter(pk=user.pk).first()
            _enforce_vote_budget(user=user, idea=idea)
        if not _insert_vote(user=user, idea=idea):
            return False
        _move_vote_count(idea, +1)
        follow_automatically(user_ids=[user.pk], idea=idea, reason=FollowReason.VOTER)
        start_review_at_threshold(idea=idea, before=idea.vote_count - 1, after=idea.vote_count)
    return True


def withdraw_vote(*, user, idea: Idea) -> bool:
    """Take back support. Returns False when there was no vote to take back."""
    idea_rules.VOTE_IDEA.enforce(user, idea)
    with transaction.atomic():
        deleted, _ = Vote.objects.filter(user=user, idea=idea).delete()
        if not deleted:
            return False
        _move_vote_count(idea, -1)
    return True


def _insert_vote(*, user, idea: Idea) -> bool:
    """Insert the vote unless the person already gave it; True when a row was inserted.

    One ``INSERT … ON CONFLICT DO NOTHING RETURNING`` (PostgreSQL, SQLite ≥ 3.35) instead
    of a savepoint around an INSERT that may fail: votes are the hottest write of the site,
    and the ORM's ``ignore_conflicts`` cannot tell whether the row was new.
    """
    table = connection.ops.quote_name(Vote._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (user_id, idea_id, challenge_id, created_at) "
            "VALUES (%s, %s, %s, %s) ON CONFLICT DO NOTHING RETURNING id",
            [user.pk, idea.pk, idea.challenge_id, _now()],
        )
        return cursor.fetchone() is not None


def _move_vote_count(idea: Idea, delta: int) -> None:
    """Move the counter and the trending score in one ``UPDATE … RETURNING``.

    The row lock it takes serialises concurrent votes on the idea until the commit; the
    values it returns are the ones this transaction wrote, which the threshold check needs.
    """
    score_sql, score_params = hot_score_after_sql(delta, idea.created_at)
    table = connection.ops.quote_name(Idea._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET vote_count = vote_count + %s, hot_score = {score_sql}, "
            "updated_at = %s WHERE id = %s RETURNING vote_count, hot_score",
            [delta, *score_params, _now(), idea.pk],
        )
        idea.vote_count, idea.hot_score = cursor.fetchone()


def _now():
    return connection.ops.adapt_datetimefield_value(timezone.now())
