"""The search page and autocomplete. They are given what to search by the URL configuration
(`pedagogsajten/urls.py`), so this app knows no page model."""

from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.views import View

from .engine import autocomplete, normalise_query

SUGGESTIONS = 8
MIN_SUGGESTION_LENGTH = 2


class SearchView(View):
    """Public search: the context comes from `results`, a function of the request."""

    http_method_names = ["get"]
    results = None
    template_name = None

    def get(self, request):
        return TemplateResponse(request, self.template_name, self.results(request))


class SuggestionsView(View):
    """Titles for autocomplete as the reader types: a small JSON list (progressive enhancement).
    `searchable` gives the queryset of pages that may be suggested."""

    http_method_names = ["get"]
    searchable = None

    def get(self, request):
        text = normalise_query(request.GET.get("q", ""))
        if len(text) < MIN_SUGGESTION_LENGTH:
            return JsonResponse({"suggestions": []})
        pages = autocomplete(self.searchable(), text, SUGGESTIONS)
        response = JsonResponse(
            {"suggestions": [{"title": page.title, "url": page.url} for page in pages]}
        )
        response["Cache-Control"] = "public, max-age=300"
        return response
