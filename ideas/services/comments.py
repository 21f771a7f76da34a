"""Comments and replies (one level deep); staff comments are official responses."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from brands.predicates import has_brand_role
from ideas import rules as idea_rules
from ideas.markdown import render_markdown
from ideas.models import Comment, Idea
from notifications.models import FollowReason
from notifications.services import follow_automatically
from notifications.services.events import record_official_response
from webhooks import outbox as webhooks_outbox


def add_comment(*, idea: Idea, author, body: str, parent: Comment | None = None) -> Comment:
    """Post a comment or a reply. Replies to a reply join the same top-level thread."""
    idea_rules.COMMENT_IDEA.enforce(author, idea)
    body = (body or "").strip()
    if not 2 <= len(body) <= 5_000:
        raise ValidationError({"body": _("A comment needs between 2 and 5,000 characters.")})
    if parent is not None:
        if parent.idea_id != idea.pk:
            raise ValidationError(_("You can only reply to a comment on the same idea."))
        if parent.parent_id is not None:
            parent = parent.parent
    with transaction.atomic():
        comment = Comment.objects.create(
            idea=idea,
            author=author,
            parent=parent,
            body=body,
            body_html=render_markdown(body),
            is_official=has_brand_role(author, idea.brand_id),
        )
        follow_automatically(user_ids=[author.pk], idea=idea, reason=FollowReason.COMMENTER)
        Idea.objects.filter(pk=idea.pk).update(comment_count=F("comment_count") + 1)
        if comment.is_official:
            Idea.objects.filter(pk=idea.pk, first_response_at__isnull=True).update(
                first_response_at=comment.created_at
            )
            record_official_response(comment=comment)
        webhooks_outbox.comment_created(comment=comment)
    return comment
