"""PostgreSQL full-text search with trigram typo tolerance.

Ideas: ``ideas_idea.search_vector`` holds ``title`` (weight A), tags (B) and body (C),
built with the brand's text search configuration (``cocreate_en``/``cocreate_fr``:
stemming, accents folded; see ``search/migrations/0001``) and GIN-indexed; NULL means
"not in the index" (hidden, pre-moderated, draft challenge). Queries are parsed with both
configurations (OR). Only when that finds nothing at all (a typo, most likely) are titles
matched by trigram word similarity instead (GIN ``gin_trgm_ops`` index): putting both in
one OR condition made PostgreSQL compute the similarity of every title, 100,000 of them
on the bench data, for every query. Pages (challenges, brand, wiki and changelog pages)
are few: their documents are computed at query time from the live pages, in one query
for every kind, so they cannot drift.
"""

from contextlib import contextmanager

from django.contrib.postgres.lookups import TrigramWordSimilar
from django.contrib.postgres.search import SearchQuery as PgSearchQuery
from django.db import connection, transaction
from django.db.models import BooleanField, F, Q, QuerySet, Value
from django.db.models.expressions import RawSQL

from ideas.models import Idea
from search.backends.database import PAGE_MODELS, TextMatch, fold, query_words

CONFIGS = ("cocreate_en", "cocreate_fr")
TSQUERY = (
    "(websearch_to_tsquery('cocreate_en'::regconfig, %s)"
    " || websearch_to_tsquery('cocreate_fr'::regconfig, %s))"
)
OR_TSQUERY = (
    "(to_tsquery('cocreate_en'::regconfig, %s) || to_tsquery('cocreate_fr'::regconfig, %s))"
)
DOC_CONFIG = "(CASE {lang} WHEN 'fr' THEN 'cocreate_fr' ELSE 'cocreate_en' END)::regconfig"
BOOST = (
    "(1 + 0.1 * ln(1 + ideas_idea.vote_count))"
    " * (1 + 0.2 / (1 + greatest(extract(epoch FROM now() - ideas_idea.created_at), 0)"
    " / 86400.0 / 30))"
)
TITLE_SIMILARITY_WEIGHT = 0.3
MAX_PAGES = 50

INDEX_IDEAS = """
UPDATE ideas_idea AS i SET search_vector = CASE WHEN i.is_public AND p.live THEN
    setweight(to_tsvector({config}, i.title), 'A')
    || setweight(to_tsvector({config}, coalesce((
        SELECT string_agg(t.name, ' ') FROM ideas_ideatag it
        JOIN taggit_tag t ON t.id = it.tag_id WHERE it.content_object_id = i.id), '')), 'B')
    || setweight(to_tsvector({config}, i.body), 'C')
  ELSE NULL END
FROM brands_brand b, wagtailcore_page p
WHERE b.id = i.brand_id AND p.id = i.challenge_id AND i.id = ANY(%s)
""".format(config=DOC_CONFIG.format(lang="b.language"))

# Each kind's live pages as (kind, id, title, vector): title A, the rest C. A StreamField
# ``body`` is jsonb: ``to_tsvector`` on it indexes its string values (not keys; HTML tags
# are skipped by the parser), taken from the blocks' values so block type names and ids
# are left out.
# Wiki pages and changelog posts: title, lead text and every string value of the body's
# blocks (FAQ answers and cost-breakdown parts included); {config} is filled in below.
EDITORIAL_DOCUMENT = """
        SELECT '{kind}' AS kind, p.id, p.title,
            setweight(to_tsvector({{config}}, p.title), 'A')
            || setweight(to_tsvector({{config}}, e.{lead}), 'C')
            || setweight(
                to_tsvector({{config}}, jsonb_path_query_array(e.body, 'strict $[*].value')), 'C'
            ) AS vec
        FROM {table} e JOIN wagtailcore_page p ON p.id = e.page_ptr_id
        JOIN brands_brand b ON b.id = e.brand_id WHERE p.live"""
PAGE_DOCUMENTS = {
    "challenge": """
        SELECT 'challenge' AS kind, p.id, p.title,
            setweight(to_tsvector({config}, p.title), 'A')
            || setweight(to_tsvector({config}, c.summary || ' ' || c.reward), 'C') AS vec
        FROM challenges_challengepage c JOIN wagtailcore_page p ON p.id = c.page_ptr_id
        JOIN brands_brand b ON b.id = c.brand_id WHERE p.live""",
    "brand": """
        SELECT 'brand' AS kind, p.id, p.title,
            setweight(to_tsvector({config}, p.title), 'A')
            || setweight(to_tsvector({config}, b.description), 'C') AS vec
        FROM cms_brandpage bp JOIN wagtailcore_page p ON p.id = bp.page_ptr_id
        JOIN brands_brand b ON b.id = bp.brand_id WHERE p.live""",
    "wiki": EDITORIAL_DOCUMENT.format(kind="wiki", table="cms_wikipage", lead="summary"),
    "changelog": EDITORIAL_DOCUMENT.format(
        kind="changelog", table="cms_changelogpage", lead="intro"
    ),
}
DOCUMENTS = " UNION ALL ".join(
    sql.format(config=DOC_CONFIG.format(lang="b.language")) for sql in PAGE_DOCUMENTS.values()
)
MATCH_PAGES = f"""
WITH q AS (SELECT {TSQUERY} AS tsq), d AS ({DOCUMENTS})
SELECT d.kind, d.id,
    ts_rank(d.vec, q.tsq) + {TITLE_SIMILARITY_WEIGHT} * word_similarity(%s, d.title)
FROM d, q WHERE d.vec @@ q.tsq OR %s <%% d.title
ORDER BY 3 DESC, d.id LIMIT {MAX_PAGES}
"""


