"""The figures behind the admin reports: plain functions from a period and a set of municipalities
to a table (columns, rows, an optional chart), so that tests can put known data in and check
exact figures out, and the views stay thin.

"Published in the period" means first published (`first_published_at`) within it, in Swedish
time. Times in the workflow are in days; the 90th percentile is the nearest-rank one (the value
below which at least 90 % of the cases fall).

`base` holds what the reports share, one module per subject holds its reports, and `registry`
lists them for the admin.
"""

from .base import Chart, Period, Table, median, month_label, percentile, week_label
from .editorial_workflow import waiting_for_task, workflow
from .feedback import feedback_by_article, feedback_comments
from .publishing import contributors, output_by_classification, output_by_month
from .readability import readability_by_month
from .reading import views_by_article, views_by_article_and_day, views_by_day
from .registry import REPORTS, REPORTS_BY_SLUG, Report
from .searches import searches_by_week

__all__ = [
    "REPORTS",
    "REPORTS_BY_SLUG",
    "Chart",
    "Period",
    "Report",
    "Table",
    "contributors",
    "feedback_by_article",
    "feedback_comments",
    "median",
    "month_label",
    "output_by_classification",
    "output_by_month",
    "percentile",
    "readability_by_month",
    "searches_by_week",
    "views_by_article",
    "views_by_article_and_day",
    "views_by_day",
    "waiting_for_task",
    "week_label",
    "workflow",
]
