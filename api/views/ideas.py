"""Ideas, votes, comments, staff moves and merges.

Every write calls the same service as the web pages, so every rule holds here too. Status
codes (see ``api.errors``): 401 without valid credentials, 403 when the rules say "not
you", 404 for an idea you may not see, 400 for invalid fields, 422 when a rule of the
site refuses (closed challenge, vote budget, a move the pipeline does not allow, a hidden
idea), 409 when the idea's state conflicts (voting on, editing or merging an idea that is
already merged; merging into an idea that is itself merged).
"""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import IsAuthenticated, IsAuthenticatedOrReadOnly
from rest_framework.response import Response
from rest_framework.views import APIView

from api import selectors
from api.pagination import IdeaCursorPagination
from api.serializers.comments import (
    CommentCreateSerializer,
    CommentPageSerializer,
    CommentSerializer,
)
from api.serializers.ideas import (
    IdeaCreateSerializer,
    IdeaPageSerializer,
    IdeaSerializer,
    IdeaUpdateSerializer,
    MergeRequestSerializer,
    StatusChangeRequestSerializer,
    VoteSerializer,
)
from ideas import rules as idea_rules
from ideas import services
from ideas.roadmap import Status
from ideas.selectors import DEFAULT_SORT, SORTS, access_idea, access_idea_to_vote
from ideas.services.editing import edit_idea


def _int_param(request, name: str) -> int | None:
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return None
    if not raw.isdigit() or len(raw) > 18:
        raise serializers.ValidationError({name: [_("Enter a whole number.")]})
    return int(raw)


def _idea_response(request, idea_id: int, *, status_code: int = status.HTTP_200_OK) -> Response:
    idea = selectors.idea_for_api(viewer=request.user, idea_id=idea_id)
    data = IdeaSerializer(idea, context={"request": request}).data
    return Response(data, status=status_code)


class CommentCursorPagination(CursorPagination):
    page_size = 50
    max_page_size = 100
    page_size_query_param = "page_size"
    ordering = ("created_at", "id")

    get_paginated_response = IdeaCursorPagination.get_paginated_response
    get_paginated_response_schema = IdeaCursorPagination.get_paginated_response_schema


LIST_PARAMETERS = [
    OpenApiParameter("challenge", OpenApiTypes.INT, description="A challenge's id."),
    OpenApiParameter("brand", OpenApiTypes.STR, description="A brand's slug."),
    OpenApiParameter("status", OpenApiTypes.STR, enum=Status.values),
    OpenApiParameter("tag", OpenApiTypes.STR, description="A tag's slug."),
    OpenApiParameter("q", OpenApiTypes.STR, description="Words in the title or description."),
    OpenApiParameter("sort", OpenApiTypes.STR, enum=list(SORTS), default=DEFAULT_SORT),
    OpenApiParameter("cursor", OpenApiTypes.STR, description="From the previous page's next."),
]


class IdeaList(APIView):
    permission_classes = [IsAuthenticatedOrReadOnly]

    @extend_schema(
        operation_id="ideas_list", parameters=LIST_PARAMETERS, responses=IdeaPageSerializer
    )
    def get(self, request):
        """Public ideas, filtered and sorted, one cursor page at a time."""
        sort = request.query_params.get("sort", DEFAULT_SORT)
        if sort not in SORTS:
            raise serializers.ValidationError(
                {"sort": [_("Choose one of: %(s)s.") % {"s": ", ".join(SORTS)}]}
            )
        status_filter = request.query_params.get("status", "")
        if status_filter and status_filter not in Status.values:
            raise serializers.ValidationError({"status": [_("Unknown status.")]})
        queryset = selectors.ideas_for_api(
            viewer=request.user,
            challenge_id=_int_param(request, "challenge"),
            brand_slug=request.query_params.get("brand", "")[:100],
            status=status_filter,
            tag=request.query_params.get("tag", "")[:100],
            q=request.query_params.get("q", "").strip(),
        )
        paginator = IdeaCursorPagination()
        paginator.ordering = SORTS[sort]
        page = paginator.paginate_queryset(queryset, request, view=self)
        data = IdeaSerializer(page, many=True, context={"request": request}).data
        return paginator.get_paginated_response(data)

    @extend_schema(request=IdeaCreateSerializer, responses={201: IdeaSerializer})
    def post(self, request):
        """Submit an idea to an open challenge (it carries your own vote)."""
        payload = IdeaCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        challenge = selectors.challenge_for_submission(payload.validated_data["challenge"])
        if challenge is None:
            raise serializers.ValidationError({"challenge": [_("There is no such challenge.")]})
        idea = services.submit_idea(
            author=request.user,
            challenge=challenge,
            title=payload.validated_data["title"],
            body=payload.validated_data["body"],
            tags=payload.validated_data["tags"],
        )
        response = _idea_response(request, idea.pk, status_code=status.HTTP_201_CREATED)
        response["Location"] = response.data["url"]
        return response


