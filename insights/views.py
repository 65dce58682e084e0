"""The public side of insights: readers' answers to "Var det här användbart för din planering?"."""

from urllib.parse import urlsplit

from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from blog.models import ArticlePage
from core import rate_limit

from .forms import FeedbackForm
from .models import ArticleFeedback

FEEDBACK_LIMIT = 5
FEEDBACK_WINDOW_SECONDS = 10 * 60


def _cross_site(request) -> bool:
    if request.headers.get("Sec-Fetch-Site") == "cross-site":
        return True
    origin = request.headers.get("Origin")
    return bool(origin) and urlsplit(origin).netloc != request.get_host()


# No CSRF cookie: anonymous readers get no cookies at all, and a token in the page would make
# every article uncacheable. Cross-site posts are refused by their Origin/Sec-Fetch-Site headers
# instead, and the signed token in the form ties an answer to a page someone loaded.
@csrf_exempt
@require_POST
def submit_feedback(request, article_id: int):
    article = get_object_or_404(ArticlePage.objects.live().public(), pk=article_id)
    context = {"article": article, "saved": False, "refused": ""}
    if _cross_site(request):
        context["refused"] = "Svaret måste skickas från Pedagogsajten."
        return TemplateResponse(request, "insights/feedback_result.html", context, status=403)
    if not rate_limit.allow(
        "feedback", request, limit=FEEDBACK_LIMIT, window_seconds=FEEDBACK_WINDOW_SECONDS
    ):
        context["refused"] = (
            "Du har skickat många svar på kort tid. Vänta en stund och försök igen."
        )
        return TemplateResponse(request, "insights/feedback_result.html", context, status=429)

    form = FeedbackForm(request.POST, article_id=article.pk)
    if not form.is_valid():
        context["form"] = form
        return TemplateResponse(request, "insights/feedback_result.html", context, status=400)
    ArticleFeedback.objects.create(
        article=article,
        day=timezone.localdate(),
        useful=form.cleaned_data["useful"],
        comment=form.cleaned_data["comment"],
    )
    context["saved"] = True
    return TemplateResponse(request, "insights/feedback_result.html", context)
