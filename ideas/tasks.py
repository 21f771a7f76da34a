"""Celery tasks of the ideas app: thin, idempotent, ids as arguments."""

from celery import shared_task

from brands.models import Brand
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
