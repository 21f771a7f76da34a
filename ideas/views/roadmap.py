"""A brand's public roadmap and changelog, served by routes of ``cms.BrandPage``."""

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.core.cache import cache
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from ideas.roadmap_cache import roadmap_version
from ideas.selectors import paginate
from ideas.selectors_roadmap import (
    co_contributors,
    live_challenges_for_brand,
    roadmap_for_brand,
    roadmap_tags_for_brand,
    shipped_ideas_for_brand,
)

ROADMAP_CACHE_SECONDS = 30
CHANGELOG_PER_PAGE = 20
CHANGELOG_POSTS = 10
FEED_ITEMS = 30


def _roadmap_filters(request, challenges: dict, tags: list) -> tuple[int | None, str]:
    """The challenge id and tag slug asked for, dropped when they are not among the choices."""
    challenge_id = request.GET.get("challenge", "")
    challenge_id = int(challenge_id) if challenge_id.isdigit() else None
    if challenge_id not in challenges:
        challenge_id = None
    tag = request.GET.get("tag", "")
    if tag not in {slug for slug, _name in tags}:
        tag = ""
    return challenge_id, tag


def _roadmap_board(request, brand, challenges, *, challenge_id, tag) -> str:
    """The columns' HTML, the same for every visitor, cached ``ROADMAP_CACHE_SECONDS``.

    Rendering 150 cards costs several times a challenge page. Moves, owners and moderation
    bump the brand's roadmap version (``ideas.roadmap_cache``), so they show at once; vote
    counts on the cards may lag by up to ``ROADMAP_CACHE_SECONDS``. ``tag`` is one of the
    brand's known slugs, safe in a key.
    """
    version = roadmap_version(brand.pk)
    key = f"ideas:roadmap:{brand.pk}:{version}:{challenge_id or ''}:{tag}"
    board = cache.get(key)
    if board is None:
        roadmap = roadmap_for_brand(
            brand=brand, challenges=challenges, challenge_id=challenge_id, tag=tag
        )
        board = render_to_string(
            "ideas/includes/roadmap_board.html", {"roadmap": roadmap}, request=request
        )
        cache.set(key, board, ROADMAP_CACHE_SECONDS)
    return board


def roadmap_view(request, *, brand_page):
    """``/brands/<slug>/roadmap/``: where the brand's public ideas are along the pipeline."""
    brand = brand_page.brand
    challenges = live_challenges_for_brand(brand=brand)
    for challenge in challenges.values():
        challenge.link = challenge.get_url(request)
    tags = roadmap_tags_for_brand(brand=brand)
    challenge_id, tag = _roadmap_filters(request, challenges, tags)
    context = {
        "page": brand_page,
        "brand": brand,
        "board": _roadmap_board(request, brand, challenges, challenge_id=challenge_id, tag=tag),
        "challenges": challenges.values(),
        "tags": tags,
        "selected_challenge": challenge_id,
        "selected_tag": tag,
    }
    return TemplateResponse(request, "ideas/roadmap.html", context)


def roadmap_index(request):
    """``/roadmap/``: every brand with how many public ideas sit in each roadmap column."""
    from cms.selectors import roadmap_counts_for_brands

    rows = [
        {"page": brand_page, "columns": columns, "total": sum(c.total for c in columns)}
        for brand_page, columns in roadmap_counts_for_brands()
    ]
    return TemplateResponse(request, "ideas/roadmap_index.html", {"rows": rows})


def changelog_view(request, *, brand_page):
    """``/brands/<slug>/changelog/``: the brand's editorial posts (on the first page), then
    shipped ideas, last shipped first, with their credits."""
    from cms.selectors import changelog_posts_for_brand_page

    page_obj = paginate(
        shipped_ideas_for_brand(brand=brand_page.brand),
        page_number=request.GET.get("page"),
        per_page=CHANGELOG_PER_PAGE,
    )
    for idea in page_obj.object_list:
        idea.co_contributors = co_contributors(idea)
    posts = []
    if page_obj.number == 1:
        posts = changelog_posts_for_brand_page(brand_page, limit=CHANGELOG_POSTS)
    context = {
        "page": brand_page,
        "brand": brand_page.brand,
        "page_obj": page_obj,
        "posts": posts,
    }
    return TemplateResponse(request, "ideas/changelog.html", context)


class ChangelogFeed(Feed):
    """Atom feed of a brand's changelog; called as ``ChangelogFeed()(request, brand_page=…)``."""

    feed_type = Atom1Feed

    def get_object(self, request, *, brand_page):
        return brand_page

    def title(self, brand_page) -> str:
        return _("%(brand)s: shipped ideas") % {"brand": brand_page.brand.name}

    def subtitle(self, brand_page) -> str:
        return _("Ideas from the crowd that %(brand)s has shipped.") % {
            "brand": brand_page.brand.name
        }

    def link(self, brand_page) -> str:
        return brand_page.url + brand_page.reverse_subpage("changelog")

    def feed_url(self, brand_page) -> str:
        return brand_page.url + brand_page.reverse_subpage("changelog_feed")

    def author_name(self, brand_page) -> str:
        return brand_page.brand.name

    def items(self, brand_page):
        """Shipped ideas and the brand's changelog posts, newest first."""
        from cms.selectors import changelog_posts_for_brand_page

        ideas = list(shipped_ideas_for_brand(brand=brand_page.brand)[:FEED_ITEMS])
        posts = changelog_posts_for_brand_page(brand_page, limit=FEED_ITEMS)
        items = sorted([*ideas, *posts], key=self.item_pubdate, reverse=True)
        return items[:FEED_ITEMS]

    def item_title(self, item) -> str:
        return item.title

    def item_description(self, item) -> str:
        if _is_post(item):
            return item.intro
        return self._idea_credit(item)

    def _idea_credit(self, idea) -> str:
        names = ", ".join(person.public_name for person in co_contributors(idea))
        credit = _("Shipped. Idea by %(author)s.") % {"author": idea.author.public_name}
        if names:
            credit += " " + _("With %(names)s.") % {"names": names}
        return credit

    def item_link(self, item) -> str:
        return item.url if _is_post(item) else item.get_absolute_url()

    def item_author_name(self, item) -> str:
        return item.brand.name if _is_post(item) else item.author.public_name

    def item_pubdate(self, item):
        if _is_post(item):
            return timezone.make_aware(datetime.combine(item.date, time.min))
        return item.status_changed_at

    def item_updateddate(self, item):
        if _is_post(item):
            return item.last_published_at or self.item_pubdate(item)
        return item.status_changed_at


def _is_post(item) -> bool:
    from cms.models import ChangelogPage

    return isinstance(item, ChangelogPage)
