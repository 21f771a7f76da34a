from django.db import transaction

from brands.models import Brand
from brands.services import sync_editor_group
from cms.models import BrandIndexPage, BrandPage


@transaction.atomic
def ensure_brand_page(*, brand: Brand) -> BrandPage:
    """The brand's public page at ``/brands/<slug>/``, created (and published) if missing."""
    existing = BrandPage.objects.filter(brand=brand).first()
    if existing is not None:
        return existing
    index = BrandIndexPage.objects.get()
    page = index.add_child(instance=BrandPage(title=brand.name, slug=brand.slug, brand=brand))
    page.save_revision().publish()
    brand.page = page
    sync_editor_group(brand=brand)
    return page
