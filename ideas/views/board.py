"""The staff triage board: columns by status, moves one by one or in bulk.

Every action is a plain form POST that redirects back to the board; ``board.js`` sends the
same move with ``Accept: application/json`` and gets JSON instead.
"""

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from brands.models import Brand
from ideas import rules as idea_rules
from ideas import services
from ideas.models import Idea
from ideas.roadmap import ALLOWED_TRANSITIONS, Status
from ideas.selectors_board import board_column, board_filters, board_for_brand
from ideas.views.errors import first_message
from ideas.views.responses import redirect_back, refuse, wants_json


class MoveForm(forms.Form):
    idea = forms.IntegerField()
    to_status = forms.ChoiceField(label=gettext_lazy("Move to"), choices=Status.choices)
    note = forms.CharField(label=gettext_lazy("Public note"), required=False, max_length=5_000)


class BulkForm(forms.Form):
    ideas = forms.TypedMultipleChoiceField(coerce=int, choices=(), required=False)
    action = forms.ChoiceField(choices=[("move", "move"), ("tag", "tag")])
    to_status = forms.ChoiceField(choices=[("", "")] + Status.choices, required=False)
    note = forms.CharField(required=False, max_length=5_000)
    tag = forms.CharField(required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ideas"].choices = [(v, v) for v in self.data.getlist("ideas")]


def _triage_brand(user, slug: str) -> Brand:
    brand = get_object_or_404(Brand, slug=slug)
    if not idea_rules.TRIAGE_IDEAS.allows(user, brand):
        raise PermissionDenied(idea_rules.TRIAGE_IDEAS.checks[0].message)
    return brand


def _board_url(brand) -> str:
    return reverse("staff:board", kwargs={"slug": brand.slug})


def _back(request, brand):
    return redirect_back(request, _board_url(brand))


def _refused(request, brand, message: str, status: int = 400):
    return refuse(request, message, status=status, fallback=_board_url(brand))


def _filters(params) -> tuple[int | None, str]:
    challenge = params.get("challenge", "")
    return (int(challenge) if challenge.isdigit() else None), params.get("tag", "")[:100]


@login_required
@require_GET
def board(request, slug: str):
    brand = _triage_brand(request.user, slug)
    challenge_id, tag = _filters(request.GET)
    column = request.GET.get("column", "")
    if column in Status.values:
        columns = [
            board_column(
                brand=brand,
                status=column,
                page_number=request.GET.get("page"),
                challenge_id=challenge_id,
                tag=tag,
            )
        ]
    else:
        columns = board_for_brand(brand=brand, challenge_id=challenge_id, tag=tag)
    filter_query = urlencode(
        {k: v for k, v in {"challenge": challenge_id, "tag": tag}.items() if v}
    )
    return render(
        request,
        "ideas/staff/board.html",
        {
            "brand": brand,
            "columns": columns,
            "column": column,
            "challenge_id": challenge_id,
            "tag": tag,
            "filter_query": filter_query,
            "statuses": Status.choices,
            **board_filters(brand=brand),
        },
    )


@login_required
@require_POST
def move(request, slug: str):
    brand = _triage_brand(request.user, slug)
    form = MoveForm(request.POST)
    if not form.is_valid():
        return _refused(request, brand, first_message(ValidationError(form.errors)))
    idea = get_object_or_404(Idea, pk=form.cleaned_data["idea"], brand=brand)
    try:
        services.change_status(
            idea=idea,
            actor=request.user,
            to_status=form.cleaned_data["to_status"],
            note=form.cleaned_data["note"],
        )
    except ValidationError as error:
        return _refused(request, brand, f"“{idea.title}”: {first_message(error)}")
    if wants_json(request):
        return JsonResponse(
            {
                "idea": idea.pk,
                "status": idea.status,
                "status_label": idea.get_status_display(),
                "next_statuses": [
                    {"value": s.value, "label": str(s.label)}
                    for s in Status
                    if s in ALLOWED_TRANSITIONS[idea.status]
                ],
            }
        )
    messages.success(
        request,
        _("“%(title)s” moved to “%(status)s”.")
        % {"title": idea.title, "status": idea.get_status_display()},
    )
    return _back(request, brand)


@login_required
@require_POST
def bulk(request, slug: str):
    brand = _triage_brand(request.user, slug)
    form = BulkForm(request.POST)
    if not form.is_valid():
        return _refused(request, brand, first_message(ValidationError(form.errors)))
    data = form.cleaned_data
    ideas = list(Idea.objects.filter(pk__in=data["ideas"]).only("pk", "brand_id", "title"))
    if len(ideas) != len(set(data["ideas"])):
        raise PermissionDenied
    try:
        if data["action"] == "move":
            changed = services.bulk_change_status(
                actor=request.user,
                brand=brand,
                ideas=ideas,
                to_status=data["to_status"],
                note=data["note"],
            )
        else:
            changed = services.bulk_tag(
                actor=request.user, brand=brand, ideas=ideas, tag=data["tag"]
            )
    except ValidationError as error:
        return _refused(request, brand, first_message(error))
    messages.success(request, _("%(n)d ideas updated.") % {"n": len(changed)})
    return _back(request, brand)
