"""Notifications' write side: follows, the outbox, fan-out, email delivery and digests."""

from notifications.services.follows import follow_automatically, follow_idea, unfollow_idea

__all__ = ["follow_automatically", "follow_idea", "unfollow_idea"]
