"""The parameters of the search page and of the similar-ideas endpoint, validated.

A bad value never fails the request: the search page drops it and says so, the rest of the
query still runs.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from ideas.roadmap import Status
from search.query import SORTS, SearchQuery

MAX_QUERY_LENGTH = 200
MAX_PAGE = 500
SORT_LABELS = {"relevance": _("Relevance"), "top": _("Most votes"), "new": _("Newest")}


class _TruncatedText(forms.CharField):
    """Whitespace-collapsed text cut to ``max_length`` instead of refused: a long paste
    still searches."""

    def __init__(self, *, max_length: int, **kwargs):
        self.cut_at = max_length
        super().__init__(required=False, **kwargs)

    def to_python(self, value):
        return " ".join(super().to_python(value).split())[: self.cut_at]


class SearchForm(forms.Form):
    q = _TruncatedText(label=_("Search"), max_length=MAX_QUERY_LENGTH)
    brand = forms.SlugField(label=_("Brand"), required=False, max_length=60)
    challenge = forms.IntegerField(label=_("Challenge"), required=False, min_value=1)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=Status.choices)
    tag = forms.SlugField(label=_("Tag"), required=False, max_length=100, allow_unicode=True)
    sort = forms.ChoiceField(
        label=_("Sort"), required=False, choices=[(s, SORT_LABELS[s]) for s in SORTS]
    )
    page = forms.IntegerField(label=_("Page"), required=False, min_value=1, max_value=MAX_PAGE)

    def search_query(self, *, per_page: int) -> SearchQuery:
        """The query from the valid parameters; call after ``is_valid()`` (invalid ones are
        left out of ``cleaned_data`` and so ignored)."""
        data = self.cleaned_data
        filters = {
            name: str(data[name])
            for name in ("brand", "challenge", "status", "tag")
            if data.get(name) not in (None, "")
        }
        return SearchQuery(
            text=data.get("q", ""),
            filters=filters,
            sort=data.get("sort") or "relevance",
            page=data.get("page") or 1,
            per_page=per_page,
        )

    def ignored(self) -> list[str]:
        """One readable line per parameter that was dropped."""
        return [
            _("“%(name)s” was ignored: %(error)s")
            % {"name": self[name].label, "error": " ".join(e)}
            for name, e in self.errors.items()
        ]


class SimilarForm(forms.Form):
    title = _TruncatedText(max_length=150)
    challenge = forms.IntegerField(required=False, min_value=1)
