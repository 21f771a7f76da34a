"""The triage board page, its move and bulk endpoints, and its fixed query count."""

import pytest
from django.urls import reverse

from ideas.models import Idea, StatusChange
from ideas.roadmap import Status
from ideas.selectors_board import CARDS_PER_COLUMN, board_for_brand
from tests.factories import BrandFactory, IdeaFactory, make_challenge

pytestmark = pytest.mark.django_db


def board_url(brand, **params):
    url = reverse("staff:board", kwargs={"slug": brand.slug})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def move_url(brand):
    return reverse("staff:board_move", kwargs={"slug": brand.slug})


def bulk_url(brand):
    return reverse("staff:board_bulk", kwargs={"slug": brand.slug})


def seed(challenge, per_status: int):
    for status in Status.values:
        for _ in range(per_status):
            idea = IdeaFactory(challenge=challenge, status=status)
            idea.tags.add("refill", f"t-{idea.pk}")


def test_board_shows_columns_capped_with_a_more_link(client, brand, challenge, manager):
    IdeaFactory.create_batch(CARDS_PER_COLUMN + 2, challenge=challenge)
    IdeaFactory(challenge=challenge, status=Status.PLANNED, title="Planned one")
    client.force_login(manager)
    response = client.get(board_url(brand))
    assert response.status_code == 200
    html = response.content.decode()
    for status in Status:
        assert f'data-status="{status.value}"' in html
    assert html.count('class="board-card"') == CARDS_PER_COLUMN + 1
    assert "2 more" in html and "column=submitted" in html
    full = client.get(board_url(brand, column="submitted", page=2))
    assert full.content.decode().count('class="board-card"') == 2


def test_cards_are_ordered_by_votes_within_their_column(brand, challenge):
    low = IdeaFactory(challenge=challenge, vote_count=1)
    high = IdeaFactory(challenge=challenge, vote_count=9)
    columns = board_for_brand(brand=brand)
    assert columns[0].status == Status.SUBMITTED
    assert columns[0].ideas == [high, low]
    assert [s.value for s in columns[0].ideas[0].next_statuses] == [
        "under_review",
        "planned",
        "declined",
        "duplicate",
    ]


def test_board_filters_by_challenge_and_tag(client, brand, challenge, manager):
    other = make_challenge(brand, title="Other challenge")
    tagged = IdeaFactory(challenge=challenge, title="Tagged idea")
    tagged.tags.add("refill")
    IdeaFactory(challenge=challenge, title="Untagged idea")
    IdeaFactory(challenge=other, title="Idea elsewhere")
    client.force_login(manager)
    html = client.get(board_url(brand, challenge=challenge.pk)).content.decode()
    assert "Tagged idea" in html and "Untagged idea" in html and "Idea elsewhere" not in html
    html = client.get(board_url(brand, tag="refill")).content.decode()
    assert "Tagged idea" in html and "Untagged idea" not in html


def test_board_hides_other_brands_ideas(client, brand, challenge, manager):
    IdeaFactory(challenge=make_challenge(BrandFactory(), title="Foreign"), title="Not yours")
    client.force_login(manager)
    assert "Not yours" not in client.get(board_url(brand)).content.decode()


@pytest.mark.parametrize("params", [{}, {"tag": "refill"}, {"column": "planned"}])
def test_board_query_count_does_not_grow_with_data(
    client, brand, challenge, manager, django_assert_max_num_queries, params
):
    client.force_login(manager)
    seed(challenge, 1)
    with django_assert_max_num_queries(12) as small:
        assert client.get(board_url(brand, **params)).status_code == 200
    seed(challenge, CARDS_PER_COLUMN + 5)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(board_url(brand, **params))
    assert response.status_code == 200


def test_move_changes_status_and_redirects_back(client, brand, challenge, manager):
    idea = IdeaFactory(challenge=challenge, status=Status.UNDER_REVIEW)
    client.force_login(manager)
    response = client.post(
        move_url(brand),
        {"idea": idea.pk, "to_status": "planned", "note": "Next quarter", "next": "/x?tag=a"},
    )
    assert response.status_code == 302 and response.url == "/x?tag=a"
    idea.refresh_from_db()
    assert idea.status == Status.PLANNED
    assert StatusChange.objects.get(idea=idea).note == "Next quarter"


