"""/brands/<slug>/changelog/ and its Atom feed."""

import xml.etree.ElementTree as ET
from datetime import datetime

from pytest_django.asserts import assertContains, assertNotContains

from tests.factories import IdeaFactory, UserFactory

ATOM = "{http://www.w3.org/2005/Atom}"


def changelog_url(brand) -> str:
    return f"/brands/{brand.slug}/changelog/"


def test_shipped_ideas_newest_first_with_credits(client, brand, challenge, moved):
    older = moved("shipped", challenge=challenge, title="Older ship", days_ago=10)
    newer = moved("shipped", challenge=challenge, title="Newer ship", days_ago=1)
    moved("planned", challenge=challenge, title="Still planned")
    moved("shipped", challenge=challenge, title="Hidden ship", is_public=False)
    helper = UserFactory(display_name="Grace Helper")
    IdeaFactory(challenge=challenge, author=helper, merged_into=newer, status="duplicate")
    IdeaFactory(challenge=challenge, author=helper, merged_into=newer, status="duplicate")
    IdeaFactory(challenge=challenge, author=newer.author, merged_into=newer, status="duplicate")
    IdeaFactory(
        challenge=challenge,
        author=UserFactory(display_name="Hidden Person"),
        merged_into=newer,
        is_public=False,
    )

    response = client.get(changelog_url(brand))

    entries = list(response.context["page_obj"])
    assert [idea.title for idea in entries] == ["Newer ship", "Older ship"]
    assert [p.public_name for p in entries[0].co_contributors] == ["Grace Helper"]
    assert entries[1].co_contributors == []
    assertContains(response, f'<a href="{newer.get_absolute_url()}">Newer ship</a>', html=True)
    assertContains(response, f"Idea by {newer.author.public_name}")
    assertContains(response, f"Idea by {older.author.public_name}")
    assertContains(response, '<span class="co-contributor">Grace Helper</span>', count=1, html=True)
    assertNotContains(response, "Hidden ship")
    assertNotContains(response, "Hidden Person")
    assertNotContains(response, "Still planned")
    assertContains(response, 'type="application/atom+xml"')


def test_changelog_is_paginated(client, brand, challenge, moved):
    for day in range(22):
        moved("shipped", challenge=challenge, title=f"Ship {day:02}", days_ago=day + 1)

    first = client.get(changelog_url(brand))
    second = client.get(changelog_url(brand), {"page": 2})

    assert len(first.context["page_obj"]) == 20
    assert [i.title for i in second.context["page_obj"]] == ["Ship 20", "Ship 21"]
    assertContains(first, 'rel="next" href="?page=2"')


def test_changelog_query_count_is_fixed(
    client, brand, challenge, moved, django_assert_max_num_queries
):
    def count() -> int:
        client.get(changelog_url(brand))
        with django_assert_max_num_queries(20) as captured:
            client.get(changelog_url(brand))
        return len(captured.captured_queries)

    idea = moved("shipped", challenge=challenge)
    IdeaFactory(challenge=challenge, merged_into=idea)
    small = count()
    for _ in range(5):
        idea = moved("shipped", challenge=challenge)
        IdeaFactory(challenge=challenge, merged_into=idea)
    assert count() == small


def test_empty_changelog(client, brand):
    assertContains(client.get(changelog_url(brand)), "Nothing shipped yet.")


def test_atom_feed(client, brand, challenge, moved):
    older = moved("shipped", challenge=challenge, title="Older ship", days_ago=3)
    newer = moved("shipped", challenge=challenge, title="Newer ship", days_ago=1)
    IdeaFactory(
        challenge=challenge, author=UserFactory(display_name="Grace Helper"), merged_into=newer
    )
    moved("planned", challenge=challenge, title="Not shipped")

    response = client.get(f"/brands/{brand.slug}/changelog/feed/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    assert brand.name in root.findtext(f"{ATOM}title")
    assert root.find(f"{ATOM}author/{ATOM}name").text == brand.name
    links = [link.get("href") for link in root.iter(f"{ATOM}link")]
    assert all(href.startswith("http://testserver/") for href in links)
    assert f"http://testserver{changelog_url(brand)}" in links
    updated = datetime.fromisoformat(root.findtext(f"{ATOM}updated"))
    assert updated == newer.status_changed_at
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Newer ship", "Older ship"]
    first = entries[0]
    assert first.find(f"{ATOM}link").get("href") == f"http://testserver{newer.get_absolute_url()}"
    assert first.find(f"{ATOM}author/{ATOM}name").text == newer.author.public_name
    assert "Grace Helper" in first.findtext(f"{ATOM}summary")
    assert first.findtext(f"{ATOM}updated")
    assert entries[1].find(f"{ATOM}link").get("href").endswith(older.get_absolute_url())


def test_brand_page_links_roadmap_changelog_and_feed(client, brand):
    response = client.get(f"/brands/{brand.slug}/")

    assertContains(response, f'href="/brands/{brand.slug}/roadmap/"')
    assertContains(response, f'href="/brands/{brand.slug}/changelog/"')
    assertContains(
        response,
        f'<link rel="alternate" type="application/atom+xml" title="{brand.name}: shipped ideas"'
        f' href="/brands/{brand.slug}/changelog/feed/">',
        html=True,
    )


def test_unknown_route_is_404(client, brand):
    assert client.get(f"/brands/{brand.slug}/roadmap/nope/").status_code == 404
