"""Fictional brands, challenges, people and ideas for ``manage.py seed_demo``.

Everything is looked up by a natural key before it is created, so running the seed twice
changes nothing. Ideas of a challenge are only generated while the challenge has none.
Editorial pages (home hero, brand stories, wiki, changelog, a draft in review) are in
``cms.demo_pages``.
"""

import functools
import random
from dataclasses import dataclass
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.core.files.images import ImageFile
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.text import slugify
from wagtail.images.models import Image as WagtailImage

from accounts.models import User
from brands.models import Brand, Role
from brands.services import brand_collection, set_membership
from challenges.models import ChallengePage
from cms.demo_images import picture
from cms.demo_pages import seed_pages
from cms.services import ensure_brand_page
from ideas.images import process_upload
from ideas.markdown import render_markdown
from ideas.models import Comment, Flag, Idea, IdeaImage, StatusChange, Vote
from ideas.ranking import hot_score
from ideas.roadmap import Status
from ideas.services.images import make_thumbnail
from ideas.stats import refresh_brand_responsiveness
from notifications.demo import seed_notifications
from search.backends import get_backend

DEMO_PASSWORD = "cocreate-demo"


@dataclass(frozen=True)
class ChallengeSpec:
    title: str
    summary: str
    reward: str
    opens_in_days: int
    closes_in_days: int
    vote_budget: int | None
    tags: tuple[str, ...]
    subjects: tuple[str, ...]
    supporter_threshold: int | None = None


@dataclass(frozen=True)
class BrandSpec:
    name: str
    slug: str
    description: str
    website: str
    challenges: tuple[ChallengeSpec, ...]


BRANDS = (
    BrandSpec(
        "Fieldfare Food Co-op",
        "fieldfare",
        "A member-owned grocery co-operative with 40 shops. Members decide what we stock.",
        "https://fieldfare.example",
        (
            ChallengeSpec(
                "Zero-waste aisles",
                "How should refill and bulk shopping work in our shops?",
                "The best three ideas are piloted in five shops; "
                "their authors get a year of free membership.",
                -20,
                25,
                5,
                ("packaging", "refill", "zero waste", "in-store"),
                (
                    "refill station",
                    "glass jar deposit",
                    "bulk spices",
                    "reusable bags",
                    "oil refill",
                ),
            ),
            ChallengeSpec(
                "Local producers of the month",
                "Which local producers should we feature, and how?",
                "Featured producers get a shelf for three months.",
                -60,
                -5,
                None,
                ("local", "producers", "seasonal"),
                ("cheese maker", "orchard", "bakery", "honey farm", "vegetable box"),
            ),
            ChallengeSpec(
                "Our next own-brand range",
                "Propose the products of our next co-op brand range.",
                "Your product on our shelves, with your name on the label.",
                10,
                45,
                3,
                ("own brand", "products"),
                ("granola", "oat drink", "hummus", "dark chocolate", "tomato sauce"),
            ),
        ),
    ),
    BrandSpec(
        "Nimbus Mobile",
        "nimbus",
        "A customer-run mobile network: you help answer questions and design the plans.",
        "https://nimbus.example",
        (
            ChallengeSpec(
                "Plans that fit families",
                "Design the family plan you have always wanted.",
                "£500 of credit for the winning idea.",
                -10,
                30,
                10,
                ("plans", "family", "data", "pricing"),
                (
                    "shared data pool",
                    "kid-safe SIM",
                    "roaming pass",
                    "family dashboard",
                    "data gifting",
                ),
                supporter_threshold=30,
            ),
            ChallengeSpec(
                "A better app",
                "What would make the Nimbus app a joy to use?",
                "Beta access and credit on the release notes.",
                -90,
                -30,
                None,
                ("app", "usability", "accessibility"),
                ("usage widget", "dark mode", "bill explainer", "eSIM transfer", "outage map"),
            ),
        ),
    ),
    BrandSpec(
        "Summit Sports",
        "summit",
        "Outdoor and sports gear, designed with the people who use it.",
        "https://summit.example",
        (
            ChallengeSpec(
                "Repair, rent, resell",
                "Help us keep gear in use for longer.",
                "A weekend in the Alps for the top idea.",
                -5,
                12,
                5,
                ("repair", "rental", "second hand", "sustainability"),
                ("repair café", "tent rental", "trade-in", "spare parts", "ski swap"),
            ),
            ChallengeSpec(
                "Running kit for the night",
                "Visibility and comfort for people who run after dark.",
                "Your design produced as a limited run.",
                -40,
                2,
                None,
                ("running", "safety", "apparel"),
                (
                    "reflective vest",
                    "headlamp clip",
                    "glow laces",
                    "phone armband",
                    "thermal layer",
                ),
            ),
        ),
    ),
)

