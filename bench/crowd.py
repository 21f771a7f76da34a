"""What the crowd writes, generated in memory and loaded with COPY.

Call ``load`` inside ``transaction.atomic``: ids are reserved from the tables' sequences,
counters are computed from the rows written (and checked against them before commit), and
Markdown is rendered once per text, like ``ideas.markdown`` would at write time.
Import after ``django.setup()``.
"""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag

from cms.demo import OPENERS as DEMO_OPENERS
from ideas.markdown import render_markdown
from ideas.models import Moderation
from ideas.ranking import hot_score
from ideas.roadmap import Status

OPENERS = tuple(opener.replace("members", "customers") for opener in DEMO_OPENERS)
SUBJECTS = (
    "refill station", "deposit scheme", "family plan", "night service", "repair café",
    "loyalty card", "trade-in offer", "spare parts shop", "quiet hour", "delivery slot",
)  # fmt: skip
BODIES = tuple(
    (text, render_markdown(text))
    for text in (
        "I would love to see this done properly. Today it is hard to find and nobody "
        "explains it.\n\n- It saves money for everyone\n- It is better for the planet\n"
        "- It brings people back\n\nWho else would use this?",
        "Our family uses this every week. It would make **everything** so much easier.\n\n"
        "Other companies already do it: see https://example.org for an example.",
        "Simple idea: start with a small trial, ask for feedback after a month, then decide.",
    )
)
COMMENTS = tuple(
    (text, render_markdown(text))
    for text in (
        "Great idea, I would use this every week!",
        "How would this work for people who do not have the app?",
        "+1, and it should be *cheap enough* for students.",
        "We tried something similar at my local shop; it worked well.",
    )
)
REVIEW_NOTE = "Our product team is reading this one."
DECLINE_NOTE = "Thank you! We looked at the cost and will not do this for now."
# One draw per idea picks its status: the share of ideas in each, and the moves that led there.
PIPELINE = (
    (0.040, Status.UNDER_REVIEW, (Status.UNDER_REVIEW,)),
    (0.015, Status.PLANNED, (Status.UNDER_REVIEW, Status.PLANNED)),
    (0.010, Status.IN_PROGRESS, (Status.UNDER_REVIEW, Status.PLANNED, Status.IN_PROGRESS)),
    (0.015, Status.SHIPPED, (Status.PLANNED, Status.IN_PROGRESS, Status.SHIPPED)),
    (0.010, Status.DECLINED, (Status.UNDER_REVIEW, Status.DECLINED)),
)


@dataclass(frozen=True)
class Shape:
    ideas: int
    votes: int
    commented_share: float = 0.25
    reply_share: float = 0.3


@dataclass
class IdeaRow:
    id: int
    challenge_id: int
    author_id: int
    created_at: datetime
    votes: int
    comments: int
    moves: tuple[str, ...] = ()


def vote_counts(rng: random.Random, *, ideas: int, votes: int, voters: int) -> list[int]:
    """A heavy-tailed number of votes per idea, each at least 1 (the author's own vote).

    Most ideas get a handful, a few dozen get the most votes a challenge's crowd can give.
    """
    if not ideas <= votes <= ideas * voters:
        raise SystemExit(f"{votes} votes cannot spread over {ideas} ideas and {voters} voters.")
    weights = [rng.paretovariate(1.3) - 1 for _ in range(ideas)]
    scale = (votes - ideas) / sum(weights)
    counts = [min(voters, 1 + int(weight * scale)) for weight in weights]
    missing = votes - sum(counts)
    while missing > 0:
        index = rng.randrange(ideas)
        if counts[index] < voters:
            counts[index] += 1
            missing -= 1
    return counts


def pipeline_moves(draw: float) -> tuple[str, ...]:
    """The statuses an idea went through after "submitted", from one uniform draw."""
    for share, _status, moves in PIPELINE:
        if draw < share:
            return moves
        draw -= share
    return ()


