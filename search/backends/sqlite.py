"""SQLite FTS5: the same behaviour as PostgreSQL, as far as SQLite allows.

``search_fts`` (created by ``search/migrations/0001`` on SQLite only) holds one row per
searchable idea and live page (challenge, brand, wiki or changelog page), with columns
``title``, ``tags`` and ``body`` ranked by ``bm25`` with weights 10 / 4 / 1. Its rowid
encodes the kind: ``id * SLOTS + KIND_CODES[kind]`` (``search/migrations/0002`` moved
rows from 4 slots to 8). The ``unicode61 remove_diacritics 2`` tokenizer folds case
and accents both ways. There is no stemming: every word is matched as a prefix. A word the
index does not know is also matched as its closest known term (``difflib`` over the
``search_fts_vocab`` terms sharing its first letter), which catches typos.
"""

import difflib
from contextlib import nullcontext

from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

from ideas.models import Idea
from search.backends.database import (
    TextMatch,
    age_days,
    fold,
    live_pages,
    page_text,
    query_words,
    relevance_boost,
)

KIND_CODES = {"idea": 0, "challenge": 1, "brand": 2, "wiki": 3, "changelog": 4}
KIND_OF_CODE = {code: kind for kind, code in KIND_CODES.items()}
SLOTS = 8
BM25 = "bm25(search_fts, 10.0, 4.0, 1.0)"
MIN_CORRECTED_LENGTH = 4
CORRECTION_CUTOFF = 0.75
MAX_PAGES = 50
STOPWORDS = frozenset(
    "the and for with from that this are our your "
    "des les une pour avec dans sur par qui que".split()
)


def rowid(kind: str, pk: int) -> int:
    return pk * SLOTS + KIND_CODES[kind]


