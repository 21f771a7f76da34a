"""Brand staff in the Wagtail admin: each brand's editors reach only their brand's pages."""

from django.urls import reverse
from pytest_django.asserts import assertRedirects
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from brands.models import Role
from cms.models import HomePage, WikiPage
from tests.factories import BrandFactory, make_member


def add_wiki_url(parent: Page) -> str:
    return reverse("wagtailadmin_pages:add", args=["cms", "wikipage", parent.pk])


def edit_url(page: Page) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def wiki_form(title: str, slug: str, **actions) -> dict:
    """What the page editor posts for a wiki page (``actions``: e.g. ``action-submit="1"``)."""
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "summary": "How our granola is made.",
            "body": streamfield([("paragraph", rich_text("<p>Oats from Lower Farm.</p>"))]),
            "comments": inline_formset([]),
            **actions,
        }
    )


def assert_refused(response) -> None:
    """Wagtail answers a page it will not let the user touch with a redirect to its dashboard."""
    assertRedirects(response, reverse("wagtailadmin_home"), target_status_code=200)


def test_a_manager_drafts_a_wiki_page_under_their_brand(client, brand):
    manager = make_member(brand, Role.MANAGER)
    client.force_login(manager)

    assert client.get(add_wiki_url(brand.page)).status_code == 200
    response = client.post(add_wiki_url(brand.page), wiki_form("Our granola", "granola"))

    page = WikiPage.objects.get(slug="granola")
    assertRedirects(response, edit_url(page), fetch_redirect_response=False)
    assert page.brand == brand
    assert page.live is False
    assert page.get_latest_revision().user == manager
    assert page.get_parent().pk == brand.page.pk


def test_a_manager_cannot_touch_another_brands_pages(client, brand):
    manager = make_member(brand, Role.MANAGER)
    other = BrandFactory(name="Other brand")
    theirs = other.page.add_child(instance=WikiPage(title="Their wiki", slug="their-wiki"))
    client.force_login(manager)

    for url in (edit_url(other.page), edit_url(theirs), add_wiki_url(other.page)):
        assert_refused(client.get(url))
    assert_refused(client.post(add_wiki_url(other.page), wiki_form("Intruder", "intruder")))
    assert_refused(client.post(edit_url(theirs), wiki_form("Defaced", "their-wiki")))

    assert not WikiPage.objects.filter(slug="intruder").exists()
    assert WikiPage.objects.get(pk=theirs.pk).get_latest_revision() is None


def test_a_manager_cannot_edit_the_home_page(client, brand):
    client.force_login(make_member(brand, Role.MANAGER))

    assert_refused(client.get(edit_url(HomePage.objects.get())))


def test_an_owner_reaches_only_their_own_brand_too(client, brand):
    owner = make_member(brand, Role.OWNER)
    other = BrandFactory(name="Other brand")
    client.force_login(owner)

    assert client.get(edit_url(brand.page)).status_code == 200
    assert_refused(client.get(edit_url(other.page)))


def test_a_moderator_gets_no_admin_access(client, brand):
    client.force_login(make_member(brand, Role.MODERATOR))

    for url in (reverse("wagtailadmin_home"), add_wiki_url(brand.page), edit_url(brand.page)):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("wagtailadmin_login"))
