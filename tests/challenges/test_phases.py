"""A challenge's phase comes from its dates, in one place."""

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

from challenges.phases import Phase, phase_allows, phase_of
from tests.factories import make_challenge

OPENS = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
CLOSES = datetime(2026, 3, 31, 18, 0, tzinfo=UTC)
CHALLENGE = SimpleNamespace(opens_at=OPENS, closes_at=CLOSES)
SECOND = timedelta(seconds=1)


@pytest.mark.parametrize(
    "now, phase",
    [
        (OPENS - timedelta(days=30), Phase.UPCOMING),
        (OPENS - SECOND, Phase.UPCOMING),
        (OPENS, Phase.OPEN),
        (CLOSES - SECOND, Phase.OPEN),
        (CLOSES, Phase.CLOSED),
        (CLOSES + timedelta(days=365), Phase.CLOSED),
    ],
)
def test_phase_follows_the_dates(now, phase):
    assert phase_of(CHALLENGE, now) == phase


@pytest.mark.parametrize(
    "phase, allowed",
    [
        (Phase.UPCOMING, set()),
        (Phase.OPEN, {"submit", "vote", "comment"}),
        (Phase.CLOSED, {"comment"}),
    ],
)
def test_what_each_phase_allows(phase, allowed):
    now = {Phase.UPCOMING: OPENS - SECOND, Phase.OPEN: OPENS, Phase.CLOSED: CLOSES}[phase]

    granted = {
        a for a in ("submit", "vote", "comment", "triage") if phase_allows(CHALLENGE, a, now)
    }

    assert granted == allowed


def test_phase_defaults_to_now(brand):
    challenge = make_challenge(brand, opens_in=timedelta(minutes=-1), closes_in=timedelta(hours=1))

    assert challenge.phase == Phase.OPEN
    assert phase_of(challenge, challenge.closes_at) == Phase.CLOSED


def test_challenge_page_copies_its_brand_from_the_parent_page(brand):
    challenge = make_challenge(brand)

    assert challenge.brand == brand
    assert challenge.get_parent().specific == brand.page


def test_closing_must_come_after_opening(brand):
    challenge = make_challenge(brand)
    challenge.closes_at = challenge.opens_at

    with pytest.raises(ValidationError) as error:
        challenge.full_clean()

    assert error.value.message_dict["closes_at"] == ["The closing time must be after the opening."]
