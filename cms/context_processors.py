"""Site navigation for ``templates/base.html``: the footer's wiki links of every brand."""

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Exists, F, OuterRef, Value
from django.db.models.functions import Length, Substr
from django.utils.functional import SimpleLazyObject
from wagtail.models import PageViewRestriction

from cms.models import BrandPage, WikiPage

NAVIGATION_CACHE_KEY = "cms:site-navigation:v1"
NAVIGATION_CACHE_SECONDS = 5 * 60


@dataclass
class NavLink:
    title: str
    url: str


@dataclass
class BrandWiki:
    brand: str
    url: str
    pages: list[NavLink] = field(default_factory=list)


def _top_level_wiki_pages():
    """Live wiki pages whose parent is a live brand page and that no view restriction on
    them or an ancestor hides, by brand name then tree order, in one query."""
    parent_path = Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Value(WikiPage.steplen))
    restricted = PageViewRestriction.objects.annotate(
        prefix=Substr(OuterRef("path"), 1, Length("page__path"))
    ).filter(prefix=F("page__path"))
    return (
        WikiPage.objects.live()
        .filter(Exists(BrandPage.objects.live().filter(path=parent_path)))
        .exclude(Exists(restricted))
        .select_related("brand")
        .defer_streamfields()
        .order_by("brand__name", "brand_id", "path")
    )


def _parent_url(url: str) -> str:
    return url[: url.rstrip("/").rfind("/") + 1]


def wiki_navigation(request) -> list[BrandWiki]:
    """The top-level live, public wiki pages of every live brand page, grouped by brand.

    Cached ``NAVIGATION_CACHE_SECONDS``; ``cms.receivers`` drops the entry when a page is
    published or unpublished. One query on a miss (two if Wagtail's site root paths are
    not cached either), none on a hit.
    """
    navigation = cache.get(NAVIGATION_CACHE_KEY)
    if navigation is None:
        groups: dict[int, BrandWiki] = {}
        for wiki_page in _top_level_wiki_pages():
            url = wiki_page.get_url(request)
            group = groups.get(wiki_page.brand_id)
            if group is None:
                group = groups[wiki_page.brand_id] = BrandWiki(
                    wiki_page.brand.name, _parent_url(url)
                )
            group.pages.append(NavLink(wiki_page.title, url))
        navigation = list(groups.values())
        cache.set(NAVIGATION_CACHE_KEY, navigation, NAVIGATION_CACHE_SECONDS)
    return navigation


def invalidate_site_navigation() -> None:
    cache.delete(NAVIGATION_CACHE_KEY)


def site_navigation(request):
    """``wiki_navigation``, read only if a template renders it (a feed or an error page
    costs nothing)."""
    return {"wiki_navigation": SimpleLazyObject(lambda: wiki_navigation(request))}
