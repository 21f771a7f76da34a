from rest_framework.pagination import CursorPagination
from rest_framework.response import Response


class IdeaCursorPagination(CursorPagination):
    """``{"results": [...], "next": url or null}``: stable under inserts, one indexed
    range query per page whatever the depth."""

    page_size = 20
    max_page_size = 100
    page_size_query_param = "page_size"
    ordering = ("-hot_score", "-id")

    def get_paginated_response(self, data):
        return Response({"results": data, "next": self.get_next_link()})

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["results", "next"],
            "properties": {
                "results": schema,
                "next": {"type": "string", "format": "uri", "nullable": True},
            },
        }
