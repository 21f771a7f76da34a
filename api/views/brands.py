"""Brands, their roadmaps and challenges (read-only, open to everyone).

A brand appears when its page is live; a challenge when its page is live (drafts and
unpublished pages answer 404). Every list costs a fixed number of queries per page.
"""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.response import Response

from api.pagination import IdeaCursorPagination
from api.serializers.catalog import (
    BrandSerializer,
    ChallengeQuerySerializer,
    ChallengeSerializer,
    ErrorSerializer,
    RoadmapQuerySerializer,
    RoadmapSerializer,
)
from brands.models import Brand
from challenges.models import ChallengePage, ChallengeTag
from challenges.selectors import with_card_data
from ideas.selectors_roadmap import roadmap_for_brand

NOT_FOUND = OpenApiResponse(ErrorSerializer, description="No such brand or challenge.")
INVALID = OpenApiResponse(ErrorSerializer, description="Invalid query parameters.")


class BrandCursorPagination(IdeaCursorPagination):
    ordering = ("slug",)


class ChallengeCursorPagination(IdeaCursorPagination):
    ordering = ("-opens_at", "-pk")


def public_brands() -> QuerySet:
    """Brands with a live page, with what ``BrandSerializer`` reads, in one query."""
    return Brand.objects.filter(page__live=True).select_related("page", "logo", "responsiveness")


def public_challenges() -> QuerySet:
    """Live challenges with their brand and public idea count."""
    return with_card_data(ChallengePage.objects.live().defer_streamfields())


def attach_tag_names(challenges: list[ChallengePage]) -> list[ChallengePage]:
    """Set ``tag_names`` on each challenge with one query for all of them."""
    names: dict[int, list[str]] = {challenge.pk: [] for challenge in challenges}
    rows = (
        ChallengeTag.objects.filter(content_object_id__in=names)
        .order_by("tag__name")
        .values_list("content_object_id", "tag__name")
    )
    for challenge_id, name in rows:
        names[challenge_id].append(name)
    for challenge in challenges:
        challenge.tag_names = names[challenge.pk]
    return challenges


@extend_schema(tags=["brands"], summary="Brands with a public page")
class BrandList(generics.ListAPIView):
    serializer_class = BrandSerializer
    pagination_class = BrandCursorPagination

    def get_queryset(self):
        return public_brands()


@extend_schema(
    tags=["brands"], summary="One brand", responses={200: BrandSerializer, 404: NOT_FOUND}
)
class BrandDetail(generics.RetrieveAPIView):
    serializer_class = BrandSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return public_brands()


class BrandRoadmap(generics.GenericAPIView):
    serializer_class = RoadmapSerializer
    pagination_class = None

    @extend_schema(
        tags=["brands"],
        summary="A brand's public roadmap",
        description=(
            "Public ideas by pipeline column (under review, planned, in progress, shipped) "
            "and the declined ones, each column with its total and its 30 latest moves."
        ),
        parameters=[RoadmapQuerySerializer],
        responses={200: RoadmapSerializer, 400: INVALID, 404: NOT_FOUND},
    )
    def get(self, request, slug: str):
        brand = get_object_or_404(public_brands(), slug=slug)
        query = RoadmapQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        roadmap = roadmap_for_brand(
            brand=brand,
            challenge_id=query.validated_data.get("challenge"),
            tag=query.validated_data.get("tag", ""),
        )
        data = {"brand": brand, "columns": roadmap.columns, "declined": roadmap.declined}
        return Response(self.get_serializer(data).data)


@extend_schema(
    tags=["challenges"],
    summary="Live challenges",
    description="Newest opening first. `open=true`: open now; `open=false`: upcoming or closed.",
    parameters=[ChallengeQuerySerializer],
    responses={200: ChallengeSerializer(many=True), 400: INVALID},
)
class ChallengeList(generics.ListAPIView):
    serializer_class = ChallengeSerializer
    pagination_class = ChallengeCursorPagination

    def get_queryset(self):
        query = ChallengeQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        challenges = public_challenges()
        if "brand" in query.validated_data:
            challenges = challenges.filter(brand__slug=query.validated_data["brand"])
        if "open" in query.validated_data:
            now = timezone.now()
            is_open = {"opens_at__lte": now, "closes_at__gt": now}
            if query.validated_data["open"] == "true":
                challenges = challenges.filter(**is_open)
            else:
                challenges = challenges.exclude(**is_open)
        return challenges

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        data = self.get_serializer(attach_tag_names(page), many=True).data
        return self.get_paginated_response(data)


@extend_schema(
    tags=["challenges"],
    summary="One live challenge",
    responses={200: ChallengeSerializer, 404: NOT_FOUND},
)
class ChallengeDetail(generics.RetrieveAPIView):
    serializer_class = ChallengeSerializer

    def get_queryset(self):
        return public_challenges()

    def get_object(self):
        return attach_tag_names([super().get_object()])[0]
