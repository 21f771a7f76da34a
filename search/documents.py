"""What Elasticsearch stores: one index of public ideas, one of pages (challenges, brand
pages, wiki pages, changelog posts), each a versioned index behind an alias
(``<prefix>-ideas``, ``<prefix>-pages``).

Text fields are indexed three times: ``title`` folded only (lowercase + ASCII folding, for
highlighting), ``title.en`` and ``title.fr`` stemmed for each language, so "écologique",
"Ecologique" and "ecologiques" meet. Facets are keyword fields holding the values of
``SearchQuery.filters``: brand slug, challenge page id (a string), status, tag slugs.

``searchable`` says what belongs in the index at all (public ideas of live challenges, live
public pages); ``bulk_actions`` indexes what it finds among some ids and deletes the rest.
"""

from html import unescape

from django.conf import settings
from django.utils.html import strip_tags
from elasticsearch.dsl import (
    Boolean,
    Date,
    Document,
    Float,
    Index,
    Integer,
    Keyword,
    MetaField,
    SearchAsYouType,
    Text,
    analyzer,
    normalizer,
    token_filter,
)

from challenges.models import ChallengePage
from cms.models import BrandPage, ChangelogPage, WikiPage
from ideas.models import Idea

IDEAS = "ideas"
PAGES = "pages"

folded = analyzer("folded", tokenizer="standard", filter=["lowercase", "asciifolding"])
en_folded = analyzer(
    "en_folded",
    tokenizer="standard",
    filter=[
        token_filter("en_possessive", "stemmer", language="possessive_english"),
        "lowercase",
        "asciifolding",
        token_filter("en_stemmer", "stemmer", language="english"),
    ],
)
fr_folded = analyzer(
    "fr_folded",
    tokenizer="standard",
    filter=[
        token_filter(
            "fr_elision",
            "elision",
            articles_case=True,
            articles=["l", "m", "t", "qu", "n", "s", "j", "d", "c", "jusqu", "lorsqu", "puisqu"],
        ),
        "lowercase",
        "asciifolding",
        token_filter("fr_stemmer", "stemmer", language="light_french"),
    ],
)
folded_keyword = normalizer("folded_keyword", filter=["lowercase", "asciifolding"])


def language_text() -> Text:
    return Text(
        analyzer=folded,
        fields={"en": Text(analyzer=en_folded), "fr": Text(analyzer=fr_folded)},
    )


class IdeaDocument(Document):
    pk = Integer()
    title = language_text()
    title_suggest = SearchAsYouType(analyzer=folded)
    body = language_text()
    tags = Keyword()
    tag_names = Keyword(normalizer=folded_keyword)
    brand = Keyword()
    challenge = Keyword()
    status = Keyword()
    language = Keyword()
    vote_count = Integer()
    hot_score = Float()
    created_at = Date()
    is_public = Boolean()
    url = Keyword(index=False, doc_values=False)

    class Meta:
        dynamic = MetaField("strict")


class ChallengeDocument(Document):
    """A page: a challenge (``kind="challenge"``), a brand page (``"brand"``), a wiki page
    (``"wiki"``) or a changelog post (``"changelog"``); the document id is
    ``<kind>-<page id>``."""

    kind = Keyword()
    pk = Integer()
    title = language_text()
    body = language_text()
    brand = Keyword()
    language = Keyword()
    url = Keyword(index=False, doc_values=False)

    class Meta:
        dynamic = MetaField("strict")


DOCUMENTS = {IDEAS: IdeaDocument, PAGES: ChallengeDocument}
INDEX_OF_KIND = {
    "idea": IDEAS,
    "challenge": PAGES,
    "brand": PAGES,
    "wiki": PAGES,
    "changelog": PAGES,
}
EDITORIAL_PAGES = {"wiki": WikiPage, "changelog": ChangelogPage}


def alias_name(name: str) -> str:
    """``cocreate-ideas``; tests set ``SEARCH_INDEX_PREFIX`` to work in throwaway indexes."""
    return f"{getattr(settings, 'SEARCH_INDEX_PREFIX', 'cocreate')}-{name}"


def index_body(name: str) -> dict:
    """Settings (analyzers included) and mappings for a new version of index ``name``."""
    index = Index(alias_name(name))
    index.settings(number_of_shards=1, auto_expand_replicas="0-1")
    index.document(DOCUMENTS[name])
    return index.to_dict()


def document_id(kind: str, pk: int) -> str:
    return str(pk) if kind == "idea" else f"{kind}-{pk}"


