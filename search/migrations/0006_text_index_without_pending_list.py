"""The GIN index searches read (`title || body`) without a pending list.

By default a GIN index collects new entries in an unsorted pending list, merged into the index by
the next vacuum; every search reads that list in full. After `update_index` rewrote the 10,000
articles' entries, the list held 490 pages: PostgreSQL then priced the index so high that it
matched each article's vector itself instead, and a word in 1,556 articles took 86 ms instead of
22 ms, until autovacuum came. Without the list each new entry goes straight into the index,
which costs a publication a few milliseconds more, and searches never wait for a vacuum."""

from django.db import migrations

INDEX = "search_indexentry_text_gin"


class Migration(migrations.Migration):
    dependencies = [("search", "0005_term_arrays")]

    operations = [
        migrations.RunSQL(
            [
                f"ALTER INDEX {INDEX} SET (fastupdate = off)",
                # What the list holds now, merged into the index once.
                f"SELECT gin_clean_pending_list('{INDEX}'::regclass)",
            ],
            f"ALTER INDEX {INDEX} RESET (fastupdate)",
        )
    ]
