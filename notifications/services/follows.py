"""Who follows which idea. Ideas' services call ``follow_automatically`` as people take part."""

from collections.abc import Iterable

from notifications.models import Follow, FollowReason


def follow_automatically(*, user_ids: Iterable[int], idea, reason: str) -> None:
    """Make these people follow ``idea`` unless they already have a row (even an unfollow).

    One INSERT … ON CONFLICT DO NOTHING, safe inside the caller's transaction.
    """
    Follow.objects.bulk_create(
        [Follow(user_id=user_id, idea_id=idea.pk, reason=reason) for user_id in set(user_ids)],
        ignore_conflicts=True,
    )


def follow_idea(*, user, idea) -> Follow:
    """An explicit follow (the Follow button); it also undoes an earlier unfollow."""
    follow, created = Follow.objects.get_or_create(
        user=user, idea=idea, defaults={"reason": FollowReason.CHOSEN}
    )
    if not created and not follow.is_active:
        follow.is_active = True
        follow.save(update_fields=["is_active", "updated_at"])
    return follow


def unfollow_idea(*, user, idea) -> None:
    """Stop hearing about ``idea``; remembered, so later participation does not re-follow."""
    Follow.objects.update_or_create(
        user=user,
        idea=idea,
        defaults={"is_active": False},
        create_defaults={"is_active": False, "reason": FollowReason.CHOSEN},
    )