class IdeaDetail(APIView):
    permission_classes = [IsAuthenticatedOrReadOnly]

    @extend_schema(responses=IdeaSerializer)
    def get(self, request, pk: int):
        return _idea_response(request, pk)

    @extend_schema(request=IdeaUpdateSerializer, responses=IdeaSerializer)
    def patch(self, request, pk: int):
        """Edit your own idea while its challenge accepts ideas."""
        idea = access_idea(request.user, pk)
        payload = IdeaUpdateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        edit_idea(idea=idea, actor=request.user, **payload.validated_data)
        return _idea_response(request, pk)


class IdeaVote(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses=VoteSerializer)
    def put(self, request, pk: int):
        """Support the idea. Idempotent: a second vote changes nothing and answers 200."""
        idea = access_idea_to_vote(request.user, pk)
        services.cast_vote(user=request.user, idea=idea)
        idea.viewer_has_voted = True
        return Response(VoteSerializer(idea).data)

    @extend_schema(request=None, responses={204: None})
    def delete(self, request, pk: int):
        """Take your support back. Idempotent: 204 whether or not you had voted."""
        idea = access_idea_to_vote(request.user, pk)
        services.withdraw_vote(user=request.user, idea=idea)
        return Response(status=status.HTTP_204_NO_CONTENT)


class IdeaComments(APIView):
    permission_classes = [IsAuthenticatedOrReadOnly]

    @extend_schema(
        operation_id="ideas_comments_list",
        parameters=[OpenApiParameter("cursor", OpenApiTypes.STR)],
        responses=CommentPageSerializer,
    )
    def get(self, request, pk: int):
        """Comments and replies, oldest first (a reply names its ``parent``)."""
        idea = access_idea(request.user, pk)
        paginator = CommentCursorPagination()
        page = paginator.paginate_queryset(
            selectors.comments_for_api(idea=idea, viewer=request.user), request, view=self
        )
        return paginator.get_paginated_response(CommentSerializer(page, many=True).data)

    @extend_schema(request=CommentCreateSerializer, responses={201: CommentSerializer})
    def post(self, request, pk: int):
        idea = access_idea(request.user, pk)
        payload = CommentCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        parent = None
        if payload.validated_data["parent"] is not None:
            parent = selectors.parent_comment_for(
                idea=idea, viewer=request.user, comment_id=payload.validated_data["parent"]
            )
            if parent is None:
                raise serializers.ValidationError(
                    {"parent": [_("There is no such comment on this idea.")]}
                )
        comment = services.add_comment(
            idea=idea, author=request.user, body=payload.validated_data["body"], parent=parent
        )
        return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)


class IdeaStatus(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=StatusChangeRequestSerializer, responses=IdeaSerializer)
    def post(self, request, pk: int):
        """Move the idea along the pipeline (the brand's owners and managers)."""
        idea = access_idea(request.user, pk)
        idea_rules.CHANGE_STATUS.enforce(request.user, idea)
        payload = StatusChangeRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.change_status(
            idea=idea,
            actor=request.user,
            to_status=payload.validated_data["status"],
            note=payload.validated_data["note"],
        )
        return _idea_response(request, pk)


class IdeaMerge(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=MergeRequestSerializer, responses=IdeaSerializer)
    def post(self, request, pk: int):
        """Mark this idea a duplicate of ``into`` and move its supporters there (triagers)."""
        source = access_idea(request.user, pk)
        idea_rules.TRIAGE_IDEAS.enforce(request.user, source)
        payload = MergeRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            target = access_idea(request.user, payload.validated_data["into"])
        except Http404:
            raise serializers.ValidationError({"into": [_("There is no such idea.")]}) from None
        services.merge_ideas(actor=request.user, source=source, target=target)
        return _idea_response(request, pk)
