"""``/challenges/``: every live challenge, open first, then upcoming, then closed."""

from datetime import timedelta

from pytest_django.asserts import assertContains, assertNotContains

from challenges.views import CHALLENGES_PER_PAGE
from tests.factories import BrandFactory, IdeaFactory, UserFactory, make_challenge

CLOSED = {"opens_in": timedelta(days=-10), "closes_in": timedelta(days=-1)}


def test_lists_open_then_upcoming_then_closed(client, brand):
    make_challenge(
        brand, title="Closed long ago", opens_in=timedelta(days=-30), closes_in=timedelta(days=-20)
    )
    make_challenge(brand, title="Closed yesterday", **CLOSED)
    make_challenge(
        brand, title="Opens next month", opens_in=timedelta(days=30), closes_in=timedelta(days=60)
    )
    make_challenge(
        brand, title="Opens tomorrow", opens_in=timedelta(days=1), closes_in=timedelta(days=9)
    )
    late = make_challenge(brand, title="Closes late", closes_in=timedelta(days=40))
    make_challenge(brand, title="Closes soon", closes_in=timedelta(days=2))
    make_challenge(BrandFactory(name="Other"), title="Draft", live=False)
    IdeaFactory(challenge=late)
    IdeaFactory(challenge=late, is_public=False)

    response = client.get("/challenges/")

    assert [c.title for c in response.context["page_obj"]] == [
        "Closes soon",
        "Closes late",
        "Opens tomorrow",
        "Opens next month",
        "Closed yesterday",
        "Closed long ago",
    ]
    assertContains(response, f'href="{late.url}"')
    assertContains(response, "1 idea")
    assertContains(response, '<h2 id="phase-open">Open</h2>', html=True)
    assertContains(response, '<h2 id="phase-upcoming">Opens soon</h2>', html=True)
    assertContains(response, '<h2 id="phase-closed">Closed</h2>', html=True)
    assertNotContains(response, "Draft")


def test_empty_listing(client, db):
    assertContains(client.get("/challenges/"), "No challenges yet.")


def test_paginates(client, brand):
    for n in range(CHALLENGES_PER_PAGE + 1):
        make_challenge(brand, title=f"Challenge {n:02d}", closes_in=timedelta(days=n + 1))

    first = client.get("/challenges/")
    second = client.get("/challenges/?page=2")

    assert len(first.context["page_obj"]) == CHALLENGES_PER_PAGE
    assert [c.title for c in second.context["page_obj"]] == [f"Challenge {CHALLENGES_PER_PAGE}"]
    assertContains(first, 'rel="next"')
    assert client.get("/challenges/?page=999").status_code == 200


def test_uses_a_fixed_number_of_queries(client, django_assert_max_num_queries, db):
    client.force_login(UserFactory())

    def grow(n: int) -> None:
        brand = BrandFactory(name=f"Brand {n}")
        challenge = make_challenge(brand, title=f"Open {n}")
        make_challenge(brand, title=f"Closed {n}", **CLOSED)
        IdeaFactory(challenge=challenge)

    def queries() -> int:
        client.get("/challenges/")
        with django_assert_max_num_queries(10) as captured:
            assert client.get("/challenges/").status_code == 200
        return len(captured.captured_queries)

    grow(0)
    small = queries()
    for n in range(1, 8):
        grow(n)

    assert small == queries() == 6