def test_move_answers_json_to_the_script(client, brand, challenge, manager):
    idea = IdeaFactory(challenge=challenge, status=Status.UNDER_REVIEW)
    client.force_login(manager)
    response = client.post(
        move_url(brand),
        {"idea": idea.pk, "to_status": "planned"},
        headers={"accept": "application/json"},
    )
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "planned" and data["status_label"] == "Planned"
    assert [s["value"] for s in data["next_statuses"]] == [
        "under_review",
        "in_progress",
        "declined",
    ]


def test_declining_without_a_note_is_refused_with_a_clear_error(client, brand, challenge, manager):
    idea = IdeaFactory(challenge=challenge, title="Refill bar")
    client.force_login(manager)
    response = client.post(
        move_url(brand),
        {"idea": idea.pk, "to_status": "declined", "note": ""},
        headers={"accept": "application/json"},
    )
    assert response.status_code == 400
    assert "Explain publicly" in response.json()["error"]["message"]
    response = client.post(
        move_url(brand), {"idea": idea.pk, "to_status": "declined", "note": ""}, follow=True
    )
    assert "Refill bar" in response.content.decode() and "Explain publicly" in (
        response.content.decode()
    )
    assert Idea.objects.get(pk=idea.pk).status == Status.SUBMITTED


def test_move_refuses_a_forbidden_transition(client, brand, challenge, manager):
    idea = IdeaFactory(challenge=challenge, status=Status.SHIPPED)
    client.force_login(manager)
    response = client.post(
        move_url(brand),
        {"idea": idea.pk, "to_status": "submitted"},
        headers={"accept": "application/json"},
    )
    assert response.status_code == 400
    assert "cannot move" in response.json()["error"]["message"]


def test_move_of_another_brands_idea_is_not_found(client, brand, manager):
    foreign = IdeaFactory(challenge=make_challenge(BrandFactory(), title="Foreign"))
    client.force_login(manager)
    response = client.post(move_url(brand), {"idea": foreign.pk, "to_status": "under_review"})
    assert response.status_code == 404
    assert Idea.objects.get(pk=foreign.pk).status == Status.SUBMITTED


def test_move_with_a_bad_form_is_refused(client, brand, manager):
    client.force_login(manager)
    response = client.post(
        move_url(brand), {"to_status": "nope"}, headers={"accept": "application/json"}
    )
    assert response.status_code == 400


def test_bulk_move_and_tag_from_the_board(client, brand, challenge, manager):
    ideas = IdeaFactory.create_batch(2, challenge=challenge)
    ids = [i.pk for i in ideas]
    client.force_login(manager)
    response = client.post(
        bulk_url(brand), {"ideas": ids, "action": "move", "to_status": "under_review"}
    )
    assert response.status_code == 302
    assert set(Idea.objects.filter(pk__in=ids).values_list("status", flat=True)) == {"under_review"}
    client.post(bulk_url(brand), {"ideas": ids, "action": "tag", "tag": "Later"})
    assert all(list(i.tags.names()) == ["later"] for i in ideas)


def test_bulk_move_refusal_changes_nothing_and_says_why(client, brand, challenge, manager):
    ok = IdeaFactory(challenge=challenge)
    stuck = IdeaFactory(challenge=challenge, status=Status.SHIPPED, title="Done deal")
    client.force_login(manager)
    response = client.post(
        bulk_url(brand),
        {"ideas": [ok.pk, stuck.pk], "action": "move", "to_status": "planned"},
        follow=True,
    )
    assert "Done deal" in response.content.decode()
    assert StatusChange.objects.count() == 0


def test_bulk_with_a_foreign_or_missing_idea_is_forbidden(client, brand, challenge, manager):
    own = IdeaFactory(challenge=challenge)
    foreign = IdeaFactory(challenge=make_challenge(BrandFactory(), title="Foreign"))
    client.force_login(manager)
    for ids in ([own.pk, foreign.pk], [own.pk, 999_999]):
        response = client.post(
            bulk_url(brand), {"ideas": ids, "action": "move", "to_status": "under_review"}
        )
        assert response.status_code == 403
    assert StatusChange.objects.count() == 0


def test_bulk_with_a_bad_form_is_refused(client, brand, manager):
    client.force_login(manager)
    response = client.post(bulk_url(brand), {"action": "explode"}, follow=True)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_board_of_an_unknown_brand_is_not_found(client, manager):
    client.force_login(manager)
    assert client.get("/staff/no-such-brand/board/").status_code == 404
