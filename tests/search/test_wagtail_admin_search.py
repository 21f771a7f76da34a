"""Wagtail's own page search (the admin's), served by ``WAGTAILSEARCH_BACKENDS``: the
database here, Elasticsearch when ``ELASTICSEARCH_URL`` is set."""

from django.core.management import call_command
from pytest_django.asserts import assertContains, assertNotContains

from cms.models import WikiPage
from tests.factories import BrandFactory
from tests.search.behaviour import FAQ, add_page, paragraph

URL = "/admin/pages/search/"


def wiki(db):
    brand = BrandFactory(name="Footloose", slug="footloose").page
    return add_page(
        brand,
        WikiPage,
        title="How our trainers are made",
        summary="Materials and suppliers.",
        body=[paragraph("<p>Every pair is stitched.</p>"), FAQ],
    )


def test_the_admin_finds_a_wiki_page_by_title(admin_client, db):
    page = wiki(db)

    response = admin_client.get(URL, {"q": "trainers"})

    assert page.pk in [found.pk for found in response.context["pages"]]
    assertContains(response, "How our trainers are made")


def test_the_admin_finds_a_wiki_page_by_a_body_word(admin_client, db):
    """Needs ``search_fields`` on ``WikiPage`` with summary and body as ``SearchField`` and
    ``AutocompleteField`` (the admin's page search uses ``autocomplete``): by default
    Wagtail indexes a page's title only."""
    page = wiki(db)
    call_command("wagtail_update_index", verbosity=0)

    response = admin_client.get(URL, {"q": "soles"})

    assert page.pk in [found.pk for found in response.context["pages"]]
    response = admin_client.get(URL, {"q": "xylophonequartz"})
    assertNotContains(response, "How our trainers are made")
