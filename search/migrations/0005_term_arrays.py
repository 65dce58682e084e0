"""`search_keep_term_array()`: the trigger function that keeps a many-to-many relation's term ids
as an integer array on the owning row, so that PostgreSQL counts a facet over 100,000 matches
from the matches themselves instead of joining every link row (search/faceted.py,
`Facet.terms_column`).

A link table gets three statement triggers (insert, update, delete), each calling this function
with: the owning table, its key column, the array column, and the link table's two columns (to
the owner, to the term). After every statement that changes links, the arrays of the owners it
touched are read again from the link table, sorted. Triggers rather than Django signals: every
writer of the links (Wagtail's publishing, the WordPress import, bulk inserts, SQL by hand)
keeps the arrays right, and a rolled-back change rolls them back with it.
"""

from django.db import migrations

FUNCTION = r"""
CREATE OR REPLACE FUNCTION search_keep_term_array() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    owners text;
BEGIN
    -- The transition tables are named by the triggers: new_links (insert, update) and
    -- old_links (delete, update).
    owners := CASE TG_OP
        WHEN 'INSERT' THEN format('SELECT %I FROM new_links', TG_ARGV[3])
        WHEN 'DELETE' THEN format('SELECT %I FROM old_links', TG_ARGV[3])
        ELSE format('SELECT %1$I FROM new_links UNION SELECT %1$I FROM old_links', TG_ARGV[3])
    END;
    EXECUTE format(
        'UPDATE %1$I AS owner SET %3$I = ARRAY('
        'SELECT DISTINCT link.%5$I FROM %6$I AS link WHERE link.%4$I = owner.%2$I ORDER BY 1) '
        'WHERE owner.%2$I IN (%7$s)',
        TG_ARGV[0], TG_ARGV[1], TG_ARGV[2], TG_ARGV[3], TG_ARGV[4], TG_TABLE_NAME, owners
    );
    RETURN NULL;
END
$$;
"""


class Migration(migrations.Migration):
    dependencies = [("search", "0004_slim_index_entries")]

    operations = [
        migrations.RunSQL(FUNCTION, "DROP FUNCTION IF EXISTS search_keep_term_array()"),
    ]
