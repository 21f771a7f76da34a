"""Every write to ideas, votes, comments and statuses. Views, admin, API and commands call these."""

from ideas.services.bulk import bulk_change_status, bulk_tag
from ideas.services.comments import add_comment
from ideas.services.images import make_missing_thumbnails, make_thumbnail, make_thumbnails
from ideas.services.merging import merge_ideas, unmerge
from ideas.services.moderation import (
    approve_idea,
    dismiss_flag,
    flag_comment,
    flag_idea,
    hide_comment,
    hide_idea,
    restore_comment,
    restore_idea,
)
from ideas.services.submission import clean_tags, submit_idea
from ideas.services.triage import assign_staff_owner, change_status
from ideas.services.voting import cast_vote, withdraw_vote

__all__ = [
    "add_comment",
    "approve_idea",
    "assign_staff_owner",
    "bulk_change_status",
    "bulk_tag",
    "cast_vote",
    "change_status",
    "clean_tags",
    "dismiss_flag",
    "flag_comment",
    "flag_idea",
    "hide_comment",
    "hide_idea",
    "make_missing_thumbnails",
    "make_thumbnail",
    "make_thumbnails",
    "merge_ideas",
    "restore_comment",
    "restore_idea",
    "submit_idea",
    "unmerge",
    "withdraw_vote",
]
