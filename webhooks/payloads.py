"""What a webhook says about ideas and comments: public names, absolute URLs, no emails.

Built once per event, at the time of the event, from what the brand's staff can see: all of
the brand's ideas and comments, including those waiting for moderation. Content hidden by a
moderator later is not recalled from receivers (a message already sent stays sent).
"""

from django.conf import settings
from django.utils import timezone


def absolute(path: str) -> str:
    if path.startswith(("http://", "https://")):
        return path
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def envelope(event_type: str, data: dict) -> dict:
    return {"type": event_type, "timestamp": timezone.now().isoformat(), "data": data}


def _name(user) -> str | None:
    return user.public_name if user is not None else None


def idea_data(idea) -> dict:
    challenge, brand = idea.challenge, idea.brand
    return {
        "id": idea.pk,
        "url": absolute(idea.get_absolute_url()),
        "title": idea.title,
        "status": idea.status,
        "vote_count": idea.vote_count,
        "comment_count": idea.comment_count,
        "tags": sorted(idea.tags.names()),
        "author": _name(idea.author),
        "challenge": {
            "id": challenge.pk,
            "title": challenge.title,
            "url": absolute(challenge.get_url() or ""),
        },
        "brand": {"slug": brand.slug, "name": brand.name},
        "created_at": idea.created_at.isoformat(),
    }


def status_change_data(change, idea) -> dict:
    return {
        "idea": idea_data(idea),
        "from": change.from_status,
        "to": change.to_status,
        "note": change.note,
        "actor": _name(change.changed_by),
    }


def threshold_data(idea) -> dict:
    return {"idea": idea_data(idea), "threshold": idea.challenge.supporter_threshold}


def merge_data(source, target, actor) -> dict:
    return {"source": idea_data(source), "target": idea_data(target), "actor": _name(actor)}


def comment_data(comment, idea) -> dict:
    return {
        "comment": {
            "id": comment.pk,
            "body": comment.body,
            "author": _name(comment.author),
            "is_official": comment.is_official,
            "parent_id": comment.parent_id,
            "url": absolute(f"{idea.get_absolute_url()}#comment-{comment.pk}"),
            "created_at": comment.created_at.isoformat(),
        },
        "idea": idea_data(idea),
    }
