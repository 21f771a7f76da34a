"""Editorial demo pages: the home hero, brand stories, two transparency wiki pages per brand,
changelog posts crediting shipped ideas, and one wiki draft waiting in a brand's review
workflow.

Pages are looked up by slug under their parent before they are created, and content is only
written to a page that has none, so running the seed twice changes nothing.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.core.files.images import ImageFile
from django.test import override_settings
from django.utils import timezone
from wagtail.images.models import Image as WagtailImage
from wagtail.models import Collection, Page, PageLogEntry, Revision

from accounts.models import User
from brands.models import Brand
from challenges.models import ChallengePage
from cms.demo_images import picture
from cms.models import (
    BrandIndexPage,
    ChangelogIdea,
    ChangelogPage,
    HomeFeaturedChallenge,
    HomePage,
    WikiPage,
)
from ideas.models import Idea
from ideas.roadmap import Status

FEATURED_CHALLENGES = ("zero-waste-aisles", "plans-that-fit-families", "repair-rent-resell")


@dataclass(frozen=True)
class WikiSpec:
    title: str
    slug: str
    summary: str
    sections: tuple[tuple[str, str], ...]
    cost: dict
    faq: tuple[tuple[str, str], ...] = ()
    nested: bool = False
    later_change: str = ""


@dataclass(frozen=True)
class BrandStory:
    paragraphs: tuple[str, ...]
    quote: tuple[str, str]
    wiki: tuple[WikiSpec, ...] = field(default_factory=tuple)


def cost(product: str, currency: str, price: str, parts, note: str = "") -> dict:
    return {
        "product": product,
        "currency": currency,
        "price": price,
        "parts": [{"label": text, "kind": kind, "amount": amount} for text, kind, amount in parts],
        "note": note,
    }


STORIES = {
    "fieldfare": BrandStory(
        (
            "Fieldfare started in 1978 as a buying club of twelve families who wanted flour "
            "without the middlemen. Today 38,000 members own our 40 shops.",
            "Members vote on what we stock, and our own-brand range is designed here, in the "
            "open: every product shows where its price goes.",
        ),
        ("We would rather explain a price than hide it.", "Marit, member since 1994"),
        (
            WikiSpec(
                "How our granola is made",
                "granola",
                "Oats from 60 km away, roasted in small batches, packed in paper.",
                (
                    (
                        "Suppliers",
                        "<p>Our oats come from <b>Lower Farm</b>, a cooperative of six growers. "
                        "Hazelnuts come from Piedmont, honey from two beekeepers who are "
                        "members themselves.</p>",
                    ),
                    (
                        "Margins",
                        "<p>We keep 96 cents of every bag. Twenty cents go to the member fund "
                        "that pays for the refill stations.</p>",
                    ),
                ),
                cost(
                    "Fieldfare granola, 500 g",
                    "EUR",
                    "4.20",
                    (
                        ("Oats, hazelnuts and honey", "materials", "1.55"),
                        ("Roasting and mixing", "labour", "0.70"),
                        ("Delivery to the shops", "transport", "0.25"),
                        ("Paper bag", "packaging", "0.30"),
                        ("VAT (6%)", "taxes", "0.24"),
                        ("Co-op margin", "margin", "0.96"),
                        ("Member fund", "other", "0.20"),
                    ),
                    "Prices of March; oats went up 8% since last year.",
                ),
            ),
            WikiSpec(
                "Refill jars: deposit and care",
                "refill-jars",
                "What the €2 deposit pays for and how to keep your jar in use for years.",
                (
                    (
                        "Washing",
                        "<p>Rinse the jar and bring it back: we wash every jar at 85 °C "
                        "before it goes back on the shelf. The seal can be swapped at the "
                        "till for free.</p>",
                    ),
                ),
                cost(
                    "Refill jar, 1 L (deposit)",
                    "EUR",
                    "2.00",
                    (
                        ("Glass", "materials", "0.85"),
                        ("Steel lid and seal", "materials", "0.30"),
                        ("Delivery", "transport", "0.20"),
                        ("Washing between uses", "labour", "0.35"),
                        ("Crate", "packaging", "0.10"),
                        ("VAT", "taxes", "0.20"),
                    ),
                    "The deposit is refunded in full: we make no margin on jars.",
                ),
                faq=(("Can I bring my own jar?", "<p>Yes, any clean jar with a lid.</p>"),),
            ),
        ),
    ),
    "nimbus": BrandStory(
        (
            "Nimbus is a mobile network run with its customers: the people on our forum answer "
            "most questions, and our plans are designed in public challenges.",
            "We rent capacity from a host operator and tell you exactly what that costs.",
        ),
        ("My plan finally fits how my family actually uses data.", "Sam, Nimbus customer"),
        (
            WikiSpec(
                "What your monthly plan pays for",
                "plan-costs",
                "Every pound of a family line, from the network to our margin.",
                (
                    (
                        "The network",
                        "<p>We do not own masts: our host operator charges us per gigabyte, "
                        "which is the largest part of your bill.</p>",
                    ),
                    (
                        "Support",
                        "<p>Our community team is paid for the hours it spends on the "
                        "forum; volunteers get credit on their bill.</p>",
                    ),
                ),
                cost(
                    "Nimbus Family plan, one line, monthly",
                    "GBP",
                    "12.00",
                    (
                        ("Network capacity (host operator)", "other", "5.10"),
                        ("Community support team", "labour", "2.20"),
                        ("SIM card", "materials", "0.30"),
                        ("Posting the SIM", "transport", "0.10"),
                        ("VAT (20%)", "taxes", "2.00"),
                        ("Billing and systems", "other", "0.70"),
                        ("Our margin", "margin", "1.60"),
                    ),
                ),
            ),
            WikiSpec(
                "Battery swap and repair guide",
                "repair-guide",
                "Keep your refurbished phone going: a battery swap costs less than you think.",
                (
                    (
                        "When to swap the battery",
                        "<p>Below 80% of its capacity (see <i>Settings › Battery</i>), a "
                        "swap gives you two more good years.</p>",
                    ),
                ),
                cost(
                    "Battery replacement, Nimbus Refurb 5",
                    "GBP",
                    "39.00",
                    (
                        ("Battery", "materials", "14.50"),
                        ("Technician, 30 minutes", "labour", "12.00"),
                        ("Courier both ways", "transport", "4.50"),
                        ("Protective box", "packaging", "1.00"),
                        ("VAT", "taxes", "6.50"),
                        ("Our margin", "margin", "0.50"),
                    ),
                ),
                faq=(
                    (
                        "Do I lose my data?",
                        "<p>No, but back up first: we never open your storage.</p>",
                    ),
                ),
            ),
        ),
    ),
    "summit": BrandStory(
        (
            "Summit designs outdoor gear with the people who use it, and repairs what it sells.",
            "Our tents are sewn in a workshop in Porto that we visit every season.",
        ),
        ("Gear that lasts is the greenest gear.", "Lena, head of product"),
        (
            WikiSpec(
                "Trail 2P tent: what the price pays for",
                "trail-tent",
                "Fabric from Taiwan, poles from Korea, sewn in Porto.",
                (
                    (
                        "How it's made",
                        "<p>The recycled nylon fly is cut and sewn in Porto by a team of "
                        "fourteen; seams are taped by hand.</p>",
                    ),
                    (
                        "Margins",
                        "<p>Twelve euros of every tent go to our repair fund, so spare parts "
                        "stay cheap for ten years.</p>",
                    ),
                ),
                cost(
                    "Summit Trail 2P tent",
                    "EUR",
                    "289.00",
                    (
                        ("Fabric, poles and pegs", "materials", "96.00"),
                        ("Sewing in Porto", "labour", "58.00"),
                        ("Shipping to the warehouse", "transport", "9.50"),
                        ("Stuff sack and box", "packaging", "3.50"),
                        ("VAT", "taxes", "48.00"),
                        ("Our margin", "margin", "62.00"),
                        ("Repair fund", "other", "12.00"),
                    ),
                ),
            ),
            WikiSpec(
                "Caring for and repairing your tent",
                "tent-care",
                "Dry it, clean it, fix a broken pole yourself.",
                (
                    (
                        "Care",
                        "<p>Always dry the tent before storing it; wash it with clear water "
                        "only.</p>",
                    ),
                ),
                cost(
                    "Pole repair kit",
                    "EUR",
                    "14.00",
                    (
                        ("Aluminium sleeve and shock cord", "materials", "4.20"),
                        ("Assembly", "labour", "2.80"),
                        ("Transport", "transport", "1.00"),
                        ("Pouch", "packaging", "0.60"),
                        ("VAT", "taxes", "2.40"),
                        ("Our margin", "margin", "3.00"),
                    ),
                ),
                nested=True,
                later_change="<p><b>New:</b> re-seal the seams every two seasons with the "
                "seam sealer from our repair corner.</p>",
            ),
        ),
    ),
}

REVIEW_DRAFT = WikiSpec(
    "Our oat drink: the true cost",
    "oat-drink",
    "A draft for the members: where the €1.89 of a carton goes.",
    (
        (
            "Suppliers",
            "<p>Oats from Lower Farm, pressed at a partner dairy 30 km from our warehouse.</p>",
        ),
    ),
    cost(
        "Fieldfare oat drink, 1 L",
        "EUR",
        "1.89",
        (
            ("Oats, rapeseed oil, sea salt", "materials", "0.42"),
            ("Production at the partner dairy", "labour", "0.38"),
            ("Delivery", "transport", "0.16"),
            ("Carton", "packaging", "0.24"),
            ("VAT", "taxes", "0.11"),
            ("Co-op margin", "margin", "0.58"),
        ),
    ),
)
REVIEW_BRAND = "fieldfare"


def seed_pages(*, brands: list[Brand], staff: dict[int, dict[str, User]]) -> dict:
    """Fill the editorial pages; ``staff[brand.pk]`` maps ``"owner"``/``"manager"`` to users.

    Returns what the seed prints about the page waiting for review.
    """
    for brand in brands:
        owner = staff[brand.pk]["owner"]
        story = STORIES[brand.slug]
        wiki_pages = _wiki_pages(brand, story.wiki, owner)
        _brand_story(brand, story, wiki_pages[0], owner)
        _changelog(brand, owner)
    _home()
    reviewed = next(b for b in brands if b.slug == REVIEW_BRAND)
    return _review_draft(reviewed, staff[reviewed.pk]["manager"], staff[reviewed.pk]["owner"])


def _home() -> None:
    home = HomePage.objects.get()
    if home.hero_image_id is not None:
        return
    data = picture(2026, (1600, 640))
    home.hero_image = WagtailImage.objects.create(
        title="Cocreate hero",
        file=ImageFile(data, name=data.name),
        collection=Collection.get_first_root_node(),
    )
    home.intro = (
        "Brands and their customers design products together: propose ideas, vote for the "
        "best ones and follow them all the way to the shelf."
    )
    home.hero_link_label = "Meet the brands"
    home.hero_link_page = BrandIndexPage.objects.get()
    challenges = ChallengePage.objects.filter(slug__in=FEATURED_CHALLENGES)
    by_slug = {c.slug: c for c in challenges}
    home.featured_challenges = [
        HomeFeaturedChallenge(challenge=by_slug[slug], sort_order=index)
        for index, slug in enumerate(FEATURED_CHALLENGES)
        if slug in by_slug
    ]
    home.save_revision().publish()


def _brand_story(brand: Brand, story: BrandStory, wiki_page: WikiPage, owner: User) -> None:
    page = brand.page
    if page.body:
        return
    body = [{"type": "paragraph", "value": f"<p>{text}</p>"} for text in story.paragraphs]
    text, attribution = story.quote
    body.append({"type": "quote", "value": {"text": text, "attribution": attribution}})
    body.append(
        {
            "type": "call_to_action",
            "value": {
                "title": "Where does your money go?",
                "text": "Our wiki shows the cost of what we sell, part by part.",
                "label": "Read the cost breakdown",
                "page": wiki_page.pk,
                "url": "",
            },
        }
    )
    page.body = body
    page.save_revision(user=owner).publish(user=owner)


def _wiki_body(spec: WikiSpec) -> list[dict]:
    body = []
    for heading, html in spec.sections:
        body.append({"type": "heading", "value": {"text": heading, "level": "h2"}})
        body.append({"type": "paragraph", "value": html})
    body.append({"type": "cost_breakdown", "value": spec.cost})
    if spec.faq:
        items = [{"question": q, "answer": a} for q, a in spec.faq]
        body.append({"type": "faq", "value": {"title": "Questions", "items": items}})
    return body


def _wiki_page(parent: Page, spec: WikiSpec) -> tuple[WikiPage, bool]:
    existing = WikiPage.objects.child_of(parent).filter(slug=spec.slug).first()
    if existing is not None:
        return existing, False
    page = WikiPage(title=spec.title, slug=spec.slug, summary=spec.summary, live=False)
    page.body = _wiki_body(spec)
    parent.add_child(instance=page)
    return page, True


def _wiki_pages(brand: Brand, specs, owner: User) -> list[WikiPage]:
    pages = []
    for spec in specs:
        parent = pages[0] if spec.nested and pages else brand.page
        page, created = _wiki_page(parent, spec)
        if created:
            page.save_revision(user=owner).publish(user=owner)
            if spec.later_change:
                _publish_later_change(page, spec.later_change, owner)
        pages.append(page)
    return pages


def _publish_later_change(page: WikiPage, html: str, owner: User) -> None:
    """Date the first publication five weeks back, then publish a change today, so the
    page's public history shows two dates."""
    earlier = timezone.now() - timedelta(days=35)
    first = page.latest_revision
    Revision.objects.filter(pk=first.pk).update(created_at=earlier)
    PageLogEntry.objects.filter(page=page, revision=first).update(timestamp=earlier)
    Page.objects.filter(pk=page.pk).update(first_published_at=earlier)
    page.refresh_from_db()
    page.body.append(("paragraph", html))
    page.save_revision(user=owner).publish(user=owner)