OPENERS = (
    "A {s} in every shop",
    "Let members vote on the {s}",
    "Make the {s} simpler",
    "Bring back the {s}",
    "A cheaper {s} for students",
    "An accessible {s}",
    "Track the {s} in the app",
    "Pilot a {s} this spring",
    "Partner with locals for a {s}",
    "A {s} that you can repair",
)
BODIES = (
    "I would love to see **{s}** done properly. "
    "Today it is hard to find and nobody explains it.\n\n"
    "- It saves money for everyone\n- It is better for the planet\n- It brings people back\n\n"
    "Who else would use this?",
    "Our family uses this every week. A *{s}* would make it so much easier.\n\n"
    "Other companies already do it: see https://example.org for an example.",
    "Simple idea: start with a small {s} trial, ask for feedback after a month, then decide.",
)
COMMENTS = (
    "Great idea, I would use this every week!",
    "How would this work for people who do not have the app?",
    "+1, and it should be cheap enough for students.",
    "We tried something similar at my local shop; it worked well.",
    "I am not sure about the cost, but I like the direction.",
)
STAFF_REPLY = (
    "Thanks for this! We are looking at costs with our suppliers and will update this idea."
)


def seed(*, ideas_per_challenge: int, customers: int, progress) -> dict:
    """Create the demo world; ``progress(step_name, total)`` returns an object with ``update``."""
    rng = random.Random(2026)
    people = _customers(customers)
    admin = _user("admin@cocreate.demo", "Ada Admin", superuser=True)
    staff = {}
    brands = []
    for spec in BRANDS:
        brand = _brand(spec, rng)
        staff[brand.pk] = {role: _staff(spec, brand, role) for role in STAFF_ROLES}
        brands.append((spec, brand))
    specs = [(spec, brand, c) for spec, brand in brands for c in spec.challenges]
    bar = progress("challenges and ideas", len(specs) * ideas_per_challenge)
    for _spec, brand, challenge_spec in specs:
        challenge = _challenge(brand, challenge_spec, rng)
        if challenge.opens_at > timezone.now() or challenge.ideas.exists():
            bar.update(ideas_per_challenge)
            continue
        for index in range(ideas_per_challenge):
            _idea(challenge, challenge_spec, index, rng, people, staff[brand.pk][Role.OWNER])
            bar.update(1)
    bar.close()
    for _spec, brand in brands:
        _flag_some_ideas(brand, rng, people)
        refresh_brand_responsiveness(brand=brand)
    review = seed_pages(brands=[brand for _spec, brand in brands], staff=staff)
    seed_notifications(customers=people[:3])
    get_backend().rebuild()
    return {
        "admin": admin.email,
        "staff": [u.email for seats in staff.values() for u in seats.values()],
        "review": review,
        "customers": [p.email for p in people[:3]],
        "password": DEMO_PASSWORD,
        "ideas": Idea.objects.count(),
        "votes": Vote.objects.count(),
        "comments": Comment.objects.count(),
    }


STAFF_ROLES = (Role.OWNER, Role.MANAGER, Role.MODERATOR)


def _staff(spec: BrandSpec, brand: Brand, role: str) -> User:
    """``owner@<brand>.demo``, ``manager@…`` and ``moderator@…``, seated in the brand."""
    user = _user(f"{role}@{spec.slug}.demo", f"{spec.name.split()[0]} {role}")
    set_membership(brand=brand, user=user, role=role)
    return user


