"""Related articles under an article: those sharing most themes and school forms, in raw SQL.

It takes the article's own class, so it needs no import of the page model.
"""

from django.db import connection
from wagtail.models import Page, PageViewRestriction

RELATED_ARTICLES = 3
# Ranked in SQL before view restrictions are applied, so a few more than are shown.
RELATED_CANDIDATES = RELATED_ARTICLES * 3


def related_articles(article) -> list:
    """Live, public articles sharing a theme or school form with this one, most shared first.

    Ranked in SQL over the two link tables: grouping whole article rows (the ORM's
    annotate/Count) took 75 ms with 10,000 articles. Only candidates scoring at least as
    high as the best few are joined to the page tables; should too few of those be live
    and public, every candidate is ranked."""
    ranked, cut_off = _related_article_ids(article, only_best_scores=True)
    if len(ranked) < RELATED_ARTICLES and cut_off:
        ranked, _ = _related_article_ids(article, only_best_scores=False)
    found = {
        related.pk: related
        for related in type(article).objects.filter(pk__in=ranked).with_card_data()
    }
    return [found[pk] for pk in ranked if pk in found]


def _related_article_ids(article, *, only_best_scores: bool) -> tuple[list[int], bool]:
    """The ranked ids, and whether a score cut-off left candidates out."""
    model = type(article)
    themes, school_forms = model.themes.through, model.school_forms.through
    page_table = Page._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH shared AS (
                SELECT article_id, COUNT(*) AS score FROM (
                    SELECT articlepage_id AS article_id FROM {themes._meta.db_table}
                    WHERE theme_id IN (
                        SELECT theme_id FROM {themes._meta.db_table} WHERE articlepage_id = %(pk)s)
                    UNION ALL
                    SELECT articlepage_id FROM {school_forms._meta.db_table}
                    WHERE schoolform_id IN (
                        SELECT schoolform_id FROM {school_forms._meta.db_table}
                        WHERE articlepage_id = %(pk)s)
                ) AS links
                WHERE article_id <> %(pk)s
                GROUP BY article_id
            ),
            cut_off AS (
                SELECT CASE WHEN %(only_best)s THEN COALESCE(
                    (SELECT score FROM shared ORDER BY score DESC LIMIT 1 OFFSET %(last)s), 0)
                ELSE 0 END AS score
            )
            SELECT ranked.article_id, cut_off.score > 0
            FROM cut_off
            LEFT JOIN LATERAL (
                SELECT shared.article_id, shared.score, article.publication_date
                FROM shared
                JOIN {model._meta.db_table} AS article
                    ON article.page_ptr_id = shared.article_id
                JOIN {page_table} AS page ON page.id = shared.article_id
                WHERE shared.score >= cut_off.score
                    AND page.live
                    -- public(): not below a page with a view restriction
                    AND NOT EXISTS (
                        SELECT 1 FROM {PageViewRestriction._meta.db_table} AS restriction
                        JOIN {page_table} AS restricted ON restricted.id = restriction.page_id
                        WHERE page.path LIKE restricted.path || '%%')
            ) AS ranked ON TRUE
            ORDER BY ranked.score DESC, ranked.publication_date DESC, ranked.article_id DESC
            LIMIT %(limit)s
            """,
            {
                "pk": article.pk,
                "only_best": only_best_scores,
                "limit": RELATED_ARTICLES,
                "last": RELATED_CANDIDATES - 1,
            },
        )
        rows = cursor.fetchall()
    # Without candidates the one row left is (NULL, cut-off flag).
    return [row[0] for row in rows if row[0] is not None], bool(rows and rows[0][1])
