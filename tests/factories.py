"""factory_boy factories for every model; pages are created in the real Wagtail tree."""

import functools
import io
from datetime import timedelta

import factory
from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image

from accounts.models import User
from brands.models import Brand, Role
from brands.services import set_membership
from challenges.models import ChallengePage
from cms.services import ensure_brand_page
from ideas.markdown import render_markdown
from ideas.models import Comment, Idea, StatusChange, Vote
from ideas.ranking import hot_score

PASSWORD = "correct-horse-battery-staple"


@functools.cache
def password_hash(raw: str) -> str:
    """Each password hashed once per run: the real hasher costs ~0.2 s per user."""
    return make_password(raw)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    display_name = factory.Faker("name")
    password = factory.Transformer(PASSWORD, transform=password_hash)


class BrandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Brand
        django_get_or_create = ("slug",)
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Brand {n}")
    slug = factory.LazyAttribute(lambda b: slugify(b.name))
    description = "A brand that listens."

    @factory.post_generation
    def with_page(obj, create, extracted, **kwargs):
        if create:
            ensure_brand_page(brand=obj)


def make_member(brand: Brand, role: str = Role.MANAGER, user: User | None = None) -> User:
    user = user or UserFactory()
    set_membership(brand=brand, user=user, role=role)
    return user


def make_challenge(
    brand: Brand | None = None,
    *,
    title: str = "Greener packaging",
    opens_in: timedelta = timedelta(days=-1),
    closes_in: timedelta = timedelta(days=30),
    vote_budget: int | None = None,
    live: bool = True,
) -> ChallengePage:
    brand = brand or BrandFactory()
    now = timezone.now()
    page = ChallengePage(
        title=title,
        slug=slugify(title),
        summary="Help us design it.",
        opens_at=now + opens_in,
        closes_at=now + closes_in,
        vote_budget=vote_budget,
        brief=[("paragraph", "<p>The brief.</p>")],
        live=live,
    )
    brand.page.add_child(instance=page)
    if live:
        page.save_revision().publish()
    return page


class IdeaFactory(factory.django.DjangoModelFactory):
    """An idea with its author's vote, built without the service (for fixtures of any phase)."""

    class Meta:
        model = Idea
        skip_postgeneration_save = True

    challenge = factory.LazyFunction(make_challenge)
    brand = factory.LazyAttribute(lambda i: i.challenge.brand)
    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Refill station number {n}")
    slug = factory.LazyAttribute(lambda i: slugify(i.title))
    body = "Bring your own jars and **save**."
    body_html = factory.LazyAttribute(lambda i: render_markdown(i.body))
    created_at = factory.LazyFunction(timezone.now)
    vote_count = 1
    hot_score = factory.LazyAttribute(lambda i: hot_score(1, i.created_at))

    @factory.post_generation
    def author_vote(obj, create, extracted, **kwargs):
        if create:
            Vote.objects.create(user=obj.author, idea=obj, challenge=obj.challenge)


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    idea = factory.SubFactory(IdeaFactory)
    author = factory.SubFactory(UserFactory)
    body = "Nice one"
    body_html = factory.LazyAttribute(lambda c: render_markdown(c.body))


class StatusChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatusChange

    idea = factory.SubFactory(IdeaFactory)
    from_status = "submitted"
    to_status = "under_review"
    note = "Reading it."


def image_bytes(
    size: tuple[int, int] = (64, 48),
    *,
    fmt: str = "PNG",
    colour=(47, 91, 234),
    mode: str = "RGB",
    **save_options,
) -> bytes:
    """A real image encoded by Pillow (``save_options`` go to ``Image.save``, e.g. ``exif``)."""
    buffer = io.BytesIO()
    Image.new(mode, size, colour).save(buffer, format=fmt, **save_options)
    return buffer.getvalue()


def image_upload(
    name: str = "photo.png", content: bytes | None = None, **image_options
) -> SimpleUploadedFile:
    """An uploaded file as a view or a form receives it; the name does not decide the type."""
    content = image_bytes(**image_options) if content is None else content
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")
