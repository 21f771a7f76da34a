"""The idea page's owner, deadline and merge panels, and their staff forms."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from ideas.models import Idea, Merge
from ideas.roadmap import Status


def test_owner_form_and_public_name(client, make_idea, triager, customer):
    idea = make_idea()
    client.force_login(triager)
    response = client.post(reverse("ideas:assign_owner", args=[idea.pk]), {"owner": triager.pk})
    assert response.status_code == 302
    client.force_login(customer)
    page = client.get(idea.get_absolute_url()).content.decode()
    assert f"In charge: {triager.public_name}" in page
    assert 'name="owner"' not in page and 'name="into"' not in page


def test_customer_cannot_post_staff_forms(client, make_idea, customer):
    a, b = make_idea(), make_idea()
    client.force_login(customer)
    assert client.post(reverse("ideas:merge", args=[b.pk]), {"into": a.pk}).status_code == 403
    assert client.post(reverse("ideas:assign_owner", args=[a.pk]), {}).status_code == 403
    assert Idea.objects.get(pk=b.pk).merged_into_id is None


def test_merge_and_undo_through_the_page(client, make_idea, triager):
    a, b = make_idea(), make_idea()
    client.force_login(triager)
    response = client.post(reverse("ideas:merge", args=[b.pk]), {"into": a.pk})
    assert response.status_code == 302 and response.url == a.get_absolute_url()

    page_b = client.get(b.get_absolute_url()).content.decode()
    assert "Merged into" in page_b and a.get_absolute_url() in page_b
    page_a = client.get(a.get_absolute_url()).content.decode()
    merge = Merge.objects.get()
    assert "Merges" in page_a and b.title in page_a
    assert reverse("ideas:undo_merge", args=[merge.pk]) in page_a

    client.post(reverse("ideas:undo_merge", args=[merge.pk]))
    assert Idea.objects.get(pk=b.pk).merged_into_id is None
    assert "undone on" in client.get(a.get_absolute_url()).content.decode()


def test_refused_merge_shows_the_reason(client, make_idea, triager):
    a = make_idea()
    client.force_login(triager)
    response = client.post(reverse("ideas:merge", args=[a.pk]), {"into": a.pk}, follow=True)
    assert "cannot be merged into itself" in response.content.decode()


def test_response_deadline_is_public_and_overdue_when_past(client, make_idea):
    idea = make_idea()
    due = timezone.now() + timedelta(days=3)
    Idea.objects.filter(pk=idea.pk).update(status=Status.UNDER_REVIEW, response_due_at=due)
    page = client.get(idea.get_absolute_url()).content.decode()
    assert "The brand has promised an answer by" in page and "overdue" not in page

    Idea.objects.filter(pk=idea.pk).update(response_due_at=timezone.now() - timedelta(days=1))
    assert "overdue" in client.get(idea.get_absolute_url()).content.decode()

    Idea.objects.filter(pk=idea.pk).update(status=Status.PLANNED)
    assert "promised an answer" not in client.get(idea.get_absolute_url()).content.decode()
