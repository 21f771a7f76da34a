"""Editorial pages: home, /brands/, /brands/<slug>/, and the demo seed."""

import io
from datetime import date, timedelta

from django.core.files.images import ImageFile
from django.core.management import call_command
from django.utils import dateformat, timezone
from pytest_django.asserts import assertContains, assertNotContains
from wagtail.images.models import Image as WagtailImage
from wagtail.models import Page
from wagtail.rich_text import RichText

from accounts.models import User
from brands.models import Brand, Membership, Role
from challenges.models import ChallengePage
from cms.demo_images import picture
from cms.models import (
    ChangelogIdea,
    ChangelogPage,
    HomeFeaturedChallenge,
    HomePage,
    WikiPage,
)
from ideas import services
from ideas.models import Comment, Idea, IdeaImage, StatusChange, Vote
from tests.factories import BrandFactory, IdeaFactory, UserFactory, make_challenge, make_member

CLOSED = {"opens_in": timedelta(days=-10), "closes_in": timedelta(days=-1)}
UPCOMING = {"opens_in": timedelta(days=1), "closes_in": timedelta(days=10)}


def wagtail_image(title: str, size=(120, 60)) -> WagtailImage:
    data = picture(7, size)
    return WagtailImage.objects.create(title=title, file=ImageFile(data, name=data.name))


def count_queries(client, url, django_assert_max_num_queries, bound: int) -> int:
    client.get(url)  # warms Wagtail's site root cache
    with django_assert_max_num_queries(bound) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


# Home


def test_home_lists_open_challenges_and_trending_ideas(client, brand):
    open_challenge = make_challenge(brand, title="Open now")
    make_challenge(brand, title="Already closed", **CLOSED)
    make_challenge(brand, title="Opens later", **UPCOMING)
    draft = make_challenge(brand, title="Draft challenge", live=False)
    IdeaFactory(challenge=open_challenge, title="Trending refill idea")
    IdeaFactory(challenge=open_challenge, title="Private idea", is_public=False)
    IdeaFactory(challenge=draft, title="Idea in a draft")

    response = client.get("/")

    assert [c.title for c in response.context["open_challenges"]] == ["Open now"]
    assert [i.title for i in response.context["trending_ideas"]] == ["Trending refill idea"]
    assertContains(response, f'href="{open_challenge.url}"')
    assertContains(response, "1 idea")
    assertNotContains(response, "Already closed")
    assertNotContains(response, "Private idea")
    assertNotContains(response, "Idea in a draft")


def test_home_without_anything_open(client, db):
    response = client.get("/")

    assertContains(response, "No challenge is open right now. Come back soon!")
    assertContains(response, "No ideas yet.")


def test_home_uses_a_fixed_number_of_queries(client, django_assert_max_num_queries, db):
    def add_brand(n: int) -> None:
        brand = BrandFactory(name=f"Brand {n}")
        brand.logo = wagtail_image(f"Logo {n}")
        brand.save()
        challenge = make_challenge(brand, title=f"Challenge {n}")
        ChallengePage.objects.filter(pk=challenge.pk).update(
            cover_image=wagtail_image(f"Cover {n}")
        )
        for _ in range(2):
            idea = services.submit_idea(
                author=UserFactory(),
                challenge=challenge,
                title=f"Idea of brand {n}",
                body="Trending everywhere",
                tags=["a", f"b{n}"],
            )
            services.cast_vote(user=UserFactory(), idea=idea)

    add_brand(0)
    client.force_login(UserFactory())
    urls = ["/", "/brands/", "/brands/brand-0/"]
    small = [count_queries(client, url, django_assert_max_num_queries, 30) for url in urls]
    for n in range(1, 8):
        add_brand(n)
    large = [count_queries(client, url, django_assert_max_num_queries, 30) for url in urls]

    assert small == large


# /brands/ and /brands/<slug>/


def test_brand_index_lists_brands_with_a_live_page(client, db):
    BrandFactory(name="Fieldfare", description="A food co-op.")
    hidden = BrandFactory(name="Hidden Brand")
    hidden.page.unpublish()

    response = client.get("/brands/")

    assertContains(response, '<a href="/brands/fieldfare/">Fieldfare</a>', html=True)
    assertContains(response, "A food co-op.")
    assertNotContains(response, "Hidden Brand")


def test_brand_index_without_brands(client, db):
    assertContains(client.get("/brands/"), "No brands yet.")


def test_brand_page_lists_its_own_published_challenges(client, brand):
    make_challenge(brand, title="Open one")
    make_challenge(brand, title="Closed one", **CLOSED)
    make_challenge(brand, title="Draft one", live=False)
    make_challenge(BrandFactory(name="Other brand"), title="Not ours")

    response = client.get(f"/brands/{brand.slug}/")

    assert [c.title for c in response.context["challenges"]] == ["Open one", "Closed one"]
    assertContains(response, f"<h1>{brand.name}</h1>", html=True)
    assertContains(response, "A brand that listens.")
    assertContains(response, "closed")
    assertNotContains(response, "Draft one")
    assertNotContains(response, "Not ours")


