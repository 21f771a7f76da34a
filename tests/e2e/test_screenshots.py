"""Screenshots of the main pages at phone and desktop widths, from the demo data, into
``docs/screenshots/`` (linked from the README), so a newcomer sees the product before
installing it. Each page is also checked for what a screenshot would hide: a server error,
or a phone layout wider than the phone."""

import io
import struct
from pathlib import Path

import pytest
from django.core.management import call_command

from challenges.models import ChallengePage
from cms.models import WikiPage
from ideas.models import Idea

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
WIDTHS = {
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
    "desktop": {"viewport": {"width": 1280, "height": 800}},
}


@pytest.fixture
def demo_pages() -> dict[str, str]:
    call_command(
        "seed_demo",
        "--ideas-per-challenge",
        "12",
        "--customers",
        "30",
        "--no-progress",
        stdout=io.StringIO(),
    )
    challenge = ChallengePage.objects.live().filter(brand__slug="fieldfare").first()
    idea = Idea.objects.public().filter(challenge=challenge).order_by("-vote_count").first()
    wiki = WikiPage.objects.live().filter(brand__slug="fieldfare").order_by("path").first()
    return {
        "home": "/",
        "brand": "/brands/fieldfare/",
        "challenge": challenge.url,
        "idea": idea.get_absolute_url(),
        "wiki": wiki.url,
    }


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("width", list(WIDTHS))
def test_screenshots_of_the_main_pages(open_page, demo_pages, width):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    options = WIDTHS[width]
    page = open_page(**options)
    for name, url in demo_pages.items():
        response = page.goto(url)
        assert response.status == 200, f"{name}: {url} answered {response.status}"
        page.wait_for_load_state("networkidle")
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{name} at {width} width scrolls sideways by {overflow}px"
        path = SCREENSHOTS / f"{name}-{width}.png"
        page.screenshot(path=str(path), full_page=True)
        image_width, image_height = png_size(path)
        assert image_width == options["viewport"]["width"]
        assert image_height >= options["viewport"]["height"] // 2
