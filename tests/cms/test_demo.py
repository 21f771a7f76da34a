"""``seed_demo``'s editorial pages and staff: valid content, a page waiting for review, and
nothing added by a second run."""

import io

from django.core.management import call_command
from wagtail.models import Page, PageLogEntry, Revision, WorkflowState

from brands.models import Brand, Membership, Role
from cms.models import BrandPage, ChangelogIdea, ChangelogPage, HomePage, WikiPage

ARGS = ["seed_demo", "--ideas-per-challenge", "12", "--customers", "8", "--no-progress"]


def editorial_world() -> dict[str, int]:
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "log entries": PageLogEntry.objects.count(),
        "workflow states": WorkflowState.objects.count(),
        "changelog ideas": ChangelogIdea.objects.count(),
        "memberships": Membership.objects.count(),
    }


def publications(page) -> int:
    return PageLogEntry.objects.filter(page=page, action="wagtail.publish").count()


def test_seed_demo_fills_the_editorial_pages_once(client, db):
    output = io.StringIO()
    call_command(*ARGS, stdout=output)
    first = editorial_world()
    call_command(*ARGS, stdout=io.StringIO())

    assert editorial_world() == first
    assert Membership.objects.filter(role=Role.MANAGER).count() == Brand.objects.count()

    home = HomePage.objects.get()
    assert home.hero_image is not None
    assert home.hero_link_page.url == "/brands/"
    assert home.featured_challenges.count() == 3

    for brand_page in BrandPage.objects.all():
        types = [block.block_type for block in brand_page.body]
        assert {"paragraph", "quote", "call_to_action"} <= set(types)
        live_wiki = WikiPage.objects.live().filter(brand=brand_page.brand)
        assert live_wiki.count() == 2
        for wiki in live_wiki:
            assert "cost_breakdown" in [block.block_type for block in wiki.body]
    for page in [*BrandPage.objects.all(), *WikiPage.objects.all(), *ChangelogPage.objects.all()]:
        page.body.stream_block.clean(page.body)

    assert sorted(publications(page) for page in WikiPage.objects.live()) == [1] * 5 + [2]
    assert ChangelogIdea.objects.exists()
    assert all(link.idea.status == "shipped" for link in ChangelogIdea.objects.all())

    [in_review] = [page for page in WikiPage.objects.all() if page.workflow_in_progress]
    state = WorkflowState.objects.get(object_id=str(in_review.pk))
    assert in_review.live is False
    assert state.requested_by.email == "manager@fieldfare.demo"
    assert state.workflow.name == "Review by Fieldfare Food Co-op owners"
    assert "log in as owner@fieldfare.demo to approve" in output.getvalue()
    assert client.get(in_review.get_parent().url).status_code == 200
