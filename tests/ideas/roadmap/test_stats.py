"""ideas.stats: responsiveness figures on a hand-made data set; the task, command and pages."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from cocreate.celery import app as celery_app
from ideas.models import BrandResponsiveness
from ideas.stats import refresh_brand_responsiveness
from ideas.tasks import refresh_all_brand_responsiveness
from tests.factories import BrandFactory, IdeaFactory, make_challenge


def idea(challenge, *, age_days: float, answered_after_hours: float | None = None, **fields):
    created = timezone.now() - timedelta(days=age_days)
    answered = None
    if answered_after_hours is not None:
        answered = created + timedelta(hours=answered_after_hours)
    return IdeaFactory(
        challenge=challenge, created_at=created, first_response_at=answered, **fields
    )


@pytest.fixture
def data_set(challenge):
    """Answered after 2, 4, 10 and 192 hours; one old and one young unanswered; noise."""
    idea(challenge, age_days=10, answered_after_hours=2, status="shipped")
    idea(challenge, age_days=20, answered_after_hours=10, status="shipped")
    idea(challenge, age_days=30, answered_after_hours=192)
    idea(challenge, age_days=1, answered_after_hours=4)
    idea(challenge, age_days=10)
    idea(challenge, age_days=2)
    idea(challenge, age_days=40, answered_after_hours=1000, status="shipped", is_public=False)
    idea(make_challenge(BrandFactory()), age_days=40, answered_after_hours=1, status="shipped")
    return challenge.brand


def test_figures_are_exact(data_set):
    stats = refresh_brand_responsiveness(brand=data_set)

    stats.refresh_from_db()
    assert stats.median_response_hours == pytest.approx(7.0)  # (4 + 10) / 2
    assert stats.answered_within_7_days_pct == pytest.approx(60.0)  # 3 of 5 counted
    assert stats.shipped_count == 2
    assert timezone.now() - stats.computed_at < timedelta(minutes=1)


def test_odd_number_of_answers_and_refresh_updates_the_same_row(data_set, challenge):
    refresh_brand_responsiveness(brand=data_set)
    idea(challenge, age_days=15, answered_after_hours=5)

    stats = refresh_brand_responsiveness(brand=data_set)

    assert BrandResponsiveness.objects.filter(brand=data_set).count() == 1
    assert stats.median_response_hours == pytest.approx(5.0)  # 2, 4, 5, 10, 192
    assert stats.answered_within_7_days_pct == pytest.approx(4 / 6 * 100)


def test_no_ideas_gives_no_figures(brand):
    stats = refresh_brand_responsiveness(brand=brand)

    assert (stats.median_response_hours, stats.answered_within_7_days_pct) == (None, None)
    assert stats.shipped_count == 0


def test_task_for_all_brands_and_command(data_set, capsys, monkeypatch):
    """Runs the tasks in-process, as the demo does without REDIS_URL (a worker: issue 4)."""
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)
    other = BrandFactory()

    refresh_all_brand_responsiveness.delay()

    refreshed = set(BrandResponsiveness.objects.values_list("brand_id", flat=True))
    assert {data_set.pk, other.pk} <= refreshed
    assert BrandResponsiveness.objects.get(brand=data_set).shipped_count == 2
    BrandResponsiveness.objects.all().delete()

    call_command("refresh_responsiveness", verbosity=0)

    assert BrandResponsiveness.objects.get(brand=other).median_response_hours is None
    assert BrandResponsiveness.objects.get(brand=data_set).median_response_hours == 7.0


def test_beat_schedule_runs_the_refresh(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["refresh-brand-responsiveness"]
    assert entry == {"task": "ideas.refresh_all_brand_responsiveness", "schedule": 900}


def test_brand_page_shows_the_figures(client, data_set):
    response = client.get(f"/brands/{data_set.slug}/")
    assertContains(response, "Not enough data yet.")

    refresh_brand_responsiveness(brand=data_set)
    response = client.get(f"/brands/{data_set.slug}/")

    assertNotContains(response, "Not enough data yet.")
    assertContains(response, "7.0 hours")
    assertContains(response, "60 %")
    assertContains(response, "<dd>2</dd>", html=True)


def test_idea_page_shows_time_in_status(client, challenge):
    planned = IdeaFactory(
        challenge=challenge, status="planned", status_changed_at=timezone.now() - timedelta(days=3)
    )

    response = client.get(planned.get_absolute_url())

    assertContains(response, "“Planned” for 3\xa0days")