class PostgresEngine:
    @contextmanager
    def custom_plans(self):
        """Plan each search for its own words, even on a connection with prepared statements.

        After five runs PostgreSQL may switch a prepared statement to one generic plan, which
        cannot know whether the words match ten ideas or forty thousand: with it, search p95
        on the bench data went from ~90 ms to ~170 ms (``DATABASE_PREPARED_STATEMENTS``).
        """
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL plan_cache_mode = force_custom_plan")
            yield

    def index_ideas(self, ids: list[int]) -> None:
        with connection.cursor() as cursor:
            cursor.execute(INDEX_IDEAS, [list(ids)])

    def index_pages(self, kind: str, ids: list[int]) -> None:
        """Nothing to store: page documents are computed at query time."""

    def delete(self, kind: str, ids: list[int]) -> None:
        if kind == "idea":
            Idea.objects.filter(pk__in=ids).update(search_vector=None)

    def clear(self) -> None:
        """Blank the vectors of ideas that left the public set; a rebuild rewrites every
        public one next, and blanking those too would double the rows it rewrites."""
        Idea.objects.filter(search_vector__isnull=False).exclude(
            pk__in=Idea.objects.public().values("pk")
        ).update(search_vector=None)

    def analyze(self) -> None:
        """Refresh the planner's statistics once every vector has been rewritten, and
        (outside a transaction) reclaim the row versions the rewrite left behind.

        Without them PostgreSQL estimates one matching row for any query and picks nested
        loops over tens of thousands of matches: on the bench data, a rebuild not followed
        by VACUUM ANALYZE made search p95 go from ~60 ms to ~110 ms until autovacuum came by.
        """
        statement = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        with connection.cursor() as cursor:
            cursor.execute(f"{statement} ideas_idea")

    def count(self, kind: str) -> int:
        if kind == "idea":
            return Idea.objects.filter(search_vector__isnull=False).count()
        return PAGE_MODELS[kind].objects.live().count()

    def parse(self, text: str) -> TextMatch:
        words = query_words(text)
        tsquery = PgSearchQuery(text, config=CONFIGS[0], search_type="websearch")
        tsquery |= PgSearchQuery(text, config=CONFIGS[1], search_type="websearch")
        typo = not Idea.objects.filter(search_vector=tsquery).exists()
        return TextMatch(
            text=text,
            words=words,
            highlight_words=[fold(word) for word in words],
            data={"tsquery": tsquery, "typo": typo},
        )

    def idea_condition(self, match: TextMatch) -> Q:
        if match.data["typo"]:
            similar_title = Q(TrigramWordSimilar(F("title"), Value(match.text)))
            return similar_title & Q(search_vector__isnull=False)
        return Q(search_vector=match.data["tsquery"])

    def rank_ideas(
        self, filtered: QuerySet, match: TextMatch, start: int, end: int
    ) -> list[tuple[int, float]]:
        if match.data["typo"]:
            score = RawSQL(f"word_similarity(%s, ideas_idea.title) * {BOOST}", [match.text])
        else:
            score = RawSQL(
                f"ts_rank(ideas_idea.search_vector, {TSQUERY}) * {BOOST}",
                [match.text, match.text],
            )
        ranked = filtered.annotate(score=score).order_by("-score", "-pk")
        return list(ranked.values_list("pk", "score")[start:end])

    def match_pages(self, match: TextMatch) -> list[tuple[str, object, float]]:
        """Every kind of page in one query, then the matching pages of each kind."""
        with connection.cursor() as cursor:
            cursor.execute(MATCH_PAGES, [match.text] * 4)
            rows = cursor.fetchall()
        scores: dict[str, dict[int, float]] = {}
        for kind, pk, score in rows:
            scores.setdefault(kind, {})[pk] = score
        found = []
        for kind, by_pk in scores.items():
            pages = PAGE_MODELS[kind].objects.live().select_related("brand").in_bulk(by_pk)
            found += [(kind, pages[pk], score) for pk, score in by_pk.items() if pk in pages]
        return sorted(found, key=lambda item: (-item[2], item[1].pk))

    def similar(self, title: str, candidates: QuerySet, limit: int) -> list[tuple[int, float]]:
        """Ideas sharing any word of ``title`` (stemmed) or a title close to it (trigrams)."""
        or_words = " | ".join(query_words(title))
        params = [or_words, or_words]
        score = RawSQL(
            f"coalesce(ts_rank(ideas_idea.search_vector, {OR_TSQUERY}), 0)"
            " + similarity(ideas_idea.title, %s)",
            [*params, title],
        )
        condition = RawSQL(
            f"(ideas_idea.search_vector @@ {OR_TSQUERY}"
            " OR (ideas_idea.title %% %s AND ideas_idea.search_vector IS NOT NULL))",
            [*params, title],
            output_field=BooleanField(),
        )
        ranked = candidates.filter(condition).annotate(score=score).order_by("-score", "-pk")
        return list(ranked.values_list("pk", "score")[:limit])
