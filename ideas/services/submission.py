"""Submitting ideas: text, tags and images, all or nothing."""

from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from cocreate.tasks import enqueue_on_commit
from ideas import rules as idea_rules
from ideas import tasks as idea_tasks
from ideas.images import MAX_IMAGES_PER_IDEA, process_upload
from ideas.markdown import render_markdown
from ideas.models import Idea, IdeaImage, Moderation, Vote
from ideas.ranking import hot_score
from notifications.models import FollowReason
from notifications.services import follow_automatically
from search.indexing import mark_dirty
from webhooks import outbox as webhooks_outbox

MAX_TAGS = 8
MAX_TAG_LENGTH = 40


def clean_tags(tags: Iterable[str]) -> list[str]:
    cleaned: list[str] = []
    for raw in tags:
        tag = " ".join(str(raw).split()).lower()
        if tag and tag not in cleaned:
            if len(tag) > MAX_TAG_LENGTH:
                raise ValidationError(
                    {"tags": _("Tags are at most %(n)d characters long.") % {"n": MAX_TAG_LENGTH}}
                )
            cleaned.append(tag)
    if len(cleaned) > MAX_TAGS:
        raise ValidationError({"tags": _("Use at most %(n)d tags.") % {"n": MAX_TAGS}})
    return cleaned


def _validate_text(title: str, body: str) -> tuple[str, str]:
    title, body = (title or "").strip(), (body or "").strip()
    errors = {}
    if not 5 <= len(title) <= 150:
        errors["title"] = _("The title needs between 5 and 150 characters.")
    if not 10 <= len(body) <= 10_000:
        errors["body"] = _("The description needs between 10 and 10,000 characters.")
    if errors:
        raise ValidationError(errors)
    return title, body


def submit_idea(
    *,
    author,
    challenge,
    title: str,
    body: str,
    tags: Iterable[str] = (),
    images: Sequence = (),
) -> Idea:
    """Create an idea with its tags, images and its author's own vote, or nothing at all.

    On a pre-moderated brand the idea waits, not public, until a moderator approves it.

    Every image is validated and re-encoded before the first write; if anything fails
    afterwards, files already written to storage are removed again. Thumbnails are made by
    a task queued once the idea is committed; pages show a placeholder until then.
    """
    idea_rules.SUBMIT_IDEA.enforce(author, challenge)
    title, body = _validate_text(title, body)
    tag_names = clean_tags(tags)
    if len(images) > MAX_IMAGES_PER_IDEA:
        raise ValidationError(
            {"images": _("Attach at most %(n)d images.") % {"n": MAX_IMAGES_PER_IDEA}}
        )
    try:
        processed = [process_upload(upload) for upload in images]
    except ValidationError as error:
        raise ValidationError({"images": error.messages}) from None
    pending = challenge.brand.moderation_mode == "pre"
    stored: list[IdeaImage] = []
    try:
        with transaction.atomic():
            now = timezone.now()
            idea = Idea.objects.create(
                challenge=challenge,
                brand_id=challenge.brand_id,
                author=author,
                title=title,
                slug=slugify(title)[:80] or "idea",
                body=body,
                body_html=render_markdown(body),
                created_at=now,
                vote_count=1,
                hot_score=hot_score(1, now),
                moderation=Moderation.PENDING if pending else Moderation.APPROVED,
                is_public=not pending,
            )
            Vote.objects.create(user=author, idea=idea, challenge=challenge)
            follow_automatically(user_ids=[author.pk], idea=idea, reason=FollowReason.AUTHOR)
            if tag_names:
                idea.tags.set(tag_names)
            for position, content in enumerate(processed):
                stored.append(IdeaImage(idea=idea, position=position))
                stored[-1].image.save(content.name, content)
            if stored:
                enqueue_on_commit(idea_tasks.make_thumbnails, [image.pk for image in stored])
            mark_dirty("idea", [idea.pk])
            webhooks_outbox.idea_created(idea=idea)
    except BaseException:
        for image in stored:
            image.image.delete(save=False)
        raise
    return idea
