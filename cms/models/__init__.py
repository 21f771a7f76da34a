"""Editorial pages: the home page, brand pages and what editors write under them."""

from cms.models.brand import BrandIndexPage, BrandPage
from cms.models.changelog import ChangelogIdea, ChangelogPage
from cms.models.home import HomeFeaturedChallenge, HomePage
from cms.models.wiki import WikiPage

__all__ = [
    "BrandIndexPage",
    "BrandPage",
    "ChangelogIdea",
    "ChangelogPage",
    "HomeFeaturedChallenge",
    "HomePage",
    "WikiPage",
]