def moved_at(idea: "IdeaRow", now: datetime, step: int) -> datetime:
    """When ``idea`` made its ``step``-th move: spread over the first half of its life."""
    return idea.created_at + (now - idea.created_at) * (step + 1) / (2 * len(idea.moves))


def comment_count(rng: random.Random, shape: Shape) -> int:
    if rng.random() >= shape.commented_share:
        return 0
    return min(200, int(rng.paretovariate(1.2)))


def reserve_ids(cursor, table: str, count: int) -> int:
    """First of ``count`` consecutive ids taken from ``table``'s sequence."""
    cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
    (sequence,) = cursor.fetchone()
    cursor.execute("SELECT nextval(%s)", [sequence])
    (first,) = cursor.fetchone()
    cursor.execute("SELECT setval(%s, %s)", [sequence, first + count - 1])
    return first


def load(*, challenges, user_ids: list[int], shape: Shape, rng: random.Random, bar) -> None:
    """Write ideas, votes, tags, comments and status changes; ``bar(name, total)`` is tqdm."""
    now = timezone.now()
    with connection.cursor() as cursor:
        ideas = _ideas(cursor, challenges, user_ids, shape, rng, now, bar)
        _votes(cursor, ideas, user_ids, rng, now, bar)
        _tags(cursor, ideas, challenges, rng, bar)
        _comments(cursor, ideas, user_ids, shape, rng, now, bar)
        _verify(cursor)


