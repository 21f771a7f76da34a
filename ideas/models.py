from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from ideas.roadmap import Status


class Moderation(models.TextChoices):
    APPROVED = "approved", _("Visible")
    PENDING = "pending", _("Waiting for approval")
    HIDDEN = "hidden", _("Hidden by a moderator")


class IdeaQuerySet(models.QuerySet):
    def public(self):
        """Ideas everyone sees in lists, search and counts."""
        return self.filter(is_public=True, challenge__live=True)

    def visible_to(self, user):
        """Ideas ``user`` may open: public ones, plus their own and (staff) their brand's."""
        from brands.predicates import brand_roles

        if user is None or not user.is_authenticated:
            return self.public()
        if user.is_superuser:
            return self.filter(challenge__live=True)
        return self.filter(
            models.Q(is_public=True)
            | models.Q(author=user)
            | models.Q(brand_id__in=list(brand_roles(user))),
            challenge__live=True,
        )


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
    is_public = models.BooleanField(
        _("public"), default=True, help_text=_("True exactly when moderation is “approved”.")
    )
    moderation = models.CharField(
        _("moderation"), max_length=10, choices=Moderation.choices, default=Moderation.APPROVED
    )
    moderation_note = models.TextField(_("moderator's reason"), blank=True)
    staff_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_ideas",
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_ideas",
    )
    status_changed_at = models.DateTimeField(_("in this status since"), default=timezone.now)
    response_due_at = models.DateTimeField(_("response due"), null=True, blank=True)
    first_response_at = models.DateTimeField(_("first staff response"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    tags = TaggableManager(through=IdeaTag, blank=True, verbose_name=_("tags"))
    # PostgreSQL full-text document (title > tags > body), written only by the search
    # backend; NULL when not indexed. Its GIN indexes are created by a PostgreSQL-only
    # migration (``ideas/migrations/0003``); on SQLite it is an unused text column.
    search_vector = SearchVectorField(null=True, editable=False)

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
            models.Index(
                fields=["brand", "is_public", "status", "-status_changed_at"],
                name="idea_brand_roadmap",
            ),
            models.Index(fields=["brand", "moderation", "created_at"], name="idea_brand_queue"),
            models.Index(fields=["brand", "first_response_at"], name="idea_brand_response"),
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
    moderation_note = models.TextField(_("moderator's reason"), blank=True)
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


class Flag(models.Model):
    """A report by a logged-in user about an idea or a comment, for the brand's moderators."""

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="flags"
    )
    brand = models.ForeignKey("brands.Brand", on_delete=models.CASCADE, related_name="flags")
    idea = models.ForeignKey(
        Idea, null=True, blank=True, on_delete=models.CASCADE, related_name="flags"
    )
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="flags"
    )
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(idea__isnull=False, comment__isnull=True)
                | models.Q(idea__isnull=True, comment__isnull=False),
                name="flag_one_target",
            ),
            models.UniqueConstraint(
                fields=["reporter", "idea"],
                condition=models.Q(resolved_at__isnull=True, idea__isnull=False),
                name="one_open_flag_per_idea",
            ),
            models.UniqueConstraint(
                fields=["reporter", "comment"],
                condition=models.Q(resolved_at__isnull=True, comment__isnull=False),
                name="one_open_flag_per_comment",
            ),
        ]
        indexes = [models.Index(fields=["brand", "resolved_at", "created_at"], name="flag_queue")]

    def __str__(self) -> str:
        return f"flag by {self.reporter_id}: {self.reason[:40]}"


class Merge(models.Model):
    """Idea ``source`` marked as a duplicate of ``target``; undone by setting ``undone_at``."""

    source = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="merges_out")
    target = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="merges_in")
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    source_status = models.CharField(max_length=20, choices=Status.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("merge")
        verbose_name_plural = _("merges")
        indexes = [models.Index(fields=["target", "created_at"], name="merge_target")]

    def __str__(self) -> str:
        return f"{self.source_id} → {self.target_id}"


class MergedVote(models.Model):
    """A vote the source idea had when it was merged, so the merge can be undone exactly.

    ``moved`` is True when the voter had not supported the target: a vote was then created
    on the target for them, and undoing the merge removes it again.
    """

    merge = models.ForeignKey(Merge, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    voted_at = models.DateTimeField()
    moved = models.BooleanField()

    def __str__(self) -> str:
        return f"{self.user_id} in merge {self.merge_id}"


class BrandResponsiveness(models.Model):
    """Public responsiveness figures of a brand, recomputed by ``ideas.stats``."""

    brand = models.OneToOneField(
        "brands.Brand", on_delete=models.CASCADE, related_name="responsiveness"
    )
    median_response_hours = models.FloatField(null=True)
    answered_within_7_days_pct = models.FloatField(null=True)
    shipped_count = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"responsiveness of {self.brand_id}"
