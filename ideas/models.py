from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from ideas.roadmap import Status


class IdeaQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Ideas ``user`` may see: public ideas of published challenges."""
        return self.filter(is_public=True, challenge__live=True)


class IdeaTag(TaggedItemBase):
    content_object = models.ForeignKey(
        "ideas.Idea", on_delete=models.CASCADE, related_name="tagged_items"
    )


class Idea(models.Model):
    """An idea submitted by a customer to a challenge. Written only by ``ideas.services``."""

    challenge = models.ForeignKey(
        "challenges.ChallengePage",
        verbose_name=_("challenge"),
        on_delete=models.PROTECT,
        related_name="ideas",
    )
    brand = models.ForeignKey(
        "brands.Brand", verbose_name=_("brand"), on_delete=models.PROTECT, related_name="ideas"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="ideas",
    )
    title = models.CharField(_("title"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=80, allow_unicode=False)
    body = models.TextField(_("description (Markdown)"))
    body_html = models.TextField(_("description (sanitised HTML)"), editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    vote_count = models.PositiveIntegerField(_("votes"), default=0)
    comment_count = models.PositiveIntegerField(_("comments"), default=0)
    hot_score = models.FloatField(_("trending score"), default=0.0)
    is_public = models.BooleanField(_("public"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    tags = TaggableManager(through=IdeaTag, blank=True, verbose_name=_("tags"))

    objects = IdeaQuerySet.as_manager()

    class Meta:
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        indexes = [
            models.Index(
                fields=["challenge", "is_public", "-hot_score", "-id"], name="idea_challenge_hot"
            ),
            models.Index(
                fields=["challenge", "is_public", "-vote_count", "-id"], name="idea_challenge_top"
            ),
            models.Index(
                fields=["challenge", "is_public", "-created_at", "-id"], name="idea_challenge_new"
            ),
            models.Index(
                fields=["challenge", "status", "is_public", "-hot_score"],
                name="idea_challenge_status",
            ),
            models.Index(fields=["is_public", "-hot_score"], name="idea_hot"),
            models.Index(fields=["author", "-created_at"], name="idea_author"),
            models.Index(fields=["brand", "status"], name="idea_brand_status"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.title)[:80] or "idea"
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("ideas:detail", kwargs={"pk": self.pk, "slug": self.slug})


def idea_image_path(instance: "IdeaImage", filename: str) -> str:
    return f"ideas/{instance.idea_id}/{filename}"


class IdeaImage(models.Model):
    """An uploaded image, re-encoded without metadata (see ``ideas.images``)."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(upload_to=idea_image_path, width_field="width", height_field="height")
    thumbnail = models.ImageField(upload_to=idea_image_path, blank=True)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    position = models.PositiveSmallIntegerField(default=0)
    alt_text = models.CharField(_("description of the image"), max_length=200, blank=True)

    class Meta:
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["idea", "position"], name="ideaimage_idea")]

    def __str__(self) -> str:
        return self.image.name


class Vote(models.Model):
    """One person's support for one idea. ``challenge`` is copied for the vote budget."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="votes"
    )
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="votes")
    challenge = models.ForeignKey(
        "challenges.ChallengePage", on_delete=models.CASCADE, related_name="votes"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [models.UniqueConstraint(fields=["user", "idea"], name="one_vote_per_idea")]
        indexes = [
            models.Index(fields=["user", "challenge"], name="vote_user_challenge"),
            models.Index(fields=["idea"], name="vote_idea"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.idea_id}"


class Comment(models.Model):
    """A comment on an idea; replies are one level deep (``parent`` is always top-level)."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="comments"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    body = models.TextField(_("comment (Markdown)"))
    body_html = models.TextField(editable=False)
    is_official = models.BooleanField(_("official response"), default=False)
    is_public = models.BooleanField(_("public"), default=True)
    created_at = models.DateTimeField(_("posted"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [
            models.Index(fields=["idea", "parent", "created_at"], name="comment_idea_thread"),
        ]

    def __str__(self) -> str:
        return f"{self.author_id} on {self.idea_id}: {self.body[:40]}"


class StatusChange(models.Model):
    """One move of an idea along the pipeline, shown publicly on its timeline."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("from"), max_length=20, choices=Status.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=Status.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("public note"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        indexes = [models.Index(fields=["idea", "created_at"], name="statuschange_idea")]

    def __str__(self) -> str:
        return f"{self.idea_id}: {self.from_status} → {self.to_status}"
