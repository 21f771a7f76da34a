from django.core.management.base import BaseCommand
from tqdm import tqdm

from brands.models import Brand
from ideas.stats import refresh_brand_responsiveness


class Command(BaseCommand):
    help = "Recompute every brand's public responsiveness figures now, in this process."

    def handle(self, *args, **options):
        brands = list(Brand.objects.order_by("pk"))
        for brand in tqdm(brands, desc="brands", unit="brand", disable=options["verbosity"] < 1):
            refresh_brand_responsiveness(brand=brand)
        self.stdout.write(f"Refreshed {len(brands)} brands.")
