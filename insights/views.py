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

# Per address and article: one reader answering the same article again and again.
FEEDBACK_LIMIT = 5
# Per address over all articles: generous, because a whole school can share one address; the
# whole site received about one answer a day in the demo's figures.
FEEDBACK_LIMIT_PER_ADDRESS = 60
FEEDBACK_WINDOW_SECONDS = 10 * 60


def _cross_site(request) -> bool:
    if request.headers.get("Sec-Fetch-Site") == "cross-site":
        return True
    origin = request.headers.get("Origin")
    return bool(origin) and urlsplit(origin).netloc != request.get_host()


def _within_rate_limits(request, article) -> bool:
    return rate_limit.allow(
        f"feedback:{article.pk}",
        request,
        limit=FEEDBACK_LIMIT,
        window_seconds=FEEDBACK_WINDOW_SECONDS,
    ) and rate_limit.allow(
        "feedback",
        request,
        limit=FEEDBACK_LIMIT_PER_ADDRESS,
        window_seconds=FEEDBACK_WINDOW_SECONDS,
    )


# No CSRF cookie: anonymous readers get no cookies at all, and a token in the page would make
# every article uncacheable. Cross-site posts are refused by their Origin/Sec-Fetch-Site headers
# instead, and the signed token in the form ties an answer to a page someone loaded.
@csrf_exempt
@require_POST
def submit_feedback(request, article_id: int):
    article = get_object_or_404(ArticlePage.objects.live().public(), pk=article_id)
    # The form comes back with whatever the reader typed, also when the answer is refused.
    form = FeedbackForm(request.POST, article_id=article.pk)
    context = {"article": article, "saved": False, "refused": "", "form": form}
    if _cross_site(request):
        context["refused"] = "Svaret måste skickas från Pedagogsajten."
        return TemplateResponse(request, "insights/feedback_result.html", context, status=403)
    if not _within_rate_limits(request, article):
        context["refused"] = (
            "Du har skickat många svar på kort tid. Vänta en stund och försök igen – "
            "din kommentar finns kvar nedan."
        )
        return TemplateResponse(request, "insights/feedback_result.html", context, status=429)

    if not form.is_valid():
        return TemplateResponse(request, "insights/feedback_result.html", context, status=400)
    ArticleFeedback.objects.create(
        article=article,
        day=timezone.localdate(),
        useful=form.cleaned_data["useful"],
        comment=form.cleaned_data["comment"],
    )
    context["saved"] = True
    return TemplateResponse(request, "insights/feedback_result.html", context)
