"""Celery tasks of the ideas app: thin, idempotent, ids as arguments."""

from celery import shared_task

from brands.models import Brand
from ideas.services import images as image_services
from ideas.stats import refresh_brand_responsiveness as refresh_figures


@shared_task(name="ideas.refresh_brand_responsiveness")
def refresh_brand_responsiveness(brand_id: int) -> None:
    """Recompute one brand's public figures; a brand deleted meanwhile is skipped."""
    brand = Brand.objects.filter(pk=brand_id).first()
    if brand is not None:
        refresh_figures(brand=brand)


@shared_task(name="ideas.refresh_all_brand_responsiveness")
def refresh_all_brand_responsiveness() -> None:
    """Queue ``ideas.refresh_brand_responsiveness`` for every brand (the beat schedule's entry)."""
    for brand_id in Brand.objects.order_by("pk").values_list("pk", flat=True):
        refresh_brand_responsiveness.delay(brand_id)


@shared_task(name="ideas.make_thumbnails")
def make_thumbnails(image_ids: list[int]) -> None:
    """Make the thumbnails of freshly stored images; ones already made or deleted are skipped."""
    image_services.make_thumbnails(image_ids=image_ids)


@shared_task(name="ideas.make_missing_thumbnails")
def make_missing_thumbnails() -> None:
    """Catch up on thumbnails no task made, e.g. while the broker was down (the beat's entry)."""
    image_services.make_missing_thumbnails()
