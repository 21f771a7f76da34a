"""Brands, their roadmaps and challenges, as the API shows them (read-only).

``url`` is the resource in the API, ``web_url`` its page on the site, both absolute, as in
``api.serializers.ideas``. Objects come from ``api.views.brands`` with everything they
need already loaded (no query per row).
"""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers.ideas import BrandRef, ChallengeRef
from challenges.phases import Phase
from ideas.roadmap import Status


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField(
        child=serializers.JSONField(), help_text="Messages per invalid field."
    )


class ErrorSerializer(serializers.Serializer):
    """The one shape of every API error: ``{"error": {"code", "message", "fields"}}``."""

    error = ErrorDetailSerializer()


def absolute(request, path: str) -> str:
    return request.build_absolute_uri(path) if request is not None else path


def page_url(request, page) -> str:
    return absolute(request, page.get_url(request=request))


class ResponsivenessSerializer(serializers.Serializer):
    median_response_hours = serializers.FloatField(allow_null=True)
    answered_within_7_days_pct = serializers.FloatField(allow_null=True)
    shipped_count = serializers.IntegerField()
    computed_at = serializers.DateTimeField()


class BrandSerializer(BrandRef):
    """A brand with a live page; ``responsiveness`` is null until first computed."""

    web_url = serializers.SerializerMethodField(help_text="The brand's page on the site.")
    description = serializers.CharField()
    website = serializers.CharField(help_text="The brand's own website, or an empty string.")
    logo = serializers.SerializerMethodField()
    language = serializers.CharField()
    responsiveness = serializers.SerializerMethodField()

    @extend_schema_field(serializers.URLField())
    def get_web_url(self, brand) -> str:
        return page_url(self.context.get("request"), brand.page)

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_logo(self, brand) -> str | None:
        if brand.logo is None:
            return None
        return absolute(self.context.get("request"), brand.logo.file.url)

    @extend_schema_field(ResponsivenessSerializer(allow_null=True))
    def get_responsiveness(self, brand) -> dict | None:
        figures = getattr(brand, "responsiveness", None)
        return ResponsivenessSerializer(figures).data if figures is not None else None


class RoadmapIdeaSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.SerializerMethodField(help_text="This idea in the API.")
    web_url = serializers.SerializerMethodField(help_text="The idea's page on the site.")
    status = serializers.ChoiceField(choices=Status.choices)
    vote_count = serializers.IntegerField()
    comment_count = serializers.IntegerField()
    status_changed_at = serializers.DateTimeField()
    challenge = ChallengeRef()

    @extend_schema_field(serializers.URLField())
    def get_url(self, idea) -> str:
        path = reverse("api:idea-detail", kwargs={"pk": idea.pk})
        return absolute(self.context.get("request"), path)

    @extend_schema_field(serializers.URLField())
    def get_web_url(self, idea) -> str:
        return absolute(self.context.get("request"), idea.get_absolute_url())


class DeclinedIdeaSerializer(RoadmapIdeaSerializer):
    decline_reason = serializers.CharField(
        allow_null=True, help_text="The note of the idea's latest move to declined."
    )


class RoadmapColumnSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Status.choices)
    label = serializers.CharField()
    total = serializers.IntegerField(help_text="Every public idea in this column.")
    ideas = RoadmapIdeaSerializer(many=True, help_text="The latest moves, at most 30.")


class DeclinedColumnSerializer(RoadmapColumnSerializer):
    ideas = DeclinedIdeaSerializer(many=True, help_text="The latest moves, at most 30.")


class RoadmapSerializer(serializers.Serializer):
    brand = BrandRef()
    columns = RoadmapColumnSerializer(many=True)
    declined = DeclinedColumnSerializer()


class RoadmapQuerySerializer(serializers.Serializer):
    challenge = serializers.IntegerField(
        required=False, min_value=1, help_text="Only ideas of this challenge (its id)."
    )
    tag = serializers.SlugField(required=False, help_text="Only ideas with this tag (its slug).")


class ChallengeSerializer(ChallengeRef):
    web_url = serializers.SerializerMethodField(help_text="The challenge's page on the site.")
    brand = BrandRef()
    summary = serializers.CharField()
    phase = serializers.ChoiceField(choices=Phase.choices)
    opens_at = serializers.DateTimeField()
    closes_at = serializers.DateTimeField()
    vote_budget = serializers.IntegerField(
        allow_null=True, help_text="Ideas one person may support; null: no limit."
    )
    supporter_threshold = serializers.IntegerField(
        allow_null=True, help_text="Supporters that send an idea to review; null: none."
    )
    reward = serializers.CharField()
    tags = serializers.ListField(child=serializers.CharField(), source="tag_names")
    idea_count = serializers.IntegerField(source="idea_total", help_text="Public ideas.")

    @extend_schema_field(serializers.URLField())
    def get_web_url(self, challenge) -> str:
        return page_url(self.context.get("request"), challenge)


class ChallengeQuerySerializer(serializers.Serializer):
    brand = serializers.SlugField(required=False, help_text="Only this brand's challenges.")
    open = serializers.ChoiceField(
        choices=["true", "false"],
        required=False,
        help_text="true: only challenges open now; false: only upcoming or closed ones.",
    )
