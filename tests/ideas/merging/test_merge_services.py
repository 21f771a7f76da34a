"""Merging duplicates and undoing merges: exact votes, every refusal, nothing half-done."""

from email.utils import parseaddr

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from brands.models import Role
from ideas import services
from ideas.models import Idea, Merge, MergedVote, StatusChange, Vote
from ideas.ranking import hot_score
from ideas.roadmap import Status
from notifications.models import FollowReason
from notifications.services import follow_automatically
from tests.factories import IdeaFactory, UserFactory, make_challenge, make_member


def voters_of(idea) -> set[int]:
    return set(Vote.objects.filter(idea=idea).values_list("user_id", flat=True))


def fresh(idea) -> Idea:
    return Idea.objects.get(pk=idea.pk)


def assert_counts_exact(*ideas):
    for idea in ideas:
        idea = fresh(idea)
        assert idea.vote_count == Vote.objects.filter(idea=idea).count()
        assert idea.hot_score == pytest.approx(hot_score(idea.vote_count, idea.created_at))


def snapshot(*ideas):
    return [
        (
            fresh(i).status,
            fresh(i).merged_into_id,
            fresh(i).vote_count,
            sorted(Vote.objects.filter(idea=i).values_list("user_id", "created_at")),
        )
        for i in ideas
    ]


def test_merge_moves_supporters_and_counts_shared_ones_once(
    make_idea, people, triager, django_capture_on_commit_callbacks
):
    a = make_idea(voters=people[:2])
    b = make_idea(voters=people[1:4])  # people[1] supports both
    expected = voters_of(a) | voters_of(b)
    follow_automatically(user_ids=voters_of(b), idea=b, reason=FollowReason.VOTER)

    with django_capture_on_commit_callbacks(execute=True):
        merge = services.merge_ideas(actor=triager, source=b, target=a)

    a, b = fresh(a), fresh(b)
    assert voters_of(a) == expected
    assert a.vote_count == len(expected) == 6  # 2 authors + 4 people
    assert voters_of(b) == set() and b.vote_count == 0
    assert b.merged_into_id == a.pk and b.status == Status.DUPLICATE
    assert merge.source_status == Status.SUBMITTED
    moved = dict(MergedVote.objects.filter(merge=merge).values_list("user_id", "moved"))
    assert moved == {b.author_id: True, people[1].pk: False, people[2].pk: True, people[3].pk: True}
    change = StatusChange.objects.get(idea=b)
    assert (change.from_status, change.to_status, change.changed_by) == (
        "submitted",
        "duplicate",
        triager,
    )
    assert change.note == f"Merged into #{a.pk} {a.title}"
    assert_counts_exact(a, b)
    told = sorted(parseaddr(m.to[0])[1] for m in mail.outbox)
    assert told == sorted(u.email for u in [b.author, people[1], people[2], people[3]])
    assert all("was merged into" in m.subject for m in mail.outbox)


def test_merge_bypasses_the_pipeline_for_shipped_ideas(make_idea, triager):
    a, b = make_idea(), make_idea(status=Status.SHIPPED)
    merge = services.merge_ideas(actor=triager, source=b, target=a)
    assert fresh(b).status == Status.DUPLICATE
    services.unmerge(actor=triager, merge=merge)
    assert fresh(b).status == Status.SHIPPED


def test_unmerge_restores_exactly_even_after_new_votes_on_the_target(make_idea, people, triager):
    a = make_idea(voters=people[:2])
    b = make_idea(voters=people[1:4])
    before_b = sorted(Vote.objects.filter(idea=b).values_list("user_id", "created_at"))
    before_a = voters_of(a)
    merge = services.merge_ideas(actor=triager, source=b, target=a)
    services.cast_vote(user=people[5], idea=fresh(a))  # a new supporter of A meanwhile
    services.withdraw_vote(user=people[3], idea=fresh(a))  # a moved vote taken back

    services.unmerge(actor=triager, merge=merge)

    a, b = fresh(a), fresh(b)
    assert sorted(Vote.objects.filter(idea=b).values_list("user_id", "created_at")) == before_b
    assert voters_of(a) == before_a | {people[5].pk}
    assert b.merged_into_id is None and b.status == Status.SUBMITTED
    assert b.vote_count == 4 and a.vote_count == 4
    merge.refresh_from_db()
    assert merge.undone_at is not None and merge.undone_by == triager
    last = StatusChange.objects.filter(idea=b).last()
    assert (last.from_status, last.to_status, last.note) == (
        "duplicate",
        "submitted",
        "Merge undone",
    )
    assert_counts_exact(a, b)