def _user(email: str, name: str, superuser: bool = False) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(email=email, username=slugify(email.replace("@", "-"))[:150], display_name=name)
        user.is_superuser = user.is_staff = superuser
        user.password = _demo_password_hash()
        user.save()
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


@functools.cache
def _demo_password_hash() -> str:
    return make_password(DEMO_PASSWORD)


def _customers(count: int) -> list[User]:
    first = ("Alice", "Bilal", "Chloé", "Dmitri", "Elena", "Farid", "Grace", "Hugo", "Inès", "Jon")
    return [
        _user(f"customer{n}@cocreate.demo", f"{first[n % len(first)]} {chr(65 + n % 26)}.")
        for n in range(count)
    ]


def _brand(spec: BrandSpec, rng: random.Random) -> Brand:
    brand, created = Brand.objects.get_or_create(
        slug=spec.slug,
        defaults={"name": spec.name, "description": spec.description, "website": spec.website},
    )
    if created:
        brand.logo = _wagtail_image(f"{spec.name} logo", rng.randint(0, 10_000), brand, (320, 160))
        brand.save(update_fields=["logo"])
    ensure_brand_page(brand=brand)
    return brand


def _wagtail_image(title: str, seed_value: int, brand: Brand, size) -> WagtailImage:
    data = picture(seed_value, size, label=title)
    return WagtailImage.objects.create(
        title=title, file=ImageFile(data, name=data.name), collection=brand_collection(brand)
    )


def _challenge(brand: Brand, spec: ChallengeSpec, rng: random.Random) -> ChallengePage:
    slug = slugify(spec.title)
    existing = ChallengePage.objects.filter(brand=brand, slug=slug).first()
    if existing is not None:
        return existing
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    page = ChallengePage(
        title=spec.title,
        slug=slug,
        summary=spec.summary,
        reward=spec.reward,
        opens_at=now + timedelta(days=spec.opens_in_days),
        closes_at=now + timedelta(days=spec.closes_in_days),
        vote_budget=spec.vote_budget,
        supporter_threshold=spec.supporter_threshold,
        cover_image=_wagtail_image(spec.title, rng.randint(0, 10_000), brand, (1200, 500)),
        brief=[
            (
                "paragraph",
                f"<h2>The challenge</h2><p>{spec.summary}</p>"
                "<p>Tell us what you need, not only what you want: the problem matters as much "
                "as the solution.</p><h2>How we choose</h2><ul><li>Support from the community"
                "</li><li>Feasibility within a year</li><li>Impact on people and planet</li></ul>",
            ),
            (
                "quote",
                {
                    "text": "The best products are the ones our members design with us.",
                    "attribution": f"The {brand.name} team",
                },
            ),
        ],
    )
    brand.page.add_child(instance=page)
    page.tags.add(*spec.tags)
    page.save_revision().publish()
    return page


