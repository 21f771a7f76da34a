"""Where each page type may live, which slugs a brand page keeps, and how pages find their
brand."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from challenges.models import ChallengePage
from cms.models import BrandIndexPage, BrandPage, ChangelogPage, HomePage, WikiPage
from cms.models.brand_owned import RESERVED_SLUGS
from tests.factories import BrandFactory


class PageTreeTests(WagtailPageTestCase):
    def test_home_page_sits_under_the_root_once(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedSubpageTypes(HomePage, {BrandIndexPage})
        root = Page.get_first_root_node()
        self.assertEqual(HomePage.objects.count(), 1)
        self.assertFalse(HomePage.can_create_at(root))

    def test_brand_index_sits_under_the_home_page(self):
        self.assertCanCreateAt(HomePage, BrandIndexPage)
        self.assertAllowedParentPageTypes(BrandIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(BrandIndexPage, {BrandPage})
        self.assertCanNotCreateAt(Page, BrandIndexPage)

    def test_brand_pages_sit_under_the_brand_index(self):
        self.assertAllowedParentPageTypes(BrandPage, {BrandIndexPage})
        self.assertCanNotCreateAt(HomePage, BrandPage)
        self.assertAllowedSubpageTypes(BrandPage, {ChallengePage, WikiPage, ChangelogPage})

    def test_wiki_pages_nest_changelog_posts_and_challenges_do_not(self):
        self.assertAllowedParentPageTypes(WikiPage, {BrandPage, WikiPage})
        self.assertAllowedSubpageTypes(WikiPage, {WikiPage})
        self.assertAllowedParentPageTypes(ChangelogPage, {BrandPage})
        self.assertAllowedParentPageTypes(ChallengePage, {BrandPage})
        self.assertAllowedSubpageTypes(ChangelogPage, set())
        self.assertAllowedSubpageTypes(ChallengePage, set())
        for page_type in (ChallengePage, ChangelogPage):
            self.assertCanNotCreateAt(WikiPage, page_type)
            self.assertCanNotCreateAt(HomePage, page_type)
            self.assertCanNotCreateAt(BrandIndexPage, page_type)


@pytest.mark.parametrize("slug", sorted(RESERVED_SLUGS))
@pytest.mark.parametrize("page_type", [WikiPage, ChangelogPage])
def test_a_brand_page_keeps_its_own_slugs(brand, page_type, slug):
    with pytest.raises(ValidationError) as refused:
        brand.page.add_child(instance=page_type(title="Taken", slug=slug))

    assert "slug" in refused.value.message_dict
    assert not page_type.objects.exists()


def test_reserved_slugs_are_refused_deeper_down_too(brand):
    parent = brand.page.add_child(instance=WikiPage(title="Guides", slug="guides"))

    with pytest.raises(ValidationError):
        parent.add_child(instance=WikiPage(title="Roadmap", slug="roadmap"))


def test_pages_take_the_brand_of_their_brand_page(brand):
    BrandFactory(name="Other brand")
    top = brand.page.add_child(instance=WikiPage(title="Our granola", slug="granola"))
    middle = top.add_child(instance=WikiPage(title="Oats", slug="oats"))
    deep = middle.add_child(instance=WikiPage(title="The farm", slug="farm"))
    post = brand.page.add_child(instance=ChangelogPage(title="Shipped", slug="shipped"))

    for page in (top, middle, deep, post):
        assert type(page).objects.get(pk=page.pk).brand_id == brand.pk
    assert deep.depth == brand.page.depth + 3
