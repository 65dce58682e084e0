"""The signed links in subscription e-mails (django.core.signing, each purpose with its own salt).

- Confirmation: timed, valid for RETENTION_UNCONFIRMED_SUBSCRIBER_DAYS (the unconfirmed address is
  deleted then anyway; 3 days by default).
- Change choices and unsubscribe: not timed, because they sit in e-mails readers keep for years.
  They name the subscriber's random key, never the address; unsubscribing deletes the row, so an
  old link then finds nothing.
"""

import datetime
import uuid

from django.conf import settings
from django.core import signing

CONFIRM_SALT = "subscriptions.confirm"
LINK_SALT = "subscriptions.link"
DEFAULT_CONFIRM_DAYS = 3


class Expired(Exception):
    pass


class Invalid(Exception):
    pass


def confirm_days() -> int:
    return settings.RETENTION_UNCONFIRMED_SUBSCRIBER_DAYS or DEFAULT_CONFIRM_DAYS


def confirmation_token(subscriber) -> str:
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign(str(subscriber.key))


def link_token(subscriber) -> str:
    return signing.Signer(salt=LINK_SALT).sign(str(subscriber.key))


def _key(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError as error:
        raise Invalid from error


def key_from_confirmation(token: str) -> uuid.UUID:
    signer = signing.TimestampSigner(salt=CONFIRM_SALT)
    try:
        value = signer.unsign(token, max_age=datetime.timedelta(days=confirm_days()))
    except signing.SignatureExpired as error:
        raise Expired from error
    except signing.BadSignature as error:
        raise Invalid from error
    return _key(value)


def key_from_link(token: str) -> uuid.UUID:
    try:
        return _key(signing.Signer(salt=LINK_SALT).unsign(token))
    except signing.BadSignature as error:
        raise Invalid from error
