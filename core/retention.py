"""Retention ("gallring"): readers' data is deleted, blanked or folded after a period in days.

The kernel knows no feature model, so each app that stores readers' data registers its own rule
from its AppConfig.ready() (insights/retention.py, search/retention.py); `manage.py
apply_retention`, meant for a daily schedule, applies every registered rule. A rule is given the
cutoff date (rows dated before it are old enough) and whether this is a dry run, and returns how
many rows it touched and a Swedish sentence saying so. Rules must be idempotent: a second run on
the same day finds nothing left to do.

The periods are settings (`RETENTION_*_DAYS`, read from the environment in
site/settings/base.py); 0 means the rule is off and the data is kept for good.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class Outcome:
    affected: int  # rows deleted, blanked or folded away; 0 when there was nothing to do
    message: str  # Swedish: what was done, or in a dry run what would have been done


@dataclass(frozen=True)
class Rule:
    key: str  # short ASCII name for the log line, e.g. "search_log"
    label: str  # Swedish, heads the rule's line in the command's output
    setting: str  # the setting that holds the period in days
    apply: Callable[[datetime.date, bool], Outcome]  # (cutoff, dry_run) -> Outcome


_rules: dict[str, Rule] = {}


def register_rule(
    key: str, label: str, setting: str, apply: Callable[[datetime.date, bool], Outcome]
) -> Rule:
    """Add a rule; registering the same key again replaces it (ready() may run more than once)."""
    rule = Rule(key, label, setting, apply)
    _rules[key] = rule
    return rule


def rules() -> list[Rule]:
    """The registered rules in the order the apps registered them."""
    return list(_rules.values())


def period_days(setting: str) -> int:
    """The rule's period in days (0: keep for good). The settings file already refuses bad
    environment values; this catches a settings file or override that sets one directly."""
    value = getattr(settings, setting, None)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ImproperlyConfigured(
            f"{setting} måste vara ett heltal, 0 eller större (antal dagar; 0 = spara utan "
            f"gräns), inte {value!r}."
        )
    return value


def cutoff(days: int, today: datetime.date) -> datetime.date:
    """Rows dated before this day are more than `days` days old."""
    return today - datetime.timedelta(days=days)