def _changelog(brand: Brand, owner: User) -> None:
    """A post crediting up to three of the brand's shipped ideas (none if nothing shipped)."""
    slug = "shipped-this-season"
    if ChangelogPage.objects.child_of(brand.page).filter(slug=slug).exists():
        return
    ideas = list(
        Idea.objects.filter(brand=brand, status=Status.SHIPPED, is_public=True).order_by(
            "-vote_count", "pk"
        )[:3]
    )
    if not ideas:
        return
    body = [
        {
            "type": "paragraph",
            "value": "<p>These ideas came from our community and are now real. Thank you to "
            "everyone who proposed, voted and commented.</p>",
        },
        *({"type": "idea_card", "value": idea.pk} for idea in ideas),
    ]
    post = ChangelogPage(
        title="Shipped this season",
        slug=slug,
        date=timezone.localdate() - timedelta(days=3),
        intro=(
            "An idea from our community is now live."
            if len(ideas) == 1
            else f"{len(ideas)} ideas from our community are now live."
        ),
        live=False,
    )
    post.body = body
    post.shipped_ideas = [
        ChangelogIdea(idea=idea, sort_order=index) for index, idea in enumerate(ideas)
    ]
    brand.page.add_child(instance=post)
    post.save_revision(user=owner).publish(user=owner)


def _review_draft(brand: Brand, manager: User, owner: User) -> dict:
    """A wiki page the brand's manager drafted and submitted, waiting for an owner.

    Wagtail's "submitted for moderation" email is not sent: the demo's addresses are
    fictional and the console backend would bury the seed's summary.
    """
    page, created = _wiki_page(brand.page, REVIEW_DRAFT)
    if created:
        page.save_revision(user=manager)
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            page.get_workflow().start(page, manager)
    return {
        "title": page.title,
        "in_review": page.workflow_in_progress,
        "submitted_by": manager.email,
        "approver": owner.email,
        "edit_url": f"/admin/pages/{page.pk}/edit/",
    }
