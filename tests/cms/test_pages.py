"""Editorial pages: home, /brands/, /brands/<slug>/, and the demo seed."""

import io
from datetime import timedelta

from django.core.files.images import ImageFile
from django.core.management import call_command
from pytest_django.asserts import assertContains, assertNotContains
from wagtail.images.models import Image as WagtailImage
from wagtail.models import Page

from accounts.models import User
from brands.models import Brand, Membership
from challenges.models import ChallengePage
from cms.demo_images import picture
from ideas import services
from ideas.models import Comment, Idea, IdeaImage, StatusChange, Vote
from tests.factories import BrandFactory, IdeaFactory, UserFactory, make_challenge

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
    assert first["users"] == 5 + 1 + 3 * 2
    for idea in Idea.objects.all():
        assert idea.vote_count == idea.votes.count()
        assert idea.comment_count == idea.comments.count()
    assert client.get("/").status_code == 200
    assert client.get("/brands/fieldfare/").status_code == 200
    assert client.get(Idea.objects.first().get_absolute_url()).status_code == 200
