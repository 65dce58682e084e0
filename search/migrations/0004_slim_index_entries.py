"""Index entries kept slim: their tsvectors and texts go to the TOAST table as soon as a row is
larger than 128 bytes, so the table itself holds a few dozen entries per 8 kB page instead of
about one.

The text search takes its matches from the GIN index and then reads each matching entry's row
(its object id). With whole entries in the table, a word in 15,700 of 100,000 articles read
11,000 pages for them (50 ms); a word in nearly all, 170 ms. With slim rows the table is 15 MB
instead of 445 MB at 100,000 articles, and the same matches are read in 8 and 17 ms. Only
ranking reads the vectors themselves, for the few thousand it ranks (search/faceted.py).

Existing entries are rewritten once (VACUUM FULL, outside a transaction): about 10 seconds at
100,000 articles, during which searches wait."""

from django.db import migrations

TABLE = "wagtailsearch_indexentry"


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("search", "0003_indexentry_text_gin")]

    operations = [
        migrations.RunSQL(
            f"ALTER TABLE {TABLE} SET (toast_tuple_target = 128)",
            f"ALTER TABLE {TABLE} RESET (toast_tuple_target)",
        ),
        migrations.RunSQL(f"VACUUM FULL {TABLE}", migrations.RunSQL.noop),
    ]
