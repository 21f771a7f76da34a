"""Thumbnails of stored idea images, made after the submission commits.

``submit_idea`` stores only the re-encoded full image and queues ``ideas.make_thumbnails``;
``ideas.make_missing_thumbnails`` (beat) catches up on images whose task was never queued
(broker down) or failed. Pages show a placeholder until the thumbnail exists.
"""

import logging
from collections.abc import Iterable
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from ideas.images import make_thumbnail_file
from ideas.models import IdeaImage

logger = logging.getLogger(__name__)

# The sweep leaves images this recent to the task queued when they were submitted.
SWEEP_GRACE = timedelta(minutes=1)
SWEEP_BATCH = 500


def make_thumbnail(*, image_id: int) -> bool:
    """Make and store the thumbnail of one ``IdeaImage``; returns whether one was written.

    Idempotent and safe to run concurrently (the queued task and the sweep may race): an
    image already having a thumbnail, or deleted meanwhile, is skipped, and the file is
    written only while the row is locked and still has none, so there is never a second file.
    """
    image = IdeaImage.objects.filter(pk=image_id).first()
    if image is None or image.thumbnail:
        return False
    with image.image.open("rb") as stored:
        thumbnail = make_thumbnail_file(stored)
    return _store_thumbnail(image_id, thumbnail)


def _store_thumbnail(image_id: int, thumbnail: ContentFile) -> bool:
    written = ""
    try:
        with transaction.atomic():
            image = IdeaImage.objects.select_for_update().filter(pk=image_id).first()
            if image is None or image.thumbnail:
                return False
            image.thumbnail.save(thumbnail.name, thumbnail, save=False)
            written = image.thumbnail.name
            image.save(update_fields=["thumbnail"])
    except BaseException:
        if written:
            image.thumbnail.storage.delete(written)
        raise
    return True


def make_thumbnails(*, image_ids: Iterable[int]) -> int:
    """Make the thumbnails of these images; returns how many were written.

    One image that fails (its file missing or unreadable) is logged and left for the sweep;
    the others still get theirs.
    """
    made = 0
    for image_id in image_ids:
        try:
            made += make_thumbnail(image_id=image_id)
        except Exception:
            logger.exception("Could not make the thumbnail of idea image %s.", image_id)
    return made


def make_missing_thumbnails(*, limit: int = SWEEP_BATCH) -> int:
    """Make up to ``limit`` missing thumbnails, oldest images first; returns how many were made.

    Images of ideas submitted less than ``SWEEP_GRACE`` ago are left to their own task.
    """
    cutoff = timezone.now() - SWEEP_GRACE
    image_ids = list(
        IdeaImage.objects.filter(thumbnail="", idea__created_at__lte=cutoff)
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    return make_thumbnails(image_ids=image_ids)
