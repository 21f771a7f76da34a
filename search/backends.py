"""Database search, the default backend: case-insensitive matching on titles, bodies and tags.

Ranked full-text search (PostgreSQL ``SearchVector``, SQLite FTS5) and the Elasticsearch
backend replace this when the search issue lands; views only see ``search_ideas``.
"""

from django.db.models import Prefetch, Q, QuerySet

from ideas.models import Idea, IdeaImage


def search_ideas(*, query: str, viewer) -> QuerySet:
    terms = query.split()[:8]
    queryset = Idea.objects.public()
    for term in terms:
        queryset = queryset.filter(
            Q(title__icontains=term) | Q(body__icontains=term) | Q(tags__name__iexact=term)
        )
    return (
        queryset.distinct()
        .select_related("author", "brand", "challenge")
        .prefetch_related(
            "tags",
            Prefetch("images", queryset=IdeaImage.objects.filter(position=0), to_attr="covers"),
        )
        .order_by("-hot_score", "-id")
    )
