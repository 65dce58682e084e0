"""The article table and its indexes rewritten once, compact, after 0009 filled the term arrays.

0009 fills the three arrays with one UPDATE each after creating the covering index that holds
them, so every article row and index entry was written four times. Autovacuum frees the dead
versions but never returns the space: at 100,000 articles the table stayed at 768 MB instead of
111 MB and the covering index at 63 MB instead of 14 MB, and the faceted search, which reads
that index for every match, had a p95 of 260 ms instead of 205 ms over HTTP (docs/benchmarks.md).

VACUUM FULL rewrites the table and its indexes (outside a transaction; about 2 seconds at
100,000 articles, during which reading articles waits). It leaves the visibility map empty, and
without it PostgreSQL cannot answer from the covering index alone and reads every match's row
(300 ms for a word in nearly every article): the plain VACUUM after it sets the map again, and
ANALYZE gives the planner the new sizes."""

from django.db import migrations

TABLE = "blog_articlepage"


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("blog", "0009_facet_term_arrays")]

    operations = [
        migrations.RunSQL(f"VACUUM FULL {TABLE}", migrations.RunSQL.noop),
        migrations.RunSQL(f"VACUUM (ANALYZE) {TABLE}", migrations.RunSQL.noop),
    ]
