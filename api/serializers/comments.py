"""Comments on an idea (flat, oldest first; a reply names its top-level ``parent``)."""

from rest_framework import serializers


class CommentSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    idea = serializers.IntegerField(source="idea_id")
    parent = serializers.IntegerField(source="parent_id", allow_null=True)
    author = serializers.CharField(source="author.public_name")
    body = serializers.CharField()
    body_html = serializers.CharField()
    is_official = serializers.BooleanField(help_text="Posted by the brand's staff.")
    is_public = serializers.BooleanField(
        help_text="False when a moderator hid it (then shown to its author only)."
    )
    created_at = serializers.DateTimeField()


class CommentCreateSerializer(serializers.Serializer):
    body = serializers.CharField(trim_whitespace=False, allow_blank=True)
    parent = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=2**63 - 1
    )


class CommentPageSerializer(serializers.Serializer):
    """One page of an idea's comments (documents the response shape)."""

    results = CommentSerializer(many=True)
    next = serializers.URLField(allow_null=True)
