"""The article's school forms, subjects and themes also as integer arrays on its own row, kept by
triggers on the three link tables (search/migrations/0005_term_arrays.py), and a covering index
with what PostgreSQL's faceted search reads of every match (search/faceted.py).

The arrays are columns Django does not know: no form, revision or fixture ever writes them, so
publishing an old revision cannot put old terms back; only the triggers do.

Measured at 100,000 articles, for a word in 98,600 of them: each of the three facets cost
70–90 ms as a join over the 200,000 rows of its link table; counted from the arrays of the
matches, a few milliseconds. The covering index lets the matches' date, type, municipality and
terms be read from a 15 MB index rather than from the 98 MB article table, where each row holds
its whole body; the one on pages does the same for `live`.
"""

from django.db import migrations

TERM_ARRAYS = (
    # (array column, link table, the link's column to the term)
    ("terms_school_forms", "blog_articlepage_school_forms", "schoolform_id"),
    ("terms_subjects", "blog_articlepage_subjects", "subject_id"),
    ("terms_themes", "blog_articlepage_themes", "theme_id"),
)


def forwards_sql() -> list[str]:
    columns = ", ".join(column for column, _links, _term in TERM_ARRAYS)
    statements = []
    for column, _links, _term in TERM_ARRAYS:
        statements += [
            f"ALTER TABLE blog_articlepage ADD COLUMN {column} integer[] NOT NULL DEFAULT '{{}}'",
            # Never moved out of the row: each read of the array would otherwise fetch it from
            # the TOAST table.
            f"ALTER TABLE blog_articlepage ALTER COLUMN {column} SET STORAGE PLAIN",
        ]
    statements += [
        "CREATE INDEX blog_articlepage_faceted ON blog_articlepage (page_ptr_id) "
        f"INCLUDE (publication_date, article_type_id, municipality_id, {columns})",
        "CREATE INDEX blog_page_live ON wagtailcore_page (id) INCLUDE (live)",
    ]
    for column, links, term in TERM_ARRAYS:
        arguments = f"'blog_articlepage', 'page_ptr_id', '{column}', 'articlepage_id', '{term}'"
        statements += [
            f"CREATE TRIGGER {column}_after_insert AFTER INSERT ON {links} "
            "REFERENCING NEW TABLE AS new_links FOR EACH STATEMENT "
            f"EXECUTE FUNCTION search_keep_term_array({arguments})",
            f"CREATE TRIGGER {column}_after_update AFTER UPDATE ON {links} "
            "REFERENCING OLD TABLE AS old_links NEW TABLE AS new_links FOR EACH STATEMENT "
            f"EXECUTE FUNCTION search_keep_term_array({arguments})",
            f"CREATE TRIGGER {column}_after_delete AFTER DELETE ON {links} "
            "REFERENCING OLD TABLE AS old_links FOR EACH STATEMENT "
            f"EXECUTE FUNCTION search_keep_term_array({arguments})",
        ]
    # Last: filling the arrays leaves trigger events pending until the transaction ends, and
    # PostgreSQL neither alters nor indexes a table that has some.
    statements += [
        f"UPDATE blog_articlepage AS article SET {column} = ARRAY("
        f"SELECT DISTINCT link.{term} FROM {links} AS link "
        "WHERE link.articlepage_id = article.page_ptr_id ORDER BY 1)"
        for column, links, term in TERM_ARRAYS
    ]
    return statements


def backwards_sql() -> list[str]:
    statements = [
        "DROP INDEX IF EXISTS blog_page_live",
        "DROP INDEX IF EXISTS blog_articlepage_faceted",
    ]
    for column, links, _term in TERM_ARRAYS:
        statements += [
            f"DROP TRIGGER IF EXISTS {column}_after_{event} ON {links}"
            for event in ("insert", "update", "delete")
        ]
        statements.append(f"ALTER TABLE blog_articlepage DROP COLUMN IF EXISTS {column}")
    return statements


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0008_authors_belong_to_people_and_date_on_approval"),
        ("search", "0005_term_arrays"),
    ]

    operations = [migrations.RunSQL(forwards_sql(), backwards_sql())]
