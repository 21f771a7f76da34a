from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ideas.selectors import access_idea
from ideas.views.responses import redirect_back
from notifications import services


@login_required
@require_POST
def follow(request, pk: int):
    """Follow or unfollow (``action=unfollow``) an idea the viewer can see."""
    idea = access_idea(request.user, pk)
    if request.POST.get("action") == "unfollow":
        services.unfollow_idea(user=request.user, idea=idea)
        messages.success(request, _("You no longer follow this idea."))
    else:
        services.follow_idea(user=request.user, idea=idea)
        messages.success(request, _("You follow this idea: you will hear when it moves."))
    return redirect_back(request, idea.get_absolute_url())
