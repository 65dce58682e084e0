"""The e-mails: plain text plus HTML, in Swedish, each with the links to change one's choices and
to unsubscribe, and the one-click unsubscribe headers (RFC 2369 and RFC 8058) news e-mails carry.
"""

import functools
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from wagtail.models import Site

from . import tokens
from .kinds import kind_of


@functools.lru_cache(maxsize=1)
def site_root() -> str:
    """The public address (the Wagtail Site that BASE_URL names), without a trailing slash. Read
    once per task (tasks.py clears it when a task starts), not once per e-mail."""
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    if site is None:
        return settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return site.root_url.rstrip("/")


def absolute(path: str) -> str:
    return site_root() + path


def links(subscriber) -> dict:
    token = tokens.link_token(subscriber)
    return {
        "manage_url": absolute(reverse("subscriptions:manage", args=[token])),
        "unsubscribe_url": absolute(reverse("subscriptions:unsubscribe", args=[token])),
    }


def _message(
    subject: str, template: str, context: dict, to: str, headers=None, message_id=None
) -> EmailMultiAlternatives:
    context = {"site_url": site_root() + "/", **context}
    text = render_to_string(f"subscriptions/emails/{template}.txt", context)
    html = render_to_string(f"subscriptions/emails/{template}.html", context)
    headers = dict(headers or {})
    if message_id:
        headers["Message-ID"] = message_id
    message = EmailMultiAlternatives(
        subject, text, settings.SUBSCRIPTIONS_FROM_EMAIL, [to], headers=headers
    )
    message.attach_alternative(html, "text/html")
    return message


def confirmation_message(subscriber) -> EmailMultiAlternatives:
    confirm_url = absolute(
        reverse("subscriptions:confirm", args=[tokens.confirmation_token(subscriber)])
    )
    return _message(
        "Bekräfta din prenumeration på Pedagogsajten",
        "confirm",
        {"confirm_url": confirm_url, "days": tokens.confirm_days()},
        subscriber.email,
    )


def already_subscribed_message(subscriber) -> EmailMultiAlternatives:
    """Sent instead of a confirmation when the address already subscribes: the form page says
    the same to everyone, and only the owner of the address learns that it was already there."""
    return _message(
        "Du prenumererar redan på Pedagogsajten",
        "already_subscribed",
        links(subscriber),
        subscriber.email,
    )


def _items(pages) -> list[dict]:
    items = []
    for page in pages:
        kind = kind_of(page)
        items.append(
            {
                "page": page,
                "kind": kind,
                "url": getattr(page, "subscription_url", None) or page.get_full_url(),
                "text_template": f"subscriptions/emails/{kind.slug}_item.txt",
                "html_template": f"subscriptions/emails/{kind.slug}_item.html",
            }
        )
    return items


def news_message(delivery, pages, *, week_label: str = "") -> EmailMultiAlternatives:
    """An announcement (one page) or a weekly digest (the week's pages), for one subscriber."""
    subscriber = delivery.subscriber
    context = {**links(subscriber), "items": _items(pages), "week_label": week_label}
    if week_label:
        kind = kind_of(pages[0])
        noun = kind.noun if len(pages) == 1 else kind.noun_plural
        subject = f"Veckobrev från Pedagogsajten, {week_label}: {len(pages)} nya {noun}"
        if len(pages) == 1:
            subject = f"Veckobrev från Pedagogsajten, {week_label}: 1 ny {noun}"
    else:
        kind = kind_of(pages[0])
        subject = f"Ny {kind.noun} på Pedagogsajten: {pages[0].title}"
    context["subject"] = subject
    unsubscribe_url = context["unsubscribe_url"]
    headers = {
        # Mail programs show their own "Avsluta prenumeration" button from these: a POST to the
        # address unsubscribes at once, without login (views.unsubscribe).
        "List-Unsubscribe": f"<{unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": f"Pedagogsajten <prenumeration.{urlsplit(site_root()).hostname}>",
    }
    # The same Message-ID whenever this e-mail is sent again after a worker died between sending
    # and recording it (tasks.py): mail services that see it twice can drop the copy.
    # Named by the site's host name, so another installation (a test server) never makes the same.
    host = urlsplit(site_root()).hostname or "pedagogsajten"
    message_id = f"<prenumeration.{delivery.pk}.{delivery.subscriber.key.hex[:12]}@{host}>"
    return _message(subject, "news", context, subscriber.email, headers, message_id)