def test_undone_merge_cannot_be_undone_twice(make_idea, triager):
    a, b = make_idea(), make_idea()
    merge = services.merge_ideas(actor=triager, source=b, target=a)
    services.unmerge(actor=triager, merge=merge)
    with pytest.raises(ValidationError, match="already been undone"):
        services.unmerge(actor=triager, merge=merge)


def test_merged_idea_cannot_be_supported(make_idea, triager, people):
    a, b = make_idea(), make_idea()
    services.merge_ideas(actor=triager, source=b, target=a)
    with pytest.raises(ValidationError, match="merged"):
        services.cast_vote(user=people[0], idea=fresh(b))


def test_refusals_change_nothing(make_idea, triager, other_brand):
    a, b, c = make_idea(), make_idea(), make_idea()
    foreign = IdeaFactory(challenge=make_challenge(other_brand, title="Elsewhere"))
    services.merge_ideas(actor=triager, source=c, target=b)  # c -> b
    state = snapshot(a, b, c, foreign)
    merges = Merge.objects.count()

    cases = [
        (a, a, "into itself"),
        (a, foreign, "same brand"),
        (a, c, f"merge into #{b.pk}"),  # c is merged: follow the chain
        (c, a, "already merged"),
    ]
    for source, target, message in cases:
        with pytest.raises(ValidationError, match=message):
            services.merge_ideas(actor=triager, source=source, target=target)
    assert snapshot(a, b, c, foreign) == state
    assert Merge.objects.count() == merges


def test_no_cycles(make_idea, triager):
    a, b = make_idea(), make_idea()
    services.merge_ideas(actor=triager, source=b, target=a)
    with pytest.raises(ValidationError):
        services.merge_ideas(actor=triager, source=a, target=b)
    assert fresh(a).merged_into_id is None


def test_undo_refused_while_the_target_is_merged_itself(make_idea, triager):
    a, b, c = make_idea(), make_idea(), make_idea()
    first = services.merge_ideas(actor=triager, source=c, target=b)
    services.merge_ideas(actor=triager, source=b, target=a)
    with pytest.raises(ValidationError, match="undo that merge first"):
        services.unmerge(actor=triager, merge=first)


@pytest.mark.parametrize("who", ["customer", "moderator", "foreign_staff", "anonymous"])
def test_only_triagers_of_the_brand_merge(who, make_idea, brand, other_brand, triager):
    from django.contrib.auth.models import AnonymousUser

    actor = {
        "customer": lambda: UserFactory(),
        "moderator": lambda: make_member(brand, Role.MODERATOR),
        "foreign_staff": lambda: make_member(other_brand, Role.OWNER),
        "anonymous": AnonymousUser,
    }[who]()
    a, b = make_idea(), make_idea()
    state = snapshot(a, b)
    with pytest.raises(PermissionDenied):
        services.merge_ideas(actor=actor, source=b, target=a)
    assert snapshot(a, b) == state
    merge = services.merge_ideas(actor=triager, source=b, target=a)
    state = snapshot(a, b)
    with pytest.raises(PermissionDenied):
        services.unmerge(actor=actor, merge=merge)
    assert snapshot(a, b) == state


def test_merge_pushing_the_target_over_its_threshold_starts_review(brand, triager, people):
    challenge = make_challenge(brand, title="Thresholds")
    challenge.supporter_threshold = 4
    challenge.save()
    a = IdeaFactory(challenge=challenge)
    b = IdeaFactory(challenge=challenge)
    for person in people[:2]:
        b.votes.create(user=person, challenge=challenge)
    Idea.objects.filter(pk=b.pk).update(vote_count=3)

    services.merge_ideas(actor=triager, source=b, target=a)

    a = fresh(a)
    assert a.vote_count == 4 and a.status == Status.UNDER_REVIEW
    assert a.response_due_at is not None
    change = StatusChange.objects.get(idea=a)
    assert change.changed_by is None and change.note == "Reached 4 supporters"
