from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from ideas import rules as idea_rules
from ideas import services
from ideas.forms import IdeaForm
from ideas.views.errors import add_service_errors


def submit_idea_view(request, *, challenge):
    """``<challenge url>/submit/``: the idea form; every rule is checked by ``submit_idea``."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    refusal = idea_rules.SUBMIT_IDEA.first_failure(request.user, challenge)
    if refusal is not None and request.method == "GET":
        messages.error(request, refusal.message)
        return redirect(challenge.url)
    form = IdeaForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            idea = services.submit_idea(
                author=request.user,
                challenge=challenge,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                tags=form.cleaned_data["tags"],
                images=form.cleaned_data["images"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:
            messages.error(request, str(error))
            return redirect(challenge.url)
        else:
            if idea.is_public:
                messages.success(request, _("Your idea is live. Share it to gather support!"))
            else:
                messages.success(
                    request,
                    _("Thanks! Your idea awaits a moderator's approval before others can see it."),
                )
            return redirect(idea.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    return TemplateResponse(
        request,
        "ideas/idea_form.html",
        {"form": form, "challenge": challenge, "page": challenge},
        status=status,
    )
