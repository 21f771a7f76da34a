"""The measured endpoints and what they need: logged-in sessions, ideas to visit, vote pairs.

Sessions are written with Django's own session store, as a login would write them, and a
CSRF secret is sent both as the ``csrftoken`` cookie and the ``X-CSRFToken`` header, as the
page's script does. Import after ``django.setup()``.
"""

import json
import random
from dataclasses import dataclass, field
from importlib import import_module

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.models import Session
from django.db.models import Count, F
from django.utils.crypto import get_random_string

from accounts.models import User
from bench.editorial import EMAIL_DOMAIN
from bench.loadgen import Call
from challenges.models import ChallengePage
from ideas import services
from ideas.models import Idea, Vote

CSRF_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


@dataclass(frozen=True)
class Visitor:
    user_id: int
    session_key: str
    csrf: str

    @property
    def cookie(self) -> dict[str, str]:
        return {
            "Cookie": f"{settings.SESSION_COOKIE_NAME}={self.session_key}; csrftoken={self.csrf}"
        }


@dataclass
class Fixtures:
    challenge_paths: list[str]
    deep_page: int
    ideas: list[tuple[int, str]]
    visitors: list[Visitor]
    roadmap_paths: list[str] = field(default_factory=list)
    seeded_pairs: set[tuple[int, int]] = field(default_factory=set)
    votes_before: int = 0


def prepare(*, visitors: int, pool: int, seed: int = 7) -> Fixtures:
    """Log ``visitors`` bench users in and pick ``pool`` random ideas of the bench challenges."""
    rng = random.Random(seed)
    challenges = list(
        ChallengePage.objects.live()
        .filter(brand__slug__startswith="bench-")
        .select_related("brand")
    )
    if not challenges:
        raise SystemExit("No bench challenges: run bench/seed_large.py first.")
    ids = list(Idea.objects.filter(challenge__in=challenges).values_list("pk", flat=True))
    picked = Idea.objects.filter(pk__in=rng.sample(ids, min(pool, len(ids)))).order_by("pk")
    ideas = [(idea.pk, idea.get_absolute_url()) for idea in picked.only("pk", "slug")]
    largest = max(
        Idea.objects.filter(challenge__in=challenges)
        .values("challenge")
        .annotate(n=Count("pk"))
        .values_list("n", flat=True),
        default=0,
    )
    users = list(User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").order_by("pk")[:visitors])
    fixtures = Fixtures(
        challenge_paths=[page.get_url() for page in challenges],
        deep_page=max(1, int(largest / settings.IDEAS_PER_PAGE * 0.8)),
        ideas=ideas,
        visitors=[_log_in(user) for user in users],
        roadmap_paths=sorted(
            {f"/brands/{challenge.brand.slug}/roadmap/" for challenge in challenges}
        ),
    )
    fixtures.seeded_pairs = set(
        Vote.objects.filter(
            user_id__in=[v.user_id for v in fixtures.visitors], idea_id__in=[i for i, _ in ideas]
        ).values_list("user_id", "idea_id")
    )
    fixtures.votes_before = Vote.objects.count()
    return fixtures


def _log_in(user: User) -> Visitor:
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return Visitor(user.pk, store.session_key, get_random_string(32, CSRF_CHARS))


class Endpoints:
    """``next_call(worker)`` functions for each endpoint, spread over visitors and ideas."""

    def __init__(self, fixtures: Fixtures, *, concurrency: int, seed: int = 11):
        self.fixtures = fixtures
        self.rngs = [random.Random(seed + worker) for worker in range(concurrency)]
        self.lanes = [fixtures.visitors[w::concurrency] for w in range(concurrency)]
        self.pending: list[tuple[Visitor, int] | None] = [None] * concurrency

    def calls(self) -> dict:
        return {
            "healthz": lambda worker: Call("GET", "/healthz"),
            "challenge": lambda worker: self._page(worker, self._challenge(worker)),
            "challenge_deep": lambda worker: self._page(
                worker, f"{self._challenge(worker)}?page={self.fixtures.deep_page}"
            ),
            "idea": lambda worker: self._page(
                worker, self.rngs[worker].choice(self.fixtures.ideas)[1]
            ),
            "vote": self._vote,
            "roadmap": lambda worker: self._page(
                worker, self.rngs[worker].choice(self.fixtures.roadmap_paths)
            ),
        }

    def _challenge(self, worker: int) -> str:
        return self.rngs[worker].choice(self.fixtures.challenge_paths)

    def _page(self, worker: int, path: str) -> Call:
        visitor = self.rngs[worker].choice(self.lanes[worker])
        return Call("GET", path, headers=visitor.cookie)

    def _vote(self, worker: int) -> Call:
        """Add a vote to a pair that had none, then remove it with the next request."""
        if self.pending[worker] is not None:
            visitor, idea_id = self.pending[worker]
            self.pending[worker] = None
            action = "remove"
        else:
            visitor, idea_id = self._fresh_pair(worker)
            self.pending[worker] = (visitor, idea_id)
            action = "add"
        headers = {
            **visitor.cookie,
            "X-CSRFToken": visitor.csrf,
            "Accept": "application/json",
            "Content-Type": "application/x-www-form-urlencoded",
        }
        voted = action == "add"
        return Call(
            "POST",
            f"/ideas/{idea_id}/vote/",
            headers=headers,
            body=f"action={action}".encode(),
            verify=lambda body: json.loads(body).get("voted") is voted,
        )

    def _fresh_pair(self, worker: int) -> tuple[Visitor, int]:
        rng = self.rngs[worker]
        while True:
            visitor = rng.choice(self.lanes[worker])
            idea_id = rng.choice(self.fixtures.ideas)[0]
            if (visitor.user_id, idea_id) not in self.fixtures.seeded_pairs:
                return visitor, idea_id

    def restore(self) -> dict:
        """Withdraw the votes still added, drop the sessions; report whether all is as seeded."""
        for pending in filter(None, self.pending):
            visitor, idea_id = pending
            services.withdraw_vote(
                user=User.objects.get(pk=visitor.user_id), idea=Idea.objects.get(pk=idea_id)
            )
        self.pending = [None] * len(self.pending)
        keys = [visitor.session_key for visitor in self.fixtures.visitors]
        Session.objects.filter(session_key__in=keys).delete()
        pool = [idea_id for idea_id, _ in self.fixtures.ideas]
        drift = (
            Idea.objects.filter(pk__in=pool)
            .annotate(rows=Count("votes"))
            .exclude(vote_count=F("rows"))
            .count()
        )
        return {
            "votes_restored": Vote.objects.count() == self.fixtures.votes_before,
            "counters_consistent": drift == 0,
        }
