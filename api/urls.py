"""``/api/v1/``: the public REST API (Django REST framework; schema by drf-spectacular)."""

from django.urls import path, re_path, register_converter
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from api.views import brands, ideas
from api.views.errors import not_found

app_name = "api"


class IdConverter:
    """A row id of at most 18 digits: a longer one cannot exist, and would overflow
    SQLite's 64-bit integers (a 500) before the lookup could answer 404."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(value)


register_converter(IdConverter, "api_id")

urlpatterns = [
    path("brands/", brands.BrandList.as_view(), name="brand-list"),
    path("brands/<slug:slug>/", brands.BrandDetail.as_view(), name="brand-detail"),
    path("brands/<slug:slug>/roadmap/", brands.BrandRoadmap.as_view(), name="brand-roadmap"),
    path("challenges/", brands.ChallengeList.as_view(), name="challenge-list"),
    path("challenges/<api_id:pk>/", brands.ChallengeDetail.as_view(), name="challenge-detail"),
    path("ideas/", ideas.IdeaList.as_view(), name="idea-list"),
    path("ideas/<api_id:pk>/", ideas.IdeaDetail.as_view(), name="idea-detail"),
    path("ideas/<api_id:pk>/vote", ideas.IdeaVote.as_view(), name="idea-vote"),
    path("ideas/<api_id:pk>/comments/", ideas.IdeaComments.as_view(), name="idea-comments"),
    path("ideas/<api_id:pk>/status", ideas.IdeaStatus.as_view(), name="idea-status"),
    path("ideas/<api_id:pk>/merge", ideas.IdeaMerge.as_view(), name="idea-merge"),
    path("schema/", SpectacularAPIView.as_view(api_version="v1"), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    re_path(r"^.*$", not_found, name="not-found"),
]
