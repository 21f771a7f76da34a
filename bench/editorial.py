"""What editors and sign-ups create, made through the ORM: brands, pages, people.

Everything is looked up by a natural key first, so running it twice changes nothing.
Import after ``django.setup()``.
"""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.images.models import Image as WagtailImage

from accounts.models import User
from brands.models import Brand
from brands.services import brand_collection
from challenges.models import ChallengePage
from cms.demo_images import picture
from cms.services import ensure_brand_page

PASSWORD = "cocreate-bench"
EMAIL_DOMAIN = "cocreate.bench"
BRANDS = ("Aster Outdoor", "Brightwell Bank", "Copperleaf Coffee", "Delta Rail", "Ember Energy")
THEMES = (
    ("Packaging of the future", ("packaging", "refill", "recycling", "zero waste")),
    ("Loyalty that feels fair", ("loyalty", "pricing", "rewards", "app")),
    ("Shops people love", ("in-store", "accessibility", "service", "local")),
    ("Design our next product", ("products", "design", "seasonal", "repair")),
)
OPEN_DAYS_BEFORE, CLOSE_DAYS_AFTER = 180, 365


def ensure_challenges(*, brands: int, per_brand: int) -> list[ChallengePage]:
    """``brands`` × ``per_brand`` open challenges, published through Wagtail's tree API.

    They opened 180 days ago and close in a year, without a vote budget, so every bench
    user may vote on every idea.
    """
    if per_brand > len(THEMES) or brands > len(BRANDS):
        raise SystemExit(f"At most {len(BRANDS)} brands × {len(THEMES)} challenges.")
    pages = []
    for name in BRANDS[:brands]:
        brand, _ = Brand.objects.get_or_create(
            slug=f"bench-{slugify(name)}", defaults={"name": name, "description": "Bench brand."}
        )
        ensure_brand_page(brand=brand)
        for index, (title, tags) in enumerate(THEMES[:per_brand]):
            pages.append(_challenge(brand, title, tags, seed=len(pages) * 7 + index))
    return pages


@transaction.atomic
def _challenge(brand: Brand, title: str, tags, *, seed: int) -> ChallengePage:
    existing = ChallengePage.objects.filter(brand=brand, slug=slugify(title)).first()
    if existing is not None:
        return existing
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    data = picture(seed, (1200, 500), label=title)
    cover = WagtailImage.objects.create(
        title=f"{brand.name}: {title}",
        file=ImageFile(data, name=data.name),
        collection=brand_collection(brand),
    )
    page = ChallengePage(
        title=title,
        slug=slugify(title),
        summary=f"{brand.name} asks its customers: {title.lower()}?",
        reward="The three best ideas are piloted with their authors.",
        opens_at=now - timedelta(days=OPEN_DAYS_BEFORE),
        closes_at=now + timedelta(days=CLOSE_DAYS_AFTER),
        vote_budget=None,
        cover_image=cover,
        brief=[
            (
                "paragraph",
                "<h2>The challenge</h2><p>Tell us what you need, not only what you want.</p>"
                "<h2>How we choose</h2><ul><li>Support from the community</li>"
                "<li>Feasibility within a year</li><li>Impact on people and planet</li></ul>",
            )
        ],
    )
    brand.page.add_child(instance=page)
    page.tags.add(*tags)
    page.save_revision().publish()
    return page


def bench_email(number: int) -> str:
    return f"bench-user-{number:05d}@{EMAIL_DOMAIN}"


@transaction.atomic
def ensure_people(count: int) -> list[int]:
    """Ids of ``count`` verified bench users (all with the password ``cocreate-bench``)."""
    wanted = [bench_email(n) for n in range(count)]
    existing = dict(User.objects.filter(email__in=wanted).values_list("email", "pk"))
    missing = [(n, email) for n, email in enumerate(wanted) if email not in existing]
    if missing:
        password = make_password(PASSWORD)
        first = ("Alice", "Bilal", "Chloé", "Dmitri", "Elena", "Farid", "Grace", "Hugo", "Inès")
        users = User.objects.bulk_create(
            [
                User(
                    email=email,
                    username=email.split("@")[0],
                    display_name=f"{first[n % len(first)]} {chr(65 + n % 26)}.",
                    password=password,
                )
                for n, email in missing
            ],
            batch_size=1000,
        )
        EmailAddress.objects.bulk_create(
            [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users],
            batch_size=1000,
        )
        existing.update({u.email: u.pk for u in users})
    return [existing[email] for email in wanted]