def test_unknown_brand_is_404(client, db):
    assert client.get("/brands/nobody/").status_code == 404


# seed_demo


def world() -> dict[str, int]:
    return {
        "users": User.objects.count(),
        "brands": Brand.objects.count(),
        "memberships": Membership.objects.count(),
        "pages": Page.objects.count(),
        "challenges": ChallengePage.objects.count(),
        "wagtail images": WagtailImage.objects.count(),
        "ideas": Idea.objects.count(),
        "idea images": IdeaImage.objects.count(),
        "votes": Vote.objects.count(),
        "comments": Comment.objects.count(),
        "status changes": StatusChange.objects.count(),
    }


def test_seed_demo_is_idempotent(client, db, settings):
    args = ["seed_demo", "--ideas-per-challenge", "3", "--customers", "5", "--no-progress"]

    output = io.StringIO()
    call_command(*args, stdout=output)
    first = world()
    files = sorted(p.name for p in settings.MEDIA_ROOT.rglob("*") if p.is_file())
    call_command(*args, stdout=io.StringIO())

    assert world() == first
    assert sorted(p.name for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()) == files
    assert "Demo data ready: 18 ideas" in output.getvalue()
    assert first["brands"] == 3
    assert first["challenges"] == 7
    assert first["ideas"] == 6 * 3  # every challenge but the upcoming one
    assert first["users"] == 5 + 1 + 3 * 3  # customers, admin, owner+manager+moderator a brand
    for idea in Idea.objects.all():
        assert idea.vote_count == idea.votes.count()
        assert idea.comment_count == idea.comments.count()
    assert client.get("/").status_code == 200
    assert client.get("/brands/fieldfare/").status_code == 200
    assert client.get(Idea.objects.first().get_absolute_url()).status_code == 200


# Featured challenges and shipped ideas on the home page


def shipped_idea(challenge, title: str, *, days_ago: int = 0, **kwargs) -> Idea:
    return IdeaFactory(
        challenge=challenge,
        title=title,
        status="shipped",
        status_changed_at=timezone.now() - timedelta(days=days_ago),
        **kwargs,
    )


def add_wiki_page(parent, title: str, *, body=None, summary: str = "") -> WikiPage:
    page = WikiPage(title=title, slug=title.lower().replace(" ", "-"), summary=summary)
    page.body = body or [("paragraph", RichText(f"<p>About {title}.</p>"))]
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def add_changelog_post(brand, title: str, ideas, *, day: date | None = None) -> ChangelogPage:
    page = ChangelogPage(
        title=title,
        slug=title.lower().replace(" ", "-"),
        date=day or timezone.localdate(),
        intro=f"Intro of {title}",
        shipped_ideas=[ChangelogIdea(idea=idea, sort_order=n) for n, idea in enumerate(ideas)],
    )
    brand.page.add_child(instance=page)
    page.save_revision().publish()
    return page


def feature(*challenges) -> None:
    home = HomePage.objects.get()
    for n, challenge in enumerate(challenges):
        HomeFeaturedChallenge.objects.create(page=home, challenge=challenge, sort_order=n)


def test_home_features_challenges_in_the_editors_order(client, brand):
    first = make_challenge(brand, title="Zero waste kit")
    second = make_challenge(brand, title="Repair cafe", **CLOSED)
    plain = make_challenge(brand, title="Just open")
    draft = make_challenge(brand, title="Draft featured", live=False)
    feature(first, draft, second)

    response = client.get("/")

    assert [c.title for c in response.context["featured_challenges"]] == [
        "Zero waste kit",
        "Repair cafe",
    ]
    assert response.context["featured_challenges"][0].idea_total == 0
    assert [c.title for c in response.context["open_challenges"]] == [plain.title]
    assertContains(response, "Featured challenges")
    assertContains(response, f'href="{first.url}"', count=1)
    assertNotContains(response, "Draft featured")


def test_home_credits_the_latest_shipped_ideas(client, challenge):
    for n in range(7):
        shipped_idea(challenge, f"Shipped number {n}", days_ago=n)
    shipped_idea(challenge, "Hidden shipped", is_public=False)
    IdeaFactory(challenge=challenge, title="Only planned", status="planned")
    author = shipped_idea(challenge, "Newest shipped").author

    response = client.get("/")

    titles = [idea.title for idea in response.context["latest_shipped_ideas"]]
    assert titles == ["Newest shipped"] + [f"Shipped number {n}" for n in range(5)]
    assertContains(response, f"Idea by {author.public_name}, shipped by {challenge.brand.name}")
    assertNotContains(response, "Hidden shipped")


