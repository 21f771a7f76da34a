from django.shortcuts import redirect
from django.template.response import TemplateResponse

from challenges.phases import phase_allows
from ideas import rules as idea_rules
from ideas.forms import CommentForm, StatusForm
from ideas.roadmap import ALLOWED_TRANSITIONS, Status
from ideas.selectors import access_idea, idea_page_data
from ideas.views.merging import triage_context
from notifications.selectors import follow_of


def idea_detail(request, pk: int, slug: str):
    """``/ideas/<id>-<slug>/``; an outdated slug redirects to the canonical URL."""
    idea = access_idea(request.user, pk)
    if slug != idea.slug:
        return redirect(idea.get_absolute_url(), permanent=True)
    context = idea_page_data(idea=idea, viewer=request.user, comments_page=request.GET.get("cpage"))
    can_change_status = idea_rules.CHANGE_STATUS.allows(request.user, idea)
    status_form = None
    if can_change_status:
        status_form = StatusForm()
        allowed = ALLOWED_TRANSITIONS[idea.status]
        status_form.fields["to_status"].choices = [
            (value, label) for value, label in Status.choices if value in allowed
        ]
    context.update(
        {
            "idea": idea,
            "challenge": idea.challenge,
            "comment_form": CommentForm(),
            "can_vote": idea_rules.VOTE_IDEA.allows(request.user, idea),
            "voting_closed": not phase_allows(idea.challenge, "vote"),
            "can_comment": idea_rules.COMMENT_IDEA.allows(request.user, idea),
            "status_form": status_form,
            "follow": follow_of(viewer=request.user, idea=idea),
            **triage_context(idea=idea, viewer=request.user),
        }
    )
    return TemplateResponse(request, "ideas/idea_detail.html", context)
