"""Retention rule for the search log (registered in apps.py).

A reader may search for a person by name, and the query text is kept as typed. After
RETENTION_SEARCH_LOG_DAYS the day's rows are deleted outright: folding them into months would keep
the very text that is the risk, and the reports on searches ("Vanligaste sökningarna per vecka",
"Sökningar utan träff per vecka", /admin/search_queries/) look at weeks, for which the default of
13 months still gives the same week a year earlier.
"""

import datetime

from core.retention import Outcome
from core.text import plural

from .models import SearchQueryDay


def delete_old_searches(cutoff: datetime.date, dry_run: bool) -> Outcome:
    old = SearchQueryDay.objects.filter(day__lt=cutoff)
    if dry_run:
        count = old.count()
        verb = "skulle raderas"
    else:
        count, _ = old.delete()
        verb = "raderades"
    rows = plural(count, "rad", "rader")
    return Outcome(
        count, f"{rows} (sökning och antal per dag) från före {cutoff.isoformat()} {verb}."
    )
