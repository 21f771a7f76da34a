"""/brands/<slug>/roadmap/: columns, declined reasons, filters, visibility, query count."""

from django.core.cache import cache
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from ideas.models import StatusChange
from ideas.selectors_roadmap import roadmap_for_brand
from tests.factories import BrandFactory, IdeaFactory, make_challenge, make_member

COLUMNS = ["under_review", "planned", "in_progress", "shipped"]


def roadmap_url(brand) -> str:
    return f"/brands/{brand.slug}/roadmap/"


def test_columns_in_pipeline_order_with_cards(client, brand, challenge, moved):
    owner = make_member(brand)
    owner.display_name = "Ada Owner"
    owner.save()
    planned = moved("planned", challenge=challenge, title="Refill bar", staff_owner=owner)
    planned.vote_count = 42
    planned.save()
    moved("in_progress", challenge=challenge, title="Paper straws")
    moved("shipped", challenge=challenge, title="Glass jars")
    moved("under_review", challenge=challenge, title="Bulk soap")

    response = client.get(roadmap_url(brand))

    assert response.status_code == 200
    roadmap = response.context["roadmap"]
    assert [column.status for column in roadmap.columns] == COLUMNS
    assert [[i.title for i in column.ideas] for column in roadmap.columns] == [
        ["Bulk soap"],
        ["Refill bar"],
        ["Paper straws"],
        ["Glass jars"],
    ]
    html = response.content.decode()
    positions = [html.index(f'data-status="{status}"') for status in [*COLUMNS, "declined"]]
    assert positions == sorted(positions)
    assertContains(
        response, '<h2 id="column-planned">Planned <span class="count">1</span></h2>', html=True
    )
    assertContains(response, f'<a href="{planned.get_absolute_url()}">Refill bar</a>', html=True)
    assertContains(response, "42 votes")
    assertContains(response, "owner Ada Owner")
    assertContains(response, challenge.title)
    assertContains(response, planned.status_changed_at.date().isoformat())


def test_declined_section_shows_the_latest_public_reason(client, challenge, moved):
    idea = moved("declined", challenge=challenge, title="Free jars", note="Too costly now.")
    later = StatusChange.objects.create(
        idea=idea, from_status="under_review", to_status="declined", note="Not this year."
    )
    StatusChange.objects.filter(pk=later.pk).update(created_at=timezone.now())

    response = client.get(roadmap_url(challenge.brand))

    declined = response.context["roadmap"].declined
    assert [(i.title, i.decline_reason) for i in declined.ideas] == [
        ("Free jars", "Not this year.")
    ]
    assertContains(response, '<section class="roadmap-declined" data-status="declined"', count=1)
    assertContains(response, "Not this year.")
    assertNotContains(response, "Too costly now.")


def test_only_public_ideas_of_the_brand_in_roadmap_statuses(client, brand, challenge, moved):
    moved("planned", challenge=challenge, title="Visible plan")
    moved("planned", challenge=challenge, title="Hidden plan", is_public=False)
    moved("planned", challenge=make_challenge(brand, title="Draft", live=False), title="In draft")
    moved("planned", challenge=make_challenge(BrandFactory()), title="Other brand plan")
    IdeaFactory(challenge=challenge, title="Just submitted")
    moved("duplicate", challenge=challenge, title="A duplicate")

    response = client.get(roadmap_url(brand))

    assertContains(response, "Visible plan")
    for title in ["Hidden plan", "In draft", "Other brand plan", "Just submitted", "A duplicate"]:
        assertNotContains(response, title)


def test_columns_are_capped_newest_moves_first_with_the_rest_counted(brand, challenge, moved):
    for day in range(5):
        moved("planned", challenge=challenge, title=f"Plan {day}", days_ago=day + 1)

    roadmap = roadmap_for_brand(brand=brand, limit=3)

    planned = roadmap.columns[1]
    assert [idea.title for idea in planned.ideas] == ["Plan 0", "Plan 1", "Plan 2"]
    assert (planned.total, planned.rest) == (5, 2)