def _quoted(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


class SqliteEngine:
    def custom_plans(self):
        """SQLite plans every statement as it comes (see ``PostgresEngine.custom_plans``)."""
        return nullcontext()

    def _replace(self, kind: str, rows: list[tuple[int, str, str, str]], ids: list[int]) -> None:
        with connection.cursor() as cursor:
            cursor.executemany(
                "DELETE FROM search_fts WHERE rowid = %s", [[rowid(kind, pk)] for pk in ids]
            )
            cursor.executemany(
                "INSERT INTO search_fts (rowid, title, tags, body) VALUES (%s, %s, %s, %s)",
                [[rowid(kind, pk), title, tags, body] for pk, title, tags, body in rows],
            )

    def index_ideas(self, ids: list[int]) -> None:
        ideas = Idea.objects.public().filter(pk__in=ids).prefetch_related("tags")
        rows = [
            (idea.pk, idea.title, " ".join(tag.name for tag in idea.tags.all()), idea.body)
            for idea in ideas.only("pk", "title", "body")
        ]
        self._replace("idea", rows, ids)

    def index_pages(self, kind: str, ids: list[int]) -> None:
        rows = [(page.pk, page.title, *page_text(page)) for page in live_pages(kind, ids)]
        self._replace(kind, rows, ids)

    def delete(self, kind: str, ids: list[int]) -> None:
        self._replace(kind, [], ids)

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_fts")

    def analyze(self) -> None:
        """Merge the FTS5 index segments a rebuild leaves behind."""
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")

    def count(self, kind: str) -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT count(*) FROM search_fts WHERE rowid %% {SLOTS} = %s", [KIND_CODES[kind]]
            )
            return cursor.fetchone()[0]

    def _known(self, cursor, term: str) -> bool:
        cursor.execute(
            "SELECT 1 FROM search_fts_vocab WHERE term >= %s AND term < %s LIMIT 1",
            [term, term + "\uffff"],
        )
        return cursor.fetchone() is not None

    def _closest(self, cursor, term: str) -> str | None:
        cursor.execute(
            "SELECT term FROM search_fts_vocab WHERE term >= %s AND term < %s",
            [term[0], term[0] + "\uffff"],
        )
        terms = [row[0] for row in cursor.fetchall()]
        close = difflib.get_close_matches(term, terms, n=1, cutoff=CORRECTION_CUTOFF)
        return close[0] if close else None

    def _alternatives(self, words: list[str]) -> list[tuple[str, str | None]]:
        """Each folded word with its correction when the index does not know it."""
        alternatives = []
        with connection.cursor() as cursor:
            for word in words:
                correction = None
                if len(word) >= MIN_CORRECTED_LENGTH and not self._known(cursor, word):
                    correction = self._closest(cursor, word)
                alternatives.append((word, correction))
        return alternatives

    def parse(self, text: str, *, any_word: bool = False) -> TextMatch:
        words = [fold(word) for word in query_words(text)]
        if any_word:
            words = [word for word in words if len(word) >= 3 and word not in STOPWORDS]
        alternatives = self._alternatives(words)
        clauses = [
            f"({_quoted(word)}* OR {_quoted(correction)})" if correction else f"{_quoted(word)}*"
            for word, correction in alternatives
        ]
        highlight_words = words + [correction for _, correction in alternatives if correction]
        expression = (" OR " if any_word else " AND ").join(clauses)
        return TextMatch(
            text=text, words=words, highlight_words=highlight_words, data={"fts": expression}
        )

    def _match_sql(self, kind: str) -> str:
        return (
            f"SELECT rowid / {SLOTS}, {BM25} FROM search_fts"
            f" WHERE search_fts MATCH %s AND rowid %% {SLOTS} = {KIND_CODES[kind]}"
        )

    def idea_condition(self, match: TextMatch) -> Q:
        if not match.data["fts"]:
            return Q(pk__in=[])
        return Q(
            pk__in=RawSQL(
                f"SELECT rowid / {SLOTS} FROM search_fts"
                f" WHERE search_fts MATCH %s AND rowid %% {SLOTS} = 0",
                [match.data["fts"]],
            )
        )

    def _ranks(self, kind: str, expression: str) -> dict[int, float]:
        if not expression:
            return {}
        with connection.cursor() as cursor:
            cursor.execute(self._match_sql(kind), [expression])
            return {pk: -bm25 for pk, bm25 in cursor.fetchall()}

    def rank_ideas(
        self, filtered: QuerySet, match: TextMatch, start: int, end: int
    ) -> list[tuple[int, float]]:
        ranks = self._ranks("idea", match.data["fts"])
        scored = [
            (pk, ranks.get(pk, 0.0) * relevance_boost(votes, age_days(created_at)))
            for pk, votes, created_at in filtered.values_list("pk", "vote_count", "created_at")
        ]
        scored.sort(key=lambda item: (-item[1], -item[0]))
        return scored[start:end]

    def match_pages(self, match: TextMatch) -> list[tuple[str, object, float]]:
        """Every kind of page in one FTS query, then the matching pages of each kind."""
        if not match.data["fts"]:
            return []
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid, {BM25} FROM search_fts"
                f" WHERE search_fts MATCH %s AND rowid %% {SLOTS} != 0",
                [match.data["fts"]],
            )
            rows = cursor.fetchall()
        ranks: dict[str, dict[int, float]] = {}
        for row, bm25 in rows:
            ranks.setdefault(KIND_OF_CODE[row % SLOTS], {})[row // SLOTS] = -bm25
        found = []
        for kind, by_pk in ranks.items():
            pages = live_pages(kind, list(by_pk)).in_bulk()
            found += [(kind, pages[pk], score) for pk, score in by_pk.items() if pk in pages]
        return sorted(found, key=lambda item: (-item[2], item[1].pk))[:MAX_PAGES]

    def similar(self, title: str, candidates: QuerySet, limit: int) -> list[tuple[int, float]]:
        """Ideas sharing any meaningful word of ``title`` (typos corrected), best first."""
        match = self.parse(title, any_word=True)
        ranks = self._ranks("idea", match.data["fts"])
        allowed = set(candidates.filter(pk__in=list(ranks)).values_list("pk", flat=True))
        scored = sorted(
            ((pk, score) for pk, score in ranks.items() if pk in allowed),
            key=lambda item: (-item[1], -item[0]),
        )
        return scored[:limit]