def _ideas(cursor, challenges, user_ids, shape, rng, now, bar) -> list[IdeaRow]:
    counts = vote_counts(rng, ideas=shape.ideas, votes=shape.votes, voters=len(user_ids))
    first_id = reserve_ids(cursor, "ideas_idea", shape.ideas)
    opens = min(challenge.opens_at for challenge in challenges)
    span = (now - opens).total_seconds()
    offsets = sorted(rng.random() * span for _ in range(shape.ideas))
    rows = []
    columns = (
        "id, challenge_id, brand_id, author_id, title, slug, body, body_html, status, "
        "vote_count, comment_count, hot_score, is_public, created_at, updated_at, "
        "status_changed_at, first_response_at, moderation, moderation_note"
    )
    with (
        bar("ideas", shape.ideas) as progress,
        cursor.copy(f"COPY ideas_idea ({columns}) FROM STDIN") as copy,
    ):
        for index, offset in enumerate(offsets):
            challenge = challenges[index % len(challenges)]
            idea = IdeaRow(
                id=first_id + index,
                challenge_id=challenge.pk,
                author_id=rng.choice(user_ids),
                created_at=opens + timedelta(seconds=offset),
                votes=counts[index],
                comments=comment_count(rng, shape),
            )
            title = rng.choice(OPENERS).format(s=SUBJECTS[(index // 7) % len(SUBJECTS)])
            title = f"{title[0].upper()}{title[1:]} (#{index + 1})"
            body, body_html = rng.choice(BODIES)
            idea.moves = pipeline_moves(rng.random())
            status, changed, answered = Status.SUBMITTED, idea.created_at, None
            if idea.moves:
                status = idea.moves[-1]
                changed = moved_at(idea, now, len(idea.moves) - 1)
                answered = moved_at(idea, now, 0)
            copy.write_row(
                (idea.id, idea.challenge_id, challenge.brand_id, idea.author_id, title,
                 slugify(title)[:80], body, body_html, status, idea.votes, idea.comments,
                 hot_score(idea.votes, idea.created_at), True, idea.created_at, idea.created_at,
                 changed, answered, Moderation.APPROVED, "")
            )  # fmt: skip
            rows.append(idea)
            progress.update(1)
    _status_changes(cursor, [idea for idea in rows if idea.moves], now)
    return rows


def _status_changes(cursor, ideas: list[IdeaRow], now: datetime) -> None:
    """One row per move, the last at the idea's ``status_changed_at``."""
    columns = "idea_id, from_status, to_status, changed_by_id, note, created_at"
    with cursor.copy(f"COPY ideas_statuschange ({columns}) FROM STDIN") as copy:
        for idea in ideas:
            previous = Status.SUBMITTED
            for step, status in enumerate(idea.moves):
                note = DECLINE_NOTE if status == Status.DECLINED else REVIEW_NOTE
                copy.write_row((idea.id, previous, status, None, note, moved_at(idea, now, step)))
                previous = status


def _votes(cursor, ideas, user_ids, rng, now, bar) -> None:
    total = sum(idea.votes for idea in ideas)
    columns = "user_id, idea_id, challenge_id, created_at"
    with (
        bar("votes", total) as progress,
        cursor.copy(f"COPY ideas_vote ({columns}) FROM STDIN") as copy,
    ):
        for idea in ideas:
            voters = rng.sample(user_ids, idea.votes)
            if idea.author_id not in voters:
                voters[-1] = idea.author_id
            window = (now - idea.created_at).total_seconds()
            for user_id in voters:
                when = idea.created_at
                if user_id != idea.author_id:
                    when += timedelta(seconds=rng.random() * window)
                copy.write_row((user_id, idea.id, idea.challenge_id, when))
            progress.update(idea.votes)


def _tags(cursor, ideas, challenges, rng, bar) -> None:
    """One to three of the challenge's own tags on most ideas."""
    tag_ids = {}
    for challenge in challenges:
        names = [tag.name for tag in challenge.tags.all()]
        tag_ids[challenge.pk] = [
            Tag.objects.get_or_create(slug=slugify(name), defaults={"name": name})[0].pk
            for name in names
        ]
    with (
        bar("tags", len(ideas)) as progress,
        cursor.copy("COPY ideas_ideatag (content_object_id, tag_id) FROM STDIN") as copy,
    ):
        for idea in ideas:
            choices = tag_ids[idea.challenge_id]
            for tag_id in rng.sample(choices, rng.choice((0, 1, 1, 2, 2, 3))):
                copy.write_row((idea.id, tag_id))
            progress.update(1)


def _comments(cursor, ideas, user_ids, shape, rng, now, bar) -> None:
    """Comments with one level of replies; ``Idea.comment_count`` counts replies too."""
    total = sum(idea.comments for idea in ideas)
    next_id = reserve_ids(cursor, "ideas_comment", total) if total else 0
    columns = (
        "id, idea_id, author_id, parent_id, body, body_html, is_official, is_public, created_at, "
        "moderation_note"
    )
    with (
        bar("comments", total) as progress,
        cursor.copy(f"COPY ideas_comment ({columns}) FROM STDIN") as copy,
    ):
        for idea in (idea for idea in ideas if idea.comments):
            threads: list[int] = []
            step = (now - idea.created_at) / (idea.comments + 1)
            for position in range(idea.comments):
                parent = None
                if threads and rng.random() < shape.reply_share:
                    parent = rng.choice(threads)
                else:
                    threads.append(next_id)
                body, body_html = rng.choice(COMMENTS)
                when = idea.created_at + step * (position + 1)
                copy.write_row(
                    (next_id, idea.id, rng.choice(user_ids), parent, body, body_html,
                     False, True, when, "")
                )  # fmt: skip
                next_id += 1
            progress.update(idea.comments)


def _verify(cursor) -> None:
    """Refuse to commit counters that disagree with the rows (the transaction rolls back)."""
    for table, counter in (("ideas_vote", "vote_count"), ("ideas_comment", "comment_count")):
        cursor.execute(
            f"SELECT count(*) FROM ideas_idea i LEFT JOIN "
            f"(SELECT idea_id, count(*) AS n FROM {table} GROUP BY idea_id) c "
            f"ON c.idea_id = i.id WHERE i.{counter} <> coalesce(c.n, 0)"
        )
        (wrong,) = cursor.fetchone()
        if wrong:
            raise RuntimeError(f"{wrong} ideas have a {counter} that disagrees with {table}.")