def test_rest_is_shown(client, brand, challenge, moved, monkeypatch):
    monkeypatch.setattr("ideas.selectors_roadmap.COLUMN_LIMIT", 1)
    moved("shipped", challenge=challenge, title="Shipped one")
    moved("shipped", challenge=challenge, title="Shipped two")

    assertContains(client.get(roadmap_url(brand)), "and 1 more")


def test_filter_by_challenge_and_tag(client, brand, challenge, moved):
    other = make_challenge(brand, title="Stores")
    tagged = moved("planned", challenge=challenge, title="Tagged plan")
    tagged.tags.add("zero-waste")
    moved("planned", challenge=challenge, title="Untagged plan")
    moved("planned", challenge=other, title="Store plan")

    by_challenge = client.get(roadmap_url(brand), {"challenge": other.pk})
    by_tag = client.get(roadmap_url(brand), {"tag": "zero-waste"})
    both = client.get(roadmap_url(brand), {"challenge": other.pk, "tag": "zero-waste"})
    unknown = client.get(roadmap_url(brand), {"challenge": "999999", "tag": "nope"})

    def titles(response):
        return [i.title for c in response.context["roadmap"].columns for i in c.ideas]

    assert titles(by_challenge) == ["Store plan"]
    assert titles(by_tag) == ["Tagged plan"]
    assert titles(both) == []
    assert sorted(titles(unknown)) == ["Store plan", "Tagged plan", "Untagged plan"]
    assertContains(by_challenge, f'<option value="{other.pk}" selected>Stores</option>', html=True)
    assertContains(by_tag, '<option value="zero-waste" selected>zero-waste</option>', html=True)


def test_empty_roadmap(client, brand):
    response = client.get(roadmap_url(brand))

    assert response.status_code == 200
    assertContains(response, "Nothing here yet.", count=4)
    assertContains(response, "No declined ideas.")


def test_query_count_does_not_grow_with_the_data(
    client, brand, moved, django_assert_max_num_queries, monkeypatch
):
    monkeypatch.setattr("ideas.views.roadmap.ROADMAP_CACHE_SECONDS", 0)
    challenges = [make_challenge(brand, title=f"Challenge {n}") for n in range(3)]
    owner = make_member(brand)

    def add(n):
        for i in range(n):
            for status in [*COLUMNS, "declined"]:
                idea = moved(status, challenge=challenges[i % 3], staff_owner=owner, note="No.")
                idea.tags.add(f"tag-{i}")

    def count() -> int:
        client.get(roadmap_url(brand))  # warms Wagtail's site root cache
        with django_assert_max_num_queries(20) as captured:
            response = client.get(roadmap_url(brand))
        assert response.status_code == 200
        return len(captured.captured_queries)

    add(1)
    small = count()
    add(6)
    assert count() == small


def test_selector_query_count_is_fixed(brand, challenge, moved, django_assert_num_queries):
    for status in [*COLUMNS, "declined"]:
        moved(status, challenge=challenge, note="No.")
    with django_assert_num_queries(7):  # challenges, counts, five columns
        roadmap_for_brand(brand=brand)
    for status in [*COLUMNS, "declined"] * 3:
        moved(status, challenge=challenge, note="No.")
    with django_assert_num_queries(7):
        roadmap_for_brand(brand=brand)
    with django_assert_num_queries(2):  # an empty column costs no query
        roadmap_for_brand(brand=brand, tag="no-such-tag")


def test_the_board_is_cached_briefly(client, brand, challenge, moved):
    moved("planned", challenge=challenge, title="First plan")
    client.get(roadmap_url(brand))
    moved("planned", challenge=challenge, title="Second plan")

    assertNotContains(client.get(roadmap_url(brand)), "Second plan")
    cache.clear()
    assertContains(client.get(roadmap_url(brand)), "Second plan")