@transaction.atomic
def _idea(challenge, spec: ChallengeSpec, index: int, rng, people, owner: User) -> Idea:
    author = rng.choice(people)
    subject = spec.subjects[index % len(spec.subjects)]
    title = rng.choice(OPENERS).format(s=subject)
    title = title[0].upper() + title[1:]
    body = rng.choice(BODIES).format(s=subject)
    span = max((min(timezone.now(), challenge.closes_at) - challenge.opens_at).total_seconds(), 60)
    created = challenge.opens_at + timedelta(seconds=rng.uniform(0, span))
    idea = Idea.objects.create(
        challenge=challenge,
        brand_id=challenge.brand_id,
        author=author,
        title=title,
        slug=slugify(title)[:80],
        body=body,
        body_html=render_markdown(body),
        created_at=created,
    )
    idea.tags.set(rng.sample(spec.tags, k=rng.randint(1, min(3, len(spec.tags)))))
    limit = len(people) if spec.vote_budget is None else len(people) // 2
    voters = {author, *rng.sample(people, k=min(int(rng.paretovariate(1.2) * 4), limit))}
    Vote.objects.bulk_create(Vote(user=v, idea=idea, challenge=challenge) for v in voters)
    comments = [
        Comment(idea=idea, author=rng.choice(people), body=text, body_html=render_markdown(text))
        for text in rng.sample(COMMENTS, k=rng.randint(0, 3))
    ]
    Comment.objects.bulk_create(comments)
    if comments and rng.random() < 0.3:
        Comment.objects.create(
            idea=idea,
            author=owner,
            parent=comments[0],
            body=STAFF_REPLY,
            body_html=render_markdown(STAFF_REPLY),
            is_official=True,
        )
    if index % 3 == 0:
        content = process_upload(picture(rng.randint(0, 100_000), (800, 600), title))
        image = IdeaImage(idea=idea, position=0)
        image.image.save(content.name, content)
        make_thumbnail(image_id=image.pk)
    _walk_pipeline(idea, rng, owner)
    counts = Idea.objects.filter(pk=idea.pk).aggregate(
        votes=Count("votes", distinct=True), comments=Count("comments", distinct=True)
    )
    Idea.objects.filter(pk=idea.pk).update(
        vote_count=counts["votes"],
        comment_count=counts["comments"],
        hot_score=hot_score(counts["votes"], created),
    )
    return idea


FLAG_REASONS = ("This looks like an advert.", "Rude wording in the description.")


def _flag_some_ideas(brand: Brand, rng: random.Random, people: list[User]) -> None:
    """A few open reports so the moderation queue has something to show (idempotent)."""
    if Flag.objects.filter(brand=brand).exists():
        return
    ideas = list(Idea.objects.filter(brand=brand, is_public=True).order_by("pk")[:40])
    for idea in rng.sample(ideas, k=min(2, len(ideas))):
        Flag.objects.create(
            reporter=rng.choice(people), brand=brand, idea=idea, reason=rng.choice(FLAG_REASONS)
        )


PIPELINES = (
    (),
    (Status.UNDER_REVIEW,),
    (Status.UNDER_REVIEW, Status.PLANNED),
    (Status.UNDER_REVIEW, Status.PLANNED, Status.IN_PROGRESS),
    (Status.UNDER_REVIEW, Status.PLANNED, Status.IN_PROGRESS, Status.SHIPPED),
    (Status.UNDER_REVIEW, Status.DECLINED),
)
NOTES = {
    Status.UNDER_REVIEW: "Our product team is reading this one.",
    Status.PLANNED: "Planned for next quarter.",
    Status.IN_PROGRESS: "A pilot starts in three shops.",
    Status.SHIPPED: "Available now — thank you for the idea!",
    Status.DECLINED: "Too costly for now: suppliers cannot deliver it at a fair price.",
}


def _walk_pipeline(idea: Idea, rng: random.Random, actor: User) -> None:
    """Move the idea along a random path, spaced in time between its creation and now.

    The history is written as it happened (past dates), so the roadmap, the time spent in
    each status and the brand's responsiveness figures look like a real brand's.
    """
    weights = (50, 20, 12, 8, 5, 5)
    steps = rng.choices(PIPELINES, weights=weights)[0]
    current, when = idea.status, idea.created_at
    span = (timezone.now() - idea.created_at).total_seconds()
    for step in steps:
        when += timedelta(seconds=rng.uniform(0.05, 0.3) * span)
        change = StatusChange.objects.create(
            idea=idea, from_status=current, to_status=step, changed_by=actor, note=NOTES[step]
        )
        StatusChange.objects.filter(pk=change.pk).update(created_at=min(when, timezone.now()))
        current = step
    if steps:
        first = StatusChange.objects.filter(idea=idea).order_by("created_at").first()
        Idea.objects.filter(pk=idea.pk).update(
            status=current,
            status_changed_at=min(when, timezone.now()),
            first_response_at=first.created_at,
            staff_owner=actor if current != Status.UNDER_REVIEW else None,
        )
    else:
        Idea.objects.filter(pk=idea.pk).update(status_changed_at=idea.created_at)
