"""Authors editing their own ideas: same validation as submitting, body re-rendered."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ideas import rules as idea_rules
from ideas.markdown import render_markdown
from ideas.models import Idea, Moderation
from ideas.services.submission import _validate_text, clean_tags
from search.indexing import mark_dirty


def _refuse_state(idea: Idea) -> None:
    if idea.merged_into_id is not None:
        raise ValidationError(
            _("This idea was merged into another one and can no longer be edited."),
            code="merged",
        )
    if idea.moderation == Moderation.HIDDEN:
        raise ValidationError(
            _("A moderator hid this idea: it can no longer be edited."), code="hidden"
        )


def edit_idea(
    *,
    idea: Idea,
    actor,
    title: str | None = None,
    body: str | None = None,
    tags: Iterable[str] | None = None,
) -> Idea:
    """Change the title, body and/or tags of ``idea`` (``None`` leaves a part as it is).

    Only its author, only while the challenge accepts ideas (``ideas.edit_idea``), and
    never once the idea is merged (code ``merged``) or hidden by a moderator (``hidden``:
    editing must not be a way round moderation). A pending idea stays pending. The title
    and body are validated as on submission; the slug follows the title (old links
    redirect). Returns ``idea`` updated in place.
    """
    idea_rules.EDIT_IDEA.enforce(actor, idea)
    _refuse_state(idea)
    new_title, new_body = _validate_text(
        idea.title if title is None else title, idea.body if body is None else body
    )
    tag_names = None if tags is None else clean_tags(tags)
    with transaction.atomic():
        locked = Idea.objects.select_for_update().get(pk=idea.pk)
        _refuse_state(locked)
        idea.title, idea.body = new_title, new_body
        idea.slug = slugify(new_title)[:80] or "idea"
        idea.body_html = render_markdown(new_body)
        idea.save(update_fields=["title", "slug", "body", "body_html", "updated_at"])
        if tag_names is not None:
            idea.tags.set(tag_names)
        mark_dirty("idea", [idea.pk])
    return idea
