"""How POST actions answer: JSON for the pages' scripts, otherwise a message and a redirect."""

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme


def wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def redirect_back(request, fallback: str):
    """Back to the form's safe ``next`` URL (same host only), else to ``fallback``."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(fallback)


def refuse(request, message: str, *, status: int, fallback: str):
    if wants_json(request):
        return JsonResponse({"error": {"message": message}}, status=status)
    messages.error(request, message)
    return redirect_back(request, fallback)
