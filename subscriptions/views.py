"""/prenumerera/: subscribe, confirm, change choices and unsubscribe, all without logging in.

No CSRF cookie (readers get no cookies at all): cross-site posts to the forms are refused by their
Origin/Sec-Fetch-Site headers, as the feedback form does, and the signed token in the address is
what authorises a change. Unsubscribing by POST takes no token in the body at all, so mail
programs can do it in one click (RFC 8058).
"""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.http import HttpResponseNotAllowed
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from core import rate_limit

from . import tokens
from .forms import ChoicesForm, SubscribeForm
from .models import Subscriber
from .tasks import send_confirmation

WINDOW_SECONDS = 10 * 60
# One confirmation (or "already subscribed") e-mail per address in this long, however often the
# form is sent with it: the form cannot be used to flood someone's inbox.
MAIL_INTERVAL = datetime.timedelta(minutes=10)

LINK_INVALID = (
    "Länken fungerar inte. Den kan ha blivit avklippt i e-postprogrammet: kopiera hela länken "
    "från e-postmeddelandet, eller anmäl dig på nytt."
)
LINK_EXPIRED = (
    "Länken har slutat gälla: en bekräftelselänk gäller i {days} dagar. Anmäl dig på nytt, så "
    "får du en ny länk."
)
NOT_FOUND = (
    "Vi hittar ingen prenumeration för den här länken. Den kan redan vara avslutad, eller så "
    "bekräftades den aldrig och har raderats."
)


def _cross_site(request) -> bool:
    if request.headers.get("Sec-Fetch-Site") == "cross-site":
        return True
    origin = request.headers.get("Origin")
    return bool(origin) and urlsplit(origin).netloc != request.get_host()


def _problem(request, message: str, status: int, title="Det gick inte"):
    return TemplateResponse(
        request, "subscriptions/problem.html", {"title": title, "message": message}, status=status
    )


@csrf_exempt
def subscribe(request):
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    if request.method == "GET":
        return TemplateResponse(request, "subscriptions/subscribe.html", {"form": SubscribeForm()})
    form = SubscribeForm(request.POST)
    context = {"form": form}
    if _cross_site(request):
        return _problem(request, "Anmälan måste skickas från Pedagogsajten.", 403)
    if not rate_limit.allow(
        "subscribe",
        request,
        limit=settings.SUBSCRIBE_LIMIT_PER_ADDRESS,
        window_seconds=WINDOW_SECONDS,
    ):
        context["refused"] = (
            "Formuläret har skickats många gånger på kort tid från din uppkoppling. Vänta en "
            "stund och försök igen – det du fyllt i finns kvar."
        )
        return TemplateResponse(request, "subscriptions/subscribe.html", context, status=429)
    if not form.is_valid():
        return TemplateResponse(request, "subscriptions/subscribe.html", context, status=400)
    if not form.cleaned_data["webbplats"]:
        _register(form)
    # The same answer whether the address was new, unconfirmed or already subscribing.
    return TemplateResponse(
        request, "subscriptions/check_your_email.html", {"days": tokens.confirm_days()}
    )


def _register(form) -> None:
    email = form.cleaned_data["email"]
    now = timezone.now()
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(email=email).first()
        if subscriber is None:
            subscriber = form.save(commit=False)
            subscriber.created_at = now
            subscriber.save()
            form.save_m2m()
        elif subscriber.confirmed_at is None:
            # Not confirmed, so nobody's consent is overwritten: the newest choices wait for
            # confirmation, and the days before deletion start again.
            _apply_choices(subscriber, form.cleaned_data)
            subscriber.created_at = now
            subscriber.save(update_fields=["created_at"])
        # A confirmed subscriber's choices change only through the link in their own e-mails.
        if subscriber.mailed_at and now - subscriber.mailed_at < MAIL_INTERVAL:
            return
        subscriber.mailed_at = now
        subscriber.save(update_fields=["mailed_at"])
        send_confirmation.enqueue(subscriber.pk)