# Brand page: team, roadmap teaser, wiki, changelog posts


def test_brand_page_names_its_team_and_teases_its_roadmap(client, brand, challenge):
    owner = make_member(brand, Role.OWNER, UserFactory(display_name="Olga Owner"))
    make_member(brand, Role.MANAGER, UserFactory(display_name="Mani Manager"))
    make_member(brand, Role.MODERATOR, UserFactory(display_name="Modest Moderator"))
    make_member(BrandFactory(name="Elsewhere"), Role.OWNER, UserFactory(display_name="Other"))
    for n in range(4):
        IdeaFactory(challenge=challenge, title=f"Planned {n}", status="planned")
    IdeaFactory(challenge=challenge, title="Secret plan", status="planned", is_public=False)
    IdeaFactory(challenge=challenge, title="Fresh submission")

    response = client.get(brand.page.url)

    team = response.context["team"]
    assert [m.user.public_name for m in team] == ["Olga Owner", "Mani Manager"]
    assertContains(response, "Owner")
    assertNotContains(response, "Modest Moderator")
    assertNotContains(response, owner.email)
    columns = {c.status: c for c in response.context["roadmap_teaser"]}
    assert list(columns) == ["under_review", "planned", "in_progress", "shipped"]
    assert columns["planned"].total == 4
    assert [i.title for i in columns["planned"].ideas] == ["Planned 3", "Planned 2", "Planned 1"]
    assertContains(response, "See all 4")
    assertContains(response, f'href="{brand.page.url}roadmap/"')
    assertNotContains(response, "Secret plan")
    assertNotContains(response, "Fresh submission")


def test_brand_page_links_its_wiki_and_latest_changelog_posts(client, brand, challenge):
    add_wiki_page(brand.page, "Materials", summary="What goes in")
    draft = WikiPage(title="Draft wiki", slug="draft-wiki", live=False)
    brand.page.add_child(instance=draft)
    for n in range(4):
        add_changelog_post(brand, f"Post {n}", [], day=date(2025, 1, 1 + n))

    response = client.get(brand.page.url)

    assertContains(response, f'<a href="{brand.page.url}materials/">Materials</a>', html=True)
    assertContains(response, "What goes in")
    assertNotContains(response, "Draft wiki")
    assert [p.title for p in response.context["changelog_posts"]] == ["Post 3", "Post 2", "Post 1"]
    assertNotContains(response, "Post 0")


def test_brand_page_groups_challenges_by_phase(client, brand):
    make_challenge(brand, title="Open one")
    make_challenge(brand, title="Later one", **UPCOMING)
    make_challenge(brand, title="Closed one", **CLOSED)

    response = client.get(brand.page.url)

    assert [c.title for c in response.context["open_challenges"]] == ["Open one"]
    assert [c.title for c in response.context["upcoming_challenges"]] == ["Later one"]
    assert [c.title for c in response.context["closed_challenges"]] == ["Closed one"]
    assertContains(response, "Opening soon")


# Wiki pages


def test_wiki_page_renders_toc_breadcrumb_children_and_history(client, brand):
    body = [
        ("heading", {"text": "Where the cotton grows", "level": "h2"}),
        ("paragraph", RichText("<h3>Dyeing</h3><p>Plant dyes only.</p>")),
    ]
    parent = add_wiki_page(brand.page, "How it is made")
    page = add_wiki_page(parent, "Cotton", body=body, summary="Our fibre.")
    page.body = body + [("paragraph", RichText("<p>Updated.</p>"))]
    page.save_revision().publish()
    add_wiki_page(page, "Organic certificates")
    unpublished = WikiPage(title="Not yet", slug="not-yet", live=False)
    page.add_child(instance=unpublished)

    response = client.get(page.url)

    toc = response.context["toc"]
    assert [(e.level, e.text) for e in toc] == [(2, "Where the cotton grows"), (3, "Dyeing")]
    for entry in toc:
        assertContains(response, f'<a href="#{entry.anchor}">{entry.text}</a>', html=True)
        assertContains(response, f'id="{entry.anchor}"')
    assertContains(response, '<nav aria-label="Table of contents">')
    assert [c.title for c in response.context["breadcrumb"]] == [brand.page.title, parent.title]
    assertContains(response, f'<a href="{parent.url}">How it is made</a>', html=True)
    assertContains(response, "Organic certificates")
    assertNotContains(response, "Not yet")
    history = response.context["history"]
    assert [str(entry.label) for entry in history] == ["Changed", "Published"]
    assert history[0].timestamp >= history[1].timestamp
    for entry in history:
        stamp = dateformat.format(timezone.localtime(entry.timestamp), "c")
        assertContains(response, f'<time datetime="{stamp}">', count=1)
    assertContains(response, "Plant dyes only.")