def searchable(kind: str):
    """Everything of ``kind`` that belongs in the index, ready for ``to_document``."""
    if kind == "idea":
        return (
            Idea.objects.public()
            .select_related("brand", "challenge")
            .prefetch_related("tags")
            .order_by("pk")
        )
    if kind == "challenge":
        return (
            ChallengePage.objects.live()
            .public()
            .select_related("brand")
            .prefetch_related("tags")
            .order_by("pk")
        )
    model = EDITORIAL_PAGES.get(kind, BrandPage)
    return model.objects.live().public().select_related("brand").order_by("pk")


def to_document(kind: str, obj) -> Document:
    if kind == "idea":
        return idea_document(obj)
    if kind == "challenge":
        return challenge_document(obj)
    if kind == "brand":
        return brand_page_document(obj)
    return editorial_page_document(kind, obj)


def idea_document(idea: Idea) -> IdeaDocument:
    tags = sorted(idea.tags.all(), key=lambda tag: tag.slug)
    return IdeaDocument(
        meta={"id": document_id("idea", idea.pk)},
        pk=idea.pk,
        title=idea.title,
        title_suggest=idea.title,
        body=plain_text(idea.body_html),
        tags=[tag.slug for tag in tags],
        tag_names=[tag.name for tag in tags],
        brand=idea.brand.slug,
        challenge=str(idea.challenge_id),
        status=idea.status,
        language=brand_language(idea.brand),
        vote_count=idea.vote_count,
        hot_score=idea.hot_score,
        created_at=idea.created_at,
        is_public=idea.is_public,
        url=idea.get_absolute_url(),
    )


def challenge_document(page: ChallengePage) -> ChallengeDocument:
    brief = page._meta.get_field("brief").stream_block.get_searchable_content(page.brief)
    return ChallengeDocument(
        meta={"id": document_id("challenge", page.pk)},
        kind="challenge",
        pk=page.pk,
        title=page.title,
        body=joined(page.summary, page.reward, *(tag.name for tag in page.tags.all()), *brief),
        brand=page.brand.slug,
        language=brand_language(page.brand),
        url=page.get_url() or page.url_path,
    )


def brand_page_document(page: BrandPage) -> ChallengeDocument:
    about = page._meta.get_field("body").stream_block.get_searchable_content(page.body)
    return ChallengeDocument(
        meta={"id": document_id("brand", page.pk)},
        kind="brand",
        pk=page.pk,
        title=page.title,
        body=joined(page.brand.description, *about),
        brand=page.brand.slug,
        language=brand_language(page.brand),
        url=page.get_url() or page.url_path,
    )


def editorial_page_document(kind: str, page: WikiPage | ChangelogPage) -> ChallengeDocument:
    """A wiki page (its summary and body) or a changelog post (its intro and body)."""
    lead = page.summary if kind == "wiki" else page.intro
    body = page._meta.get_field("body").stream_block.get_searchable_content(page.body)
    return ChallengeDocument(
        meta={"id": document_id(kind, page.pk)},
        kind=kind,
        pk=page.pk,
        title=page.title,
        body=joined(lead, *body),
        brand=page.brand.slug,
        language=brand_language(page.brand),
        url=page.get_url() or page.url_path,
    )


def index_action(kind: str, obj, *, index: str | None = None) -> dict:
    return {
        "_op_type": "index",
        "_index": index or alias_name(INDEX_OF_KIND[kind]),
        "_id": document_id(kind, obj.pk),
        "_source": to_document(kind, obj).to_dict(),
    }


def delete_action(kind: str, pk: int) -> dict:
    return {
        "_op_type": "delete",
        "_index": alias_name(INDEX_OF_KIND[kind]),
        "_id": document_id(kind, pk),
    }


def bulk_actions(kind: str, ids: list[int]) -> list[dict]:
    """Bulk actions bringing ``ids`` up to date: searchable objects are (re)indexed whole,
    the rest (hidden, unpublished, deleted) deleted."""
    found = {obj.pk: obj for obj in searchable(kind).filter(pk__in=ids)}
    return [index_action(kind, obj) for obj in found.values()] + [
        delete_action(kind, pk) for pk in ids if pk not in found
    ]


def brand_language(brand) -> str:
    return getattr(brand, "language", "en") or "en"


def plain_text(html: str) -> str:
    return " ".join(unescape(strip_tags(html)).split())


def joined(*parts: str) -> str:
    """Page text from its fields and StreamField strings (rich text as HTML)."""
    return " ".join(plain_text(part) for part in parts if part and part.strip())
