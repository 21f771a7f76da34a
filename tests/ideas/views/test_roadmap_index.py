"""``/roadmap/``: every brand with its public roadmap column counts."""

from pytest_django.asserts import assertContains, assertNotContains

from tests.factories import BrandFactory, IdeaFactory, UserFactory, make_challenge


def test_lists_each_brand_with_its_column_counts(client, db):
    acme = BrandFactory(name="Acme")
    challenge = make_challenge(acme)
    for status in ("planned", "planned", "shipped", "submitted", "declined"):
        IdeaFactory(challenge=challenge, status=status)
    IdeaFactory(challenge=challenge, status="planned", is_public=False)
    BrandFactory(name="Quiet brand")
    hidden = BrandFactory(name="Unpublished brand")
    hidden.page.unpublish()

    response = client.get("/roadmap/")

    rows = {row["page"].brand.name: row for row in response.context["rows"]}
    assert list(rows) == ["Acme", "Quiet brand"]
    counts = {column.status: column.total for column in rows["Acme"]["columns"]}
    assert counts == {"under_review": 0, "planned": 2, "in_progress": 0, "shipped": 1}
    assert rows["Quiet brand"]["total"] == 0
    assertContains(response, f'href="{acme.page.url}roadmap/"')
    assertNotContains(response, "Unpublished brand")


def test_without_brands(client, db):
    assertContains(client.get("/roadmap/"), "No brands yet.")


def test_uses_a_fixed_number_of_queries(client, django_assert_max_num_queries, db):
    client.force_login(UserFactory())

    def grow(n: int) -> None:
        challenge = make_challenge(BrandFactory(name=f"Brand {n}"))
        for status in ("under_review", "planned", "in_progress", "shipped"):
            IdeaFactory(challenge=challenge, status=status)

    def queries() -> int:
        client.get("/roadmap/")
        with django_assert_max_num_queries(10) as captured:
            assert client.get("/roadmap/").status_code == 200
        return len(captured.captured_queries)

    grow(0)
    small = queries()
    for n in range(1, 8):
        grow(n)

    assert small == queries() == 6
