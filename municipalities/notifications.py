"""E-mail when an article is published: to its writer and to its municipality's contact persons.

Wagtail's own workflow notifications cover the rest (the waiting task's group on submission and
after each approval, the submitter on approval and when changes are requested, with the comment).
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from .roles import contact_group_name

logger = logging.getLogger("pedagogsajten.notifications")


def contact_persons(municipality):
    return (
        get_user_model()
        .objects.filter(groups__name=contact_group_name(municipality.title), is_active=True)
        .exclude(email="")
    )


def notify_article_published(article) -> int:
    """Send the publication e-mails; returns how many were sent. A mail failure is logged and never
    undoes the publication."""
    messages = []
    article_url = article.full_url or ""
    writer = article.owner
    if writer and writer.email:
        messages.append(
            _message(
                "municipalities/emails/article_published_writer",
                {"article": article, "user": writer, "url": article_url},
                writer.email,
            )
        )
    if article.municipality_id:
        for contact in contact_persons(article.municipality):
            if contact == writer:
                continue
            messages.append(
                _message(
                    "municipalities/emails/article_published_contact",
                    {"article": article, "user": contact, "url": article_url},
                    contact.email,
                )
            )
    sent = 0
    for message in messages:
        try:
            sent += message.send()
        except Exception:  # noqa: BLE001 - the article stays published; the failure is logged
            logger.exception(
                "Could not send publication e-mail for page %s to %s", article.pk, message.to
            )
    return sent


def _message(template_base: str, context: dict, recipient: str) -> EmailMessage:
    subject = render_to_string(f"{template_base}_subject.txt", context).strip()
    body = render_to_string(f"{template_base}.txt", context)
    return EmailMessage(
        settings.EMAIL_SUBJECT_PREFIX + subject, body, settings.DEFAULT_FROM_EMAIL, [recipient]
    )
