"""Every write to ideas, votes, comments and statuses. Views, admin, API and commands call these."""

from ideas.services.comments import add_comment
from ideas.services.submission import clean_tags, submit_idea
from ideas.services.triage import change_status
from ideas.services.voting import cast_vote, withdraw_vote

__all__ = [
    "add_comment",
    "cast_vote",
    "change_status",
    "clean_tags",
    "submit_idea",
    "withdraw_vote",
]