def _apply_choices(subscriber, choices: dict) -> None:
    subscriber.frequency = choices["frequency"]
    subscriber.whole_site = choices["whole_site"]
    subscriber.save(update_fields=["frequency", "whole_site"])
    subscriber.municipalities.set(choices["municipalities"])
    subscriber.school_forms.set(choices["school_forms"])
    subscriber.themes.set(choices["themes"])


def _subscriber_from_link(request, token: str):
    """(subscriber, None) or (None, the Swedish page that says why not)."""
    try:
        key = tokens.key_from_link(token)
    except tokens.Invalid:
        return None, _problem(request, LINK_INVALID, 400)
    subscriber = Subscriber.objects.filter(key=key).first()
    if subscriber is None:
        return None, _problem(request, NOT_FOUND, 404, "Prenumerationen finns inte")
    return subscriber, None


@never_cache
@csrf_exempt
def confirm(request, token: str):
    """GET shows a button; POST confirms. A link scanner that fetches every link in an e-mail
    (as some mail services do) must not give consent on the reader's behalf."""
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    try:
        key = tokens.key_from_confirmation(token)
    except tokens.Expired:
        return _problem(request, LINK_EXPIRED.format(days=tokens.confirm_days()), 400)
    except tokens.Invalid:
        return _problem(request, LINK_INVALID, 400)
    subscriber = Subscriber.objects.filter(key=key).first()
    if subscriber is None:
        return _problem(request, NOT_FOUND, 404, "Prenumerationen finns inte")
    if request.method == "GET" and subscriber.confirmed_at is None:
        return TemplateResponse(request, "subscriptions/confirm.html", {"subscriber": subscriber})
    if request.method == "POST" and _cross_site(request):
        return _problem(request, "Bekräftelsen måste skickas från Pedagogsajten.", 403)
    if subscriber.confirmed_at is None:
        subscriber.confirmed_at = timezone.now()
        subscriber.save(update_fields=["confirmed_at"])
    return TemplateResponse(
        request,
        "subscriptions/confirmed.html",
        {"subscriber": subscriber, "manage_token": tokens.link_token(subscriber)},
    )


@never_cache
@csrf_exempt
def unsubscribe(request, token: str):
    """GET asks; POST, from the page's button or a mail program's one-click request
    (`List-Unsubscribe=One-Click` in the body), unsubscribes: the row and its log are deleted."""
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    try:
        key = tokens.key_from_link(token)
    except tokens.Invalid:
        return _problem(request, LINK_INVALID, 400)
    subscriber = Subscriber.objects.filter(key=key).first()
    if request.method == "GET":
        if subscriber is None:
            return TemplateResponse(request, "subscriptions/unsubscribed.html", {})
        return TemplateResponse(
            request, "subscriptions/unsubscribe.html", {"subscriber": subscriber, "token": token}
        )
    if subscriber is not None:
        subscriber.delete()
    # Done also when it was already gone: the reader's wish is fulfilled either way.
    return TemplateResponse(request, "subscriptions/unsubscribed.html", {})


@never_cache
@csrf_exempt
def manage(request, token: str):
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    subscriber, problem = _subscriber_from_link(request, token)
    if problem:
        return problem
    context = {"subscriber": subscriber, "token": token, "saved": False}
    if request.method == "GET":
        context["form"] = ChoicesForm(instance=subscriber)
        return TemplateResponse(request, "subscriptions/manage.html", context)
    if _cross_site(request):
        return _problem(request, "Ändringen måste skickas från Pedagogsajten.", 403)
    form = ChoicesForm(request.POST, instance=subscriber)
    context["form"] = form
    if not form.is_valid():
        return TemplateResponse(request, "subscriptions/manage.html", context, status=400)
    form.save()
    context["saved"] = True
    return TemplateResponse(request, "subscriptions/manage.html", context)
