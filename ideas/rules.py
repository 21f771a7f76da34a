"""Permissions on ideas, declared once (``user.has_perm("ideas.vote_idea", idea)`` works too)."""

import rules
from django.utils.translation import gettext_lazy as _

from cocreate.permissions import Check, Requirement, refuse_state
from ideas.predicates import (
    challenge_phase_allows,
    is_author,
    is_brand_moderator,
    is_brand_owner,
    is_brand_staff,
    is_brand_triager,
    is_public_idea,
)

is_member = rules.is_authenticated & rules.is_active

SUBMIT_IDEA = Requirement(
    "ideas.submit_idea",
    (
        Check(is_member, _("Log in to submit an idea.")),
        Check(
            challenge_phase_allows("submit"),
            _("This challenge is not accepting ideas: it is closed or not open yet."),
            refuse_state,
        ),
    ),
).register()

VOTE_IDEA = Requirement(
    "ideas.vote_idea",
    (
        Check(is_member, _("Log in to support ideas.")),
        Check(is_public_idea, _("This idea is not open for support.")),
        Check(
            challenge_phase_allows("vote"),
            _("Voting is closed for this challenge."),
            refuse_state,
        ),
    ),
).register()

COMMENT_IDEA = Requirement(
    "ideas.comment_idea",
    (
        Check(is_member, _("Log in to comment.")),
        Check(is_public_idea, _("This idea is not open for comments.")),
        Check(
            challenge_phase_allows("comment"),
            _("Comments are not open for this challenge."),
            refuse_state,
        ),
    ),
).register()

EDIT_IDEA = Requirement(
    "ideas.edit_idea",
    (
        Check(is_member, _("Log in to edit your idea.")),
        Check(is_author, _("Only the idea's author can edit it.")),
        Check(
            challenge_phase_allows("submit"),
            _("This challenge is closed: its ideas can no longer be edited."),
            refuse_state,
        ),
    ),
).register()

CHANGE_STATUS = Requirement(
    "ideas.change_status",
    (Check(is_brand_triager, _("Only the brand's owners and managers can change a status.")),),
).register()

RESPOND_OFFICIALLY = Requirement(
    "ideas.respond_officially",
    (Check(is_brand_staff, _("Only the brand's staff can post official responses.")),),
).register()

TRIAGE_IDEAS = Requirement(
    "ideas.triage_ideas",
    (
        Check(
            is_brand_triager,
            _("Only the brand's owners and managers can triage ideas (board, owner, merges)."),
        ),
    ),
).register()

MODERATE = Requirement(
    "ideas.moderate",
    (Check(is_brand_moderator, _("Only the brand's moderators can do this.")),),
).register()

FLAG_CONTENT = Requirement(
    "ideas.flag_content",
    (Check(is_member, _("Log in to report content.")),),
).register()

MANAGE_BRAND = Requirement(
    "brands.manage_brand",
    (Check(is_brand_owner, _("Only the brand's owners can change its settings and members.")),),
).register()
