"""POST-only actions on an idea. Each answers JSON to the page's script, a redirect otherwise."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ideas import rules as idea_rules
from ideas import services
from ideas.forms import CommentForm, StatusForm
from ideas.models import Comment
from ideas.selectors import access_idea, access_idea_to_vote
from ideas.views.errors import first_message
from ideas.views.responses import redirect_back, refuse, wants_json


def _back(request, idea):
    return redirect_back(request, idea.get_absolute_url())


def _refused(request, idea, message: str, status: int):
    return refuse(request, message, status=status, fallback=idea.get_absolute_url())


@require_POST
def vote(request, pk: int):
    idea = access_idea_to_vote(request.user, pk)
    if not request.user.is_authenticated:
        if wants_json(request):
            return JsonResponse({"error": {"message": _("Log in to support ideas.")}}, status=401)
        return redirect_to_login(idea.get_absolute_url())
    withdraw = request.POST.get("action") == "remove"
    try:
        if withdraw:
            services.withdraw_vote(user=request.user, idea=idea)
        else:
            services.cast_vote(user=request.user, idea=idea)
    except PermissionDenied as error:
        return _refused(request, idea, str(error), 403)
    except ValidationError as error:
        return _refused(request, idea, first_message(error), 409)
    if wants_json(request):
        return JsonResponse({"vote_count": idea.vote_count, "voted": not withdraw})
    return _back(request, idea)


@require_POST
def comment(request, pk: int):
    idea = access_idea(request.user, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(idea.get_absolute_url())
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _refused(request, idea, first_message(ValidationError(form.errors)), 400)
    parent = None
    if form.cleaned_data["parent"]:
        parent = get_object_or_404(Comment, pk=form.cleaned_data["parent"], idea=idea)
    try:
        created = services.add_comment(
            idea=idea, author=request.user, body=form.cleaned_data["body"], parent=parent
        )
    except PermissionDenied as error:
        return _refused(request, idea, str(error), 403)
    except ValidationError as error:
        return _refused(request, idea, first_message(error), 400)
    messages.success(request, _("Your comment is posted."))
    return redirect(f"{idea.get_absolute_url()}#comment-{created.pk}")


@require_POST
def change_status(request, pk: int):
    idea = access_idea(request.user, pk)
    if not idea_rules.CHANGE_STATUS.allows(request.user, idea):
        raise PermissionDenied
    form = StatusForm(request.POST)
    if not form.is_valid():
        return _refused(request, idea, first_message(ValidationError(form.errors)), 400)
    try:
        services.change_status(
            idea=idea,
            actor=request.user,
            to_status=form.cleaned_data["to_status"],
            note=form.cleaned_data["note"],
        )
    except ValidationError as error:
        return _refused(request, idea, first_message(error), 400)
    messages.success(
        request, _("Status changed to “%(status)s”.") % {"status": idea.get_status_display()}
    )
    return redirect(idea.get_absolute_url())
