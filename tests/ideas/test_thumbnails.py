"""Thumbnails are made by a task after the submission commits, and caught up by a sweep."""

import logging
import time
from datetime import timedelta

from django.utils import timezone
from PIL import Image

from cocreate.tasks import enqueue_on_commit
from ideas import services
from ideas.images import THUMBNAIL_SIZE
from ideas.models import Idea, IdeaImage
from ideas.tasks import make_missing_thumbnails, make_thumbnails
from tests.factories import UserFactory, image_upload


def submit(challenge, *uploads, **fields):
    return services.submit_idea(
        author=UserFactory(),
        challenge=challenge,
        title=fields.pop("title", "Refill stations in every shop"),
        body="Bring your own jars and save packaging.",
        images=list(uploads),
        **fields,
    )


def backdate(idea, minutes: int) -> None:
    Idea.objects.filter(pk=idea.pk).update(created_at=timezone.now() - timedelta(minutes=minutes))


# After the submission commits


def test_the_thumbnail_is_made_once_the_submission_commits(
    challenge, stored_files, eager_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        idea = submit(challenge, image_upload("wide.png", size=(1600, 900)))
        image = idea.images.get()
        assert not image.thumbnail
        assert len(stored_files()) == 1

    assert len(callbacks) >= 1
    image.refresh_from_db()
    with Image.open(image.thumbnail.path) as thumbnail:
        assert thumbnail.size[0] <= THUMBNAIL_SIZE[0]
        assert thumbnail.size[1] <= THUMBNAIL_SIZE[1]
        assert thumbnail.size == (480, 270)
    assert image.thumbnail.name.startswith(f"ideas/{idea.pk}/")
    assert len(stored_files()) == 2


def test_one_task_is_queued_for_all_images_of_an_idea(
    challenge, eager_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        idea = submit(challenge, image_upload("a.png"), image_upload("b.jpg", fmt="JPEG"))

    assert all(image.thumbnail for image in idea.images.all())


def test_nothing_is_queued_for_an_idea_without_images(
    challenge, broker_down, django_capture_on_commit_callbacks, caplog
):
    with django_capture_on_commit_callbacks(execute=True):
        submit(challenge)

    assert "could not be queued" not in caplog.text


def test_a_broker_that_is_down_neither_fails_nor_slows_the_submission(
    challenge, broker_down, django_capture_on_commit_callbacks, caplog
):
    started = time.perf_counter()
    with caplog.at_level(logging.WARNING, logger="cocreate.tasks"):
        with django_capture_on_commit_callbacks(execute=True):
            idea = submit(challenge, image_upload("jar.png"))
    elapsed = time.perf_counter() - started

    assert elapsed < 5
    assert Idea.objects.filter(pk=idea.pk).exists()
    assert not idea.images.get().thumbnail
    [record] = [record for record in caplog.records if record.name == "cocreate.tasks"]
    assert record.getMessage() == (
        "Task ideas.make_thumbnails could not be queued (or failed in-process); "
        "its periodic sweep will catch up."
    )
    assert record.exc_info is not None


def test_the_sweep_catches_up_on_what_the_broker_did_not_take(
    challenge, broker_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        idea = submit(challenge, image_upload("jar.png"))
    backdate(idea, minutes=2)

    make_missing_thumbnails()  # as a worker runs it, once beat sends it

    assert idea.images.get().thumbnail


def test_enqueue_on_commit_sends_nothing_for_a_rolled_back_transaction(
    challenge, eager_tasks, django_capture_on_commit_callbacks
):
    image = submit(challenge, image_upload()).images.get()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        enqueue_on_commit(make_thumbnails, [image.pk])

    assert len(callbacks) == 1
    image.refresh_from_db()
    assert not image.thumbnail
    callbacks[0]()
    image.refresh_from_db()
    assert image.thumbnail


def test_enqueue_on_commit_passes_keyword_arguments(
    challenge, eager_tasks, django_capture_on_commit_callbacks
):
    image = submit(challenge, image_upload()).images.get()

    with django_capture_on_commit_callbacks(execute=True):
        enqueue_on_commit(make_thumbnails, image_ids=[image.pk])

    image.refresh_from_db()
    assert image.thumbnail


# make_thumbnail


def test_make_thumbnail_twice_writes_one_file(challenge, stored_files):
    image = submit(challenge, image_upload("jar.png", size=(800, 600))).images.get()

    assert services.make_thumbnail(image_id=image.pk) is True
    first = IdeaImage.objects.get(pk=image.pk).thumbnail.name
    assert services.make_thumbnail(image_id=image.pk) is False
    assert services.make_thumbnails(image_ids=[image.pk, image.pk]) == 0

    assert IdeaImage.objects.get(pk=image.pk).thumbnail.name == first
    assert len(stored_files()) == 2
    with Image.open(IdeaImage.objects.get(pk=image.pk).thumbnail.path) as thumbnail:
        assert thumbnail.size == THUMBNAIL_SIZE


def test_make_thumbnail_skips_an_image_deleted_meanwhile(challenge, stored_files):
    image = submit(challenge, image_upload()).images.get()
    image.delete()

    assert services.make_thumbnail(image_id=image.pk) is False
    make_thumbnails([image.pk])
    assert len(stored_files()) == 1  # the full image only: no thumbnail written


def test_a_missing_image_file_is_logged_and_the_other_images_still_get_thumbnails(
    challenge, stored_files, caplog
):
    broken, fine = submit(challenge, image_upload("a.png"), image_upload("b.png")).images.all()
    broken.image.storage.delete(broken.image.name)

    assert services.make_thumbnails(image_ids=[broken.pk, fine.pk]) == 1

    assert not IdeaImage.objects.get(pk=broken.pk).thumbnail
    assert IdeaImage.objects.get(pk=fine.pk).thumbnail
    assert f"Could not make the thumbnail of idea image {broken.pk}." in caplog.text


# The sweep


def test_the_sweep_makes_missing_thumbnails_of_ideas_older_than_a_minute(challenge, stored_files):
    old = submit(challenge, image_upload("a.png"), image_upload("b.png"), title="An older idea")
    fresh = submit(challenge, image_upload("c.png"), title="A brand new idea")
    done = submit(challenge, image_upload("d.png"), title="Already has one")
    services.make_thumbnail(image_id=done.images.get().pk)
    thumbnail_of_done = done.images.get().thumbnail.name
    backdate(old, minutes=2)
    backdate(done, minutes=2)

    assert services.make_missing_thumbnails() == 2

    assert all(image.thumbnail for image in old.images.all())
    assert not fresh.images.get().thumbnail
    assert done.images.get().thumbnail.name == thumbnail_of_done
    assert services.make_missing_thumbnails() == 0
    assert len(stored_files()) == 4 + 3


def test_the_sweep_takes_a_bounded_batch_oldest_image_first(challenge):
    idea = submit(challenge, *(image_upload(f"{n}.png") for n in range(3)))
    backdate(idea, minutes=2)
    first, second, third = idea.images.order_by("pk")

    assert services.make_missing_thumbnails(limit=2) == 2

    assert [bool(IdeaImage.objects.get(pk=i.pk).thumbnail) for i in (first, second, third)] == [
        True,
        True,
        False,
    ]
    assert services.make_missing_thumbnails(limit=2) == 1


def test_the_sweep_task_runs_the_sweep(challenge, eager_tasks):
    idea = submit(challenge, image_upload())
    backdate(idea, minutes=5)

    make_missing_thumbnails.delay()

    assert idea.images.get().thumbnail
