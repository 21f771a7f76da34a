"""Site chrome: the header's links and the footer's wiki links, cached and kept fresh."""

from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from pytest_django.asserts import assertContains, assertNotContains
from wagtail.rich_text import RichText

from cms.context_processors import site_navigation, wiki_navigation
from cms.models import WikiPage
from tests.factories import BrandFactory, UserFactory


def publish_wiki(parent, title: str, capture) -> WikiPage:
    page = WikiPage(title=title, slug=title.lower().replace(" ", "-"))
    page.body = [("paragraph", RichText("<p>Open book.</p>"))]
    parent.add_child(instance=page)
    with capture(execute=True):
        page.save_revision().publish()
    return page


def test_header_links_to_brands_challenges_and_roadmap(client, db):
    response = client.get("/challenges/")

    assertContains(response, '<nav class="primary-nav" aria-label="Main">')
    assertContains(response, '<a href="/brands/">Brands</a>', html=True)
    assertContains(response, '<a href="/challenges/" aria-current="page">Challenges</a>', html=True)
    assertContains(response, '<a href="/roadmap/">Roadmap</a>', html=True)
    assertContains(response, 'id="site-search"')
    assertContains(response, "Log in")


def test_header_keeps_the_account_links_for_members(client, db):
    user = UserFactory(display_name="Nadia")
    client.force_login(user)

    response = client.get("/roadmap/")

    assertContains(response, 'class="bell"')
    assertContains(response, "Nadia")
    assertContains(response, "Log out")


def test_footer_wiki_links_follow_publishing(client, brand, django_capture_on_commit_callbacks):
    assertNotContains(client.get("/"), "footer-wiki")
    other = BrandFactory(name="Another brand")

    page = publish_wiki(brand.page, "Supply chain", django_capture_on_commit_callbacks)
    publish_wiki(page, "Nested page", django_capture_on_commit_callbacks)
    publish_wiki(other.page, "Margins", django_capture_on_commit_callbacks)

    response = client.get("/")
    assertContains(response, f'<a href="{page.url}">Supply chain</a>', html=True)
    assertContains(response, f'<a href="{brand.page.url}">{brand.name}</a>', html=True)
    assertContains(response, "Margins")
    assertNotContains(response, "Nested page")
    groups = [group.brand for group in response.context["wiki_navigation"]]
    assert groups == ["Another brand", brand.name]

    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()

    response = client.get("/")
    assertNotContains(response, "Supply chain")
    assertContains(response, "Margins")


def test_wiki_navigation_is_cached(brand, django_capture_on_commit_callbacks):
    publish_wiki(brand.page, "Factories", django_capture_on_commit_callbacks)
    request = RequestFactory().get("/")

    first = wiki_navigation(request)
    with CaptureQueriesContext(connection) as captured:
        again = wiki_navigation(request)

    assert [link.title for link in first[0].pages] == ["Factories"]
    assert again == first
    assert captured.captured_queries == []


def test_context_processor_costs_nothing_until_rendered(db):
    request = RequestFactory().get("/")

    with CaptureQueriesContext(connection) as captured:
        site_navigation(request)

    assert captured.captured_queries == []


def test_footer_skips_restricted_wiki_pages_and_unpublished_brands(
    client, brand, django_capture_on_commit_callbacks
):
    from wagtail.models import PageViewRestriction

    secret = publish_wiki(brand.page, "Secret costs", django_capture_on_commit_callbacks)
    PageViewRestriction.objects.create(page=secret, restriction_type="login")
    publish_wiki(brand.page, "Open costs", django_capture_on_commit_callbacks)
    gone = BrandFactory(name="Gone brand")
    publish_wiki(gone.page, "Orphan page", django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        gone.page.unpublish()

    response = client.get("/")

    assertContains(response, "Open costs")
    assertNotContains(response, "Secret costs")
    assertNotContains(response, "Orphan page")
