from django.utils import timezone

from challenges.selectors import open_challenges
from ideas.selectors import trending_ideas


def home_context(*, page=None, viewer) -> dict:
    return {
        "open_challenges": open_challenges(now=timezone.now())[:12],
        "trending_ideas": trending_ideas(viewer=viewer, limit=10),
    }
