"""Brands, roadmaps and challenges in the API: visibility, filters, shapes, query counts."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from challenges.phases import Phase
from ideas.roadmap import Status
from tests.factories import BrandFactory, IdeaFactory, make_challenge

pytestmark = pytest.mark.django_db


def _get(api_client, url, status=200, **params):
    response = api_client.get(url, params)
    assert response.status_code == status, response.content
    return response.json()


def test_brands_list_only_brands_with_a_live_page(api_client, brand):
    hidden = BrandFactory(name="Hidden")
    hidden.page.unpublish()
    data = _get(api_client, "/api/v1/brands/")
    assert [b["slug"] for b in data["results"]] == [brand.slug]
    assert data["next"] is None
    first = data["results"][0]
    assert first["name"] == brand.name
    assert first["url"] == f"http://testserver/api/v1/brands/{brand.slug}/"
    assert first["web_url"] == f"http://testserver/brands/{brand.page.slug}/"
    assert first["logo"] is None
    assert first["responsiveness"] is None
    assert set(first) == {
        "slug",
        "name",
        "url",
        "web_url",
        "description",
        "website",
        "logo",
        "language",
        "responsiveness",
    }


def test_brands_list_paginates_with_a_cursor(api_client):
    for n in range(3):
        BrandFactory(name=f"Paged {n}")
    data = _get(api_client, "/api/v1/brands/", page_size=2)
    assert len(data["results"]) == 2
    rest = api_client.get(data["next"]).json()
    assert [b["slug"] for b in rest["results"]] == ["paged-2"]


def test_brands_list_query_count_is_fixed(api_client, django_assert_num_queries):
    BrandFactory(name="One")
    api_client.get("/api/v1/brands/")  # warms Wagtail's cache of site root paths
    with CaptureQueriesContext(connection) as few:
        api_client.get("/api/v1/brands/")
    for n in range(4):
        BrandFactory(name=f"More {n}")
    with django_assert_num_queries(len(few)):
        data = api_client.get("/api/v1/brands/").json()
    assert len(data["results"]) == 5


def test_brand_detail_and_responsiveness(api_client, brand):
    from django.utils import timezone

    from ideas.models import BrandResponsiveness

    BrandResponsiveness.objects.create(
        brand=brand, median_response_hours=5.5, shipped_count=2, computed_at=timezone.now()
    )
    data = _get(api_client, f"/api/v1/brands/{brand.slug}/")
    assert data["responsiveness"]["median_response_hours"] == 5.5
    assert data["responsiveness"]["shipped_count"] == 2
    assert data["responsiveness"]["answered_within_7_days_pct"] is None


def test_unknown_brand_is_a_json_404(api_client, db):
    for url in ("/api/v1/brands/nope/", "/api/v1/brands/nope/roadmap/"):
        data = _get(api_client, url, status=404)
        assert data["error"]["code"] == "not_found"


def test_roadmap_groups_public_ideas_by_column(api_client, challenge):
    planned = IdeaFactory(challenge=challenge, status=Status.PLANNED)
    IdeaFactory(challenge=challenge, status=Status.PLANNED, is_public=False)
    shipped = IdeaFactory(challenge=challenge, status=Status.SHIPPED)
    declined = IdeaFactory(challenge=challenge, status=Status.DECLINED)
    IdeaFactory(challenge=challenge)  # submitted: not on the roadmap
    data = _get(api_client, f"/api/v1/brands/{challenge.brand.slug}/roadmap/")
    columns = {c["status"]: c for c in data["columns"]}
    assert list(columns) == ["under_review", "planned", "in_progress", "shipped"]
    assert columns["planned"]["total"] == 1
    assert [i["id"] for i in columns["planned"]["ideas"]] == [planned.pk]
    assert [i["id"] for i in columns["shipped"]["ideas"]] == [shipped.pk]
    card = columns["planned"]["ideas"][0]
    assert card["challenge"] == {
        "id": challenge.pk,
        "title": challenge.title,
        "url": f"http://testserver/api/v1/challenges/{challenge.pk}/",
    }
    assert card["url"] == f"http://testserver/api/v1/ideas/{planned.pk}/"
    assert card["web_url"] == f"http://testserver{planned.get_absolute_url()}"
    assert [i["id"] for i in data["declined"]["ideas"]] == [declined.pk]
    assert data["declined"]["ideas"][0]["decline_reason"] is None
    assert data["brand"]["slug"] == challenge.brand.slug


def test_roadmap_filters_and_bad_parameters(api_client, challenge):
    other = make_challenge(challenge.brand, title="Other")
    IdeaFactory(challenge=challenge, status=Status.PLANNED)
    IdeaFactory(challenge=other, status=Status.PLANNED)
    url = f"/api/v1/brands/{challenge.brand.slug}/roadmap/"
    data = _get(api_client, url, challenge=other.pk)
    assert data["columns"][1]["total"] == 1
    assert data["columns"][1]["ideas"][0]["challenge"]["id"] == other.pk
    error = _get(api_client, url, status=400, challenge="x")["error"]
    assert error["code"] == "invalid"
    assert "challenge" in error["fields"]


def test_challenges_list_fields(api_client, challenge):
    challenge.tags.add("packaging", "bio")
    challenge.save_revision().publish()
    IdeaFactory(challenge=challenge)
    IdeaFactory(challenge=challenge, is_public=False)
    data = _get(api_client, "/api/v1/challenges/")
    [item] = data["results"]
    assert item["id"] == challenge.pk
    assert item["phase"] == Phase.OPEN
    assert item["idea_count"] == 1
    assert item["tags"] == ["bio", "packaging"]
    assert item["brand"] == {
        "slug": challenge.brand.slug,
        "name": challenge.brand.name,
        "url": f"http://testserver/api/v1/brands/{challenge.brand.slug}/",
    }
    assert item["url"] == f"http://testserver/api/v1/challenges/{challenge.pk}/"
    assert item["web_url"] == f"http://testserver{challenge.url}"
    assert item["vote_budget"] is None


def test_challenges_filter_by_phase_and_brand(api_client, brand):
    open_now = make_challenge(brand, title="Open now")
    closed = make_challenge(
        brand, title="Closed", opens_in=timedelta(days=-9), closes_in=timedelta(days=-1)
    )
    upcoming = make_challenge(brand, title="Soon", opens_in=timedelta(days=2))
    elsewhere = make_challenge(BrandFactory(name="Elsewhere"), title="Elsewhere")

    def ids(**params):
        return {c["id"] for c in _get(api_client, "/api/v1/challenges/", **params)["results"]}

    assert ids() == {open_now.pk, closed.pk, upcoming.pk, elsewhere.pk}
    assert ids(open="true") == {open_now.pk, elsewhere.pk}
    assert ids(open="false") == {closed.pk, upcoming.pk}
    assert ids(brand=brand.slug) == {open_now.pk, closed.pk, upcoming.pk}
    assert ids(brand=brand.slug, open="true") == {open_now.pk}
    assert ids(brand="unknown") == set()


def test_challenges_bad_filter_is_400(api_client, db):
    error = _get(api_client, "/api/v1/challenges/", status=400, open="maybe")["error"]
    assert error["code"] == "invalid"
    assert "open" in error["fields"]


def test_draft_challenges_are_invisible(api_client, brand):
    draft = make_challenge(brand, title="Draft", live=False)
    assert _get(api_client, "/api/v1/challenges/")["results"] == []
    assert (
        _get(api_client, f"/api/v1/challenges/{draft.pk}/", status=404)["error"]["code"]
        == "not_found"
    )


def test_challenge_detail(api_client, challenge):
    data = _get(api_client, f"/api/v1/challenges/{challenge.pk}/")
    assert data["title"] == challenge.title
    assert data["closes_at"]
    _get(api_client, "/api/v1/challenges/999999/", status=404)
    _get(api_client, f"/api/v1/challenges/{10**30}/", status=404)


def test_challenges_list_query_count_is_fixed(api_client, brand, django_assert_num_queries):
    first = make_challenge(brand, title="First")
    first.tags.add("one")
    first.save_revision().publish()
    api_client.get("/api/v1/challenges/")  # warms Wagtail's cache of site root paths
    with CaptureQueriesContext(connection) as few:
        api_client.get("/api/v1/challenges/")
    for n in range(4):
        page = make_challenge(BrandFactory(name=f"Other {n}"), title=f"More {n}")
        page.tags.add(f"tag{n}")
        page.save_revision().publish()
        IdeaFactory(challenge=page)
    with django_assert_num_queries(len(few)):
        data = api_client.get("/api/v1/challenges/").json()
    assert len(data["results"]) == 5
