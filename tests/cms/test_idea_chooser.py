"""The admin chooser for ideas (``cms.choosers``) and its widget on ``ChangelogIdea``."""

from django.urls import reverse

from brands.models import Role
from brands.services import set_membership
from cms.choosers import idea_chooser_viewset
from cms.models import ChangelogIdea
from tests.factories import BrandFactory, IdeaFactory, UserFactory, make_challenge

CHOOSE = idea_chooser_viewset.get_url_name("choose")
RESULTS = idea_chooser_viewset.get_url_name("choose_results")
CHOSEN = idea_chooser_viewset.get_url_name("chosen")


def html_of(response) -> str:
    return response.json()["html"]


def test_superuser_sees_public_ideas_and_can_search(admin_client, challenge):
    IdeaFactory(challenge=challenge, title="Refill station in the shop")
    IdeaFactory(challenge=challenge, title="Compostable lids")
    IdeaFactory(challenge=challenge, title="Hidden refill idea", is_public=False)

    listing = html_of(admin_client.get(reverse(CHOOSE)))
    searched = admin_client.get(reverse(RESULTS), {"q": "refill"}).content.decode()

    assert "Refill station in the shop" in listing
    assert "Compostable lids" in listing
    assert "Hidden refill idea" not in listing
    assert "Refill station in the shop" in searched
    assert "Compostable lids" not in searched
    assert "Hidden refill idea" not in searched


def test_search_from_the_modal_form_filters_too(admin_client, challenge):
    IdeaFactory(challenge=challenge, title="Refill station in the shop")
    IdeaFactory(challenge=challenge, title="Compostable lids")

    listing = html_of(admin_client.get(reverse(CHOOSE), {"q": "lids"}))

    assert "Compostable lids" in listing
    assert "Refill station in the shop" not in listing


def test_brand_manager_sees_only_their_brands_ideas(client, brand, challenge):
    IdeaFactory(challenge=challenge, title="Our own idea")
    rival = BrandFactory(name="Rival")
    rival_idea = IdeaFactory(challenge=make_challenge(rival, title="Rival"), title="Rival idea")
    manager = UserFactory()
    set_membership(brand=brand, user=manager, role=Role.MANAGER)
    client.force_login(manager)

    listing = html_of(client.get(reverse(CHOOSE)))
    chosen = client.get(reverse(CHOSEN, args=[rival_idea.pk]))

    assert "Our own idea" in listing
    assert "Rival idea" not in listing
    assert chosen.status_code == 404


def test_visitors_cannot_open_the_chooser(client, idea):
    response = client.get(reverse(CHOOSE))

    assert response.status_code == 302


def test_changelog_idea_panel_uses_the_chooser_widget(idea):
    form_class = ChangelogIdea.panels[0].bind_to_model(ChangelogIdea).get_form_class()

    widget = form_class.base_fields["idea"].widget
    html = widget.render("idea", idea.pk, attrs={"id": "id_idea"})

    assert type(widget).__name__ == "IdeaChooserWidget"
    assert reverse(CHOOSE) in html
    assert idea.title in html
    assert "Choose another idea" in html


def test_chooser_modal_has_its_title(admin_client, db):
    assert "Choose an idea" in html_of(admin_client.get(reverse(CHOOSE)))
