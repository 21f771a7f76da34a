"""Every write to ideas, votes, comments and statuses. Views, admin, API and commands call these."""

from collections.abc import Iterable, Sequence

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from brands.predicates import has_brand_role
from ideas import rules as idea_rules
from ideas.images import MAX_IMAGES_PER_IDEA, ProcessedImage, process_upload
from ideas.markdown import render_markdown
from ideas.models import Comment, Idea, IdeaImage, StatusChange, Vote
from ideas.ranking import hot_score, hot_score_after
from ideas.roadmap import NOTE_REQUIRED, Status, can_move

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

    Every image is validated and re-encoded before the first write; if anything fails
    afterwards, files already written to storage are removed again.
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
            )
            Vote.objects.create(user=author, idea=idea, challenge=challenge)
            if tag_names:
                idea.tags.set(tag_names)
            for position, image in enumerate(processed):
                stored.append(IdeaImage(idea=idea, position=position))
                _store_image(stored[-1], image)
    except BaseException:
        for image in stored:
            image.image.delete(save=False)
            image.thumbnail.delete(save=False)
        raise
    return idea


def _store_image(image: IdeaImage, processed: ProcessedImage) -> None:
    """Write both files, then the row; ``image`` is tracked by the caller before any write."""
    image.image.save(processed.image.name, processed.image, save=False)
    image.thumbnail.save(processed.thumbnail.name, processed.thumbnail, save=False)
    image.save()


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
    with transaction.atomic():
        if idea.challenge.vote_budget is not None and idea.author_id != user.pk:
            get_user_model().objects.select_for_update().filter(pk=user.pk).first()
            _enforce_vote_budget(user=user, idea=idea)
        try:
            with transaction.atomic():
                Vote.objects.create(user=user, idea=idea, challenge_id=idea.challenge_id)
        except IntegrityError:
            return False
        _move_vote_count(idea, +1)
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


def _move_vote_count(idea: Idea, delta: int) -> None:
    Idea.objects.filter(pk=idea.pk).update(
        vote_count=F("vote_count") + delta,
        hot_score=hot_score_after(delta, idea.created_at),
    )
    idea.refresh_from_db(fields=["vote_count", "hot_score"])


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
        Idea.objects.filter(pk=idea.pk).update(comment_count=F("comment_count") + 1)
    return comment


def change_status(*, idea: Idea, actor, to_status: str, note: str = "") -> StatusChange:
    """Move ``idea`` along the pipeline, writing the public ``StatusChange`` row."""
    idea_rules.CHANGE_STATUS.enforce(actor, idea)
    note = (note or "").strip()
    if to_status not in Status.values:
        raise ValidationError({"to_status": _("Unknown status.")})
    if to_status in NOTE_REQUIRED and not note:
        raise ValidationError(
            {"note": _("Explain publicly why the idea is declined: customers will read it.")}
        )
    with transaction.atomic():
        locked = Idea.objects.select_for_update().get(pk=idea.pk)
        if not can_move(locked.status, to_status):
            raise ValidationError(
                {
                    "to_status": _("An idea cannot move from “%(from)s” to “%(to)s”.")
                    % {"from": locked.get_status_display(), "to": Status(to_status).label}
                }
            )
        change = StatusChange.objects.create(
            idea=locked, from_status=locked.status, to_status=to_status, changed_by=actor, note=note
        )
        locked.status = to_status
        locked.save(update_fields=["status", "updated_at"])
    idea.status = to_status
    return change