def test_wiki_history_never_names_who_published(client, brand):
    editor = UserFactory(display_name="Erin Editor", email="erin@brand.example", is_superuser=True)
    page = WikiPage(title="Margins", slug="margins")
    brand.page.add_child(instance=page)
    page.save_revision(user=editor).publish(user=editor)

    response = client.get(page.url)

    assert len(response.context["history"]) == 1
    assertNotContains(response, "Erin Editor")
    assertNotContains(response, "erin@brand.example")


def test_wiki_page_without_headings_has_no_toc(client, brand):
    page = add_wiki_page(brand.page, "Care")

    response = client.get(page.url)

    assert response.context["toc"] == []
    assertNotContains(response, "Table of contents")


# Changelog posts


def test_changelog_post_credits_the_authors_of_its_ideas(client, challenge):
    first = shipped_idea(challenge, "Refill pouches", author=UserFactory(display_name="Ada"))
    second = shipped_idea(challenge, "Glass jars", author=UserFactory(display_name="Bo"))
    hidden = shipped_idea(challenge, "Hidden idea", is_public=False)
    post = add_changelog_post(challenge.brand, "Spring release", [second, hidden, first])

    response = client.get(post.url)

    assert [i.title for i in response.context["linked_ideas"]] == ["Glass jars", "Refill pouches"]
    assertContains(response, "Idea by Bo")
    assertContains(response, "Idea by Ada")
    assertContains(response, f'href="{first.get_absolute_url()}"')
    assertContains(response, "Intro of Spring release")
    assertNotContains(response, "Hidden idea")


def test_changelog_route_shows_posts_above_shipped_ideas(client, challenge):
    brand = challenge.brand
    idea = shipped_idea(challenge, "Compostable lids")
    for n in range(20):
        shipped_idea(challenge, f"Older {n}", days_ago=n + 1)
    add_changelog_post(brand, "Old news", [idea], day=date(2024, 5, 1))
    add_changelog_post(brand, "Big update", [idea], day=date(2025, 5, 1))

    response = client.get(f"{brand.page.url}changelog/")

    assert [p.title for p in response.context["posts"]] == ["Big update", "Old news"]
    assertContains(response, "Compostable lids")
    assert response.content.index(b"Big update") < response.content.index(b"Compostable lids")
    assert client.get(f"{brand.page.url}changelog/?page=2").context["posts"] == []
    feed = client.get(f"{brand.page.url}changelog/feed/")
    assert feed.status_code == 200
    for title in (b"Big update", b"Old news", b"Compostable lids"):
        assert title in feed.content


# Query counts of the editorial pages as their data grows

EDITORIAL_PAGE_QUERIES = {  # for a logged-in visitor
    "home": 14,
    "brand": 19,
    "wiki": 18,
    "changelog post": 15,
    "changelog": 16,
}


def grow_brand(brand, home_featured: list, n: int) -> None:
    now = timezone.now()
    open_challenge = make_challenge(brand, title=f"Open {n}")
    ChallengePage.objects.filter(pk=open_challenge.pk).update(
        cover_image=wagtail_image(f"Cover {n}")
    )
    make_challenge(brand, title=f"Closed {n}", **CLOSED)
    make_challenge(brand, title=f"Upcoming {n}", **UPCOMING)
    home_featured.append(open_challenge)
    make_member(brand, Role.MANAGER)
    ideas = []
    for status in ("under_review", "planned", "in_progress", "shipped", "shipped"):
        ideas.append(IdeaFactory(challenge=open_challenge, status=status, status_changed_at=now))
    add_changelog_post(brand, f"Post {n}", ideas[-2:], day=date(2025, 1, 1 + n))
    wiki = WikiPage.objects.get(slug="materials")
    add_wiki_page(wiki, f"Child {n}")
    add_wiki_page(brand.page, f"Top {n}")
    wiki.save_revision().publish()


def test_editorial_pages_use_a_fixed_number_of_queries(
    client, brand, django_assert_max_num_queries
):
    client.force_login(UserFactory())
    wiki = add_wiki_page(brand.page, "Materials")
    featured: list = []
    grow_brand(brand, featured, 0)
    feature(*featured)
    post = ChangelogPage.objects.get(slug="post-0")
    urls = {
        "home": "/",
        "brand": brand.page.url,
        "wiki": wiki.url,
        "changelog post": post.url,
        "changelog": f"{brand.page.url}changelog/",
    }
    small = {
        name: count_queries(client, url, django_assert_max_num_queries, 40)
        for name, url in urls.items()
    }
    for n in range(1, 6):
        grow_brand(brand, featured, n)
    HomeFeaturedChallenge.objects.all().delete()
    feature(*featured)
    large = {
        name: count_queries(client, url, django_assert_max_num_queries, 40)
        for name, url in urls.items()
    }

    assert small == large == EDITORIAL_PAGE_QUERIES
