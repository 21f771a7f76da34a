from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

RESERVED_SLUGS = {"roadmap", "changelog", "submit"}


class BrandOwnedPageMixin:
    """For pages under a ``BrandPage``: ``brand`` is copied from the nearest brand page
    when first saved (lists reach the brand without walking the tree), and a child cannot
    take a slug the brand page serves itself (``roadmap/``, ``changelog/``)."""

    def clean(self):
        super().clean()
        if self.slug in RESERVED_SLUGS:
            raise ValidationError(
                {"slug": _("“%(slug)s” is used by the brand page itself.") % {"slug": self.slug}}
            )

    def save(self, *args, **kwargs):
        if self.brand_id is None and self.path:
            from cms.models.brand import BrandPage

            brand_page = BrandPage.objects.ancestor_of(self).first()
            if brand_page is not None:
                self.brand_id = brand_page.brand_id
        return super().save(*args, **kwargs)
