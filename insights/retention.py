"""Retention rules for readers' feedback and the daily view counts (registered in apps.py).

- Feedback: the free-text comment is where a reader may have written a name, so it is blanked
  after RETENTION_FEEDBACK_COMMENT_DAYS, as the chief editor does by hand when striking one. The
  answer itself (article, day, ja/nej) holds nothing about the reader and stays, so "Återkoppling
  per artikel", "Läsning per artikel" and the dashboard keep their yes/no figures for any period;
  only the count of comments for old periods falls to what is left.
- Page views: a row per page and day holds no personal data, but there is one for every page read
  each day. After RETENTION_PAGE_VIEW_DAYS the days of a month are folded into one row per page,
  dated the 1st (the model's unique (day, page) allows it, so no new model is needed). Sums over
  whole months, quarters and years stay exactly as they were, so old years can still be compared;
  only the split into days of those old months is gone.
"""

import datetime

from django.db import connection

from core.retention import Outcome
from core.text import plural

from .models import ArticleFeedback, PageViewDay


def blank_old_comments(cutoff: datetime.date, dry_run: bool) -> Outcome:
    old = ArticleFeedback.objects.filter(day__lt=cutoff).exclude(comment="")
    if dry_run:
        count = old.count()
        verb = "skulle tömmas"
    else:
        count = old.update(comment="")
        verb = "tömdes"
    comments = plural(count, "kommentar", "kommentarer")
    return Outcome(
        count, f"{comments} från före {cutoff.isoformat()} {verb}; svaren ja/nej finns kvar."
    )


def first_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


# The (page, month) groups to fold: whole months before the boundary that still have a row for
# another day than the 1st. A group whose rows name different municipalities (the article was
# moved within the month) is left as it is: one monthly row can name only one municipality, and
# the municipality figures must not change. Such groups are rare, so the table still shrinks.
_GROUPS = """
    SELECT page_id,
           date_trunc('month', day::timestamp)::date AS month,
           count(*) FILTER (WHERE day <> date_trunc('month', day::timestamp)::date) AS day_rows
    FROM {table}
    WHERE day < %(boundary)s
    GROUP BY page_id, month
    HAVING bool_or(day <> date_trunc('month', day::timestamp)::date)
       AND count(DISTINCT coalesce(municipality_id, 0)) = 1
"""

# One statement, so a second copy of the command running at the same time cannot count a view
# twice: only rows this statement actually deleted are added to the month's row.
_FOLD = """
    WITH groups AS ({groups}),
    folded AS (
        DELETE FROM {table} AS old USING groups
        WHERE old.page_id = groups.page_id
          AND old.day > groups.month
          AND old.day < (groups.month + interval '1 month')::date
        RETURNING groups.month, old.page_id, old.municipality_id, old.views
    ),
    merged AS (
        INSERT INTO {table} (day, page_id, municipality_id, views)
        SELECT month, page_id, min(municipality_id), sum(views)
        FROM folded
        GROUP BY month, page_id
        ON CONFLICT (day, page_id) DO UPDATE SET views = {table}.views + EXCLUDED.views
        RETURNING 1
    )
    SELECT (SELECT count(*) FROM folded), (SELECT count(*) FROM merged)
"""


def fold_old_page_views(cutoff: datetime.date, dry_run: bool) -> Outcome:
    # Only months that ended before the cutoff: a month is never half days, half a monthly sum.
    boundary = first_of_month(cutoff)
    table = PageViewDay._meta.db_table
    groups = _GROUPS.format(table=table)
    if dry_run:
        sql = f"SELECT coalesce(sum(day_rows), 0), count(*) FROM ({groups}) AS groups"
    else:
        sql = _FOLD.format(table=table, groups=groups)
    with connection.cursor() as cursor:
        cursor.execute(sql, {"boundary": boundary})
        day_rows, month_rows = (int(number) for number in cursor.fetchone())
    verb = "skulle slås ihop" if dry_run else "slogs ihop"
    return Outcome(
        day_rows,
        f"{plural(day_rows, 'dagrad', 'dagrader')} från månader före {boundary.isoformat()} "
        f"{verb} till {plural(month_rows, 'månadsrad', 'månadsrader')} "
        "(en per sida och månad, daterad den 1:a); summorna är oförändrade.",
    )
