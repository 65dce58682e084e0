"""The generated benchmark corpus, written in bulk: 100,000 articles in minutes instead of hours.

Creating pages one by one through the factory (`Page.add_child`, then a save per many-to-many
field, each running every signal handler) took 0.6 s an article here (measured 2026-11-24 on a
busy 2-core machine): 17 hours for 100,000. This writes them in 74 s. Each batch is written
with a handful of INSERTs in one transaction: the `wagtailcore_page` rows with their treebeard
paths computed as the next children of the municipality pages, the `blog_articlepage` rows, the
school-form/subject/theme rows and the authors; then the parents' `numchild`. The rows are the
ones `Page.save()` would write for a live, published page (url_path, depth, locale, translation
key, draft title, first/last published), so Wagtail serves, lists and indexes them like any
other; `check_tree()` asks treebeard's own `find_problems()` and renders an article to prove it.
The search indexes are not touched: the benchmarks time `update_index` separately.

No page is saved, so what `post_save` keeps up to date is rebuilt afterwards as after any bulk
load: PostgreSQL's did-you-mean vocabulary (`rebuild_search_words`, where the code has it).

Like the factory corpus it continues (articles `bench-0` … are numbered in order, each batch
committed), so an interrupted run resumes where it stopped, and a corpus made by the factory
(the older 10,000-article one) can be extended.

    python corpus.py --articles 100000 --database pedagogsajten_bench_100k [--fresh] [--check]
"""

import argparse
import datetime
import random
import sys
import time
import uuid

from common import (
    database_for,
    rebuild_search_words,
    recreate_database,
    sentence,
    setup_django,
)

BATCH = 2_000
AUTHORS = 400
SEED = 2026
FIRST_DAY = datetime.date(2019, 1, 7)
DAYS = 2_850  # to autumn 2026: publication dates spread over the years, as on the real site

# One string per list reads better than 40-item list literals.
FIRST_NAMES = (  # noqa: SIM905
    "Anna Eva Maria Karin Sara Lena Emma Kerstin Ingrid Malin Johanna Linnea Elin Ida Hanna "
    "Fatima Amira Leila Sofia Maja Erik Lars Karl Anders Johan Per Mikael Peter Jonas Ahmed "
    "Ali Omar Mohammed Daniel Fredrik Niklas Oskar Viktor Emil Hugo"
).split()
LAST_NAMES = (  # noqa: SIM905
    "Andersson Johansson Karlsson Nilsson Eriksson Larsson Olsson Persson Svensson Gustafsson "
    "Pettersson Jonsson Jansson Hansson Bengtsson Jönsson Lindberg Lindström Lindqvist Lundgren "
    "Berg Bergström Lundberg Axelsson Sandberg Holm Nyström Ekström Håkansson Sjöberg Yilmaz "
    "Hussein Haddad Nguyen Kovač Mahmoud Öberg Åberg Ängström Dahl"
).split()
ROLES = (
    "Förskollärare",
    "Lärare i svenska och engelska åk 4–6",
    "Lärare i matematik och NO åk 7–9",
    "Speciallärare",
    "Fritidspedagog",
    "Gymnasielärare i samhällskunskap",
    "Rektor",
    "Skolbibliotekarie",
    "Lärare i svenska som andraspråk",
    "IKT-pedagog",
)


def _first_draws(number: int) -> tuple[random.Random, datetime.date, str]:
    """An article's random source, publication day and title: the first things drawn for it."""
    rng = random.Random(SEED * 1_000_003 + number)
    day = FIRST_DAY + datetime.timedelta(days=rng.randrange(DAYS))
    return rng, day, sentence(rng, 4)[:-1] + f" {number}"


def written_by_another_generator() -> bool:
    """Whether the database holds articles this code would not write (the generator changed):
    continuing such a corpus would mix two kinds of text, so it is written again."""
    from blog.models import ArticlePage

    first = ArticlePage.objects.filter(slug="bench-0").values_list("title", flat=True).first()
    return first is not None and first != _first_draws(0)[2]


def article_rows(number: int, context: dict) -> dict:
    """Everything one article is made of, decided by its number alone (so a resumed run makes
    the same corpus as one that never stopped)."""
    rng, day, title = _first_draws(number)
    published = datetime.datetime.combine(day, datetime.time(8, 0), tzinfo=datetime.UTC)
    return {
        "title": title,
        "summary": sentence(rng, 18),
        "body": [
            {
                "type": "paragraph",
                "value": "".join(f"<p>{sentence(rng, 25)}</p>" for _ in range(4)),
                "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            }
        ],
        "translation_key": uuid.UUID(int=rng.getrandbits(128), version=4),
        "published": published,
        "day": day,
        "article_type_id": rng.choice(context["types"]),
        "school_forms": rng.sample(context["forms"], 2),
        "subjects": rng.sample(context["subjects"], 2),
        "themes": rng.sample(context["themes"], 2),
        "authors": rng.sample(context["authors"], rng.choice((1, 1, 1, 2))),
    }


def ensure_authors(municipalities) -> list[int]:
    """A pool of invented writers, each belonging to a municipality (created once)."""
    from blog.models import Author

    existing = list(
        Author.objects.filter(school__startswith="Benchskolan").values_list("pk", flat=True)
    )
    if len(existing) >= AUTHORS:
        return existing
    rng = random.Random(SEED)
    Author.objects.bulk_create(
        Author(
            name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            role=rng.choice(ROLES),
            school=f"Benchskolan {number}",
            municipality=municipalities[number % len(municipalities)],
        )
        for number in range(len(existing), AUTHORS)
    )
    return list(
        Author.objects.filter(school__startswith="Benchskolan").values_list("pk", flat=True)
    )


def _insert(model, objects, fields, returning=False):
    """One multi-row INSERT of `fields`, as Model.save() writes one row (values prepared by each
    field); `bulk_create()` refuses multi-table-inherited models such as ArticlePage."""
    return model._base_manager._insert(
        objects,
        fields=fields,
        returning_fields=[model._meta.pk] if returning else None,
        using="default",
    )


def create_batch(numbers: list[int], parents: dict, context: dict) -> None:
    from django.db import transaction
    from django.db.models import F
    from wagtail.models import Page

    from blog.models import ArticleAuthor, ArticlePage

    content_type = context["content_type"]
    page_fields = [field for field in Page._meta.local_concrete_fields if not field.primary_key]
    article_fields = list(ArticlePage._meta.local_concrete_fields)
    pages, details, children = [], [], {}
    for number in numbers:
        parent = context["municipalities"][number % len(context["municipalities"])]
        state = parents[parent.pk]
        state["last_step"] += 1
        children[parent.pk] = children.get(parent.pk, 0) + 1
        row = article_rows(number, context)
        slug = f"bench-{number}"
        page = ArticlePage(
            title=row["title"],
            draft_title=row["title"],
            slug=slug,
            path=Page._get_path(parent.path, parent.depth + 1, state["last_step"]),
            depth=parent.depth + 1,
            numchild=0,
            url_path=f"{parent.url_path}{slug}/",
            content_type=content_type,
            locale_id=parent.locale_id,
            translation_key=row["translation_key"],
            live=True,
            has_unpublished_changes=False,
            first_published_at=row["published"],
            last_published_at=row["published"],
            summary=row["summary"],
            body=row["body"],
            publication_date=row["day"],
            municipality_id=parent.pk,
            article_type_id=row["article_type_id"],
            confirm_manager_consent=True,
            confirm_no_advertising=True,
            confirm_media_rights=True,
        )
        pages.append(page)
        details.append(row)

    with transaction.atomic():
        for page, (pk,) in zip(
            pages, _insert(Page, pages, page_fields, returning=True), strict=True
        ):
            page.id = page.page_ptr_id = pk
        _insert(ArticlePage, pages, article_fields)
        for name, through in (
            ("school_forms", ArticlePage.school_forms.through),
            ("subjects", ArticlePage.subjects.through),
            ("themes", ArticlePage.themes.through),
        ):
            column = through._meta.get_field(name[:-1].replace("_", "")).attname
            through.objects.bulk_create(
                through(articlepage_id=page.pk, **{column: term})
                for page, row in zip(pages, details, strict=True)
                for term in row[name]
            )
        ArticleAuthor.objects.bulk_create(
            ArticleAuthor(page_id=page.pk, author_id=author, sort_order=position)
            for page, row in zip(pages, details, strict=True)
            for position, author in enumerate(row["authors"])
        )
        for parent_pk, added in children.items():
            Page.objects.filter(pk=parent_pk).update(numchild=F("numchild") + added)


def ensure_corpus(count: int) -> float | None:
    """The site structure and at least `count` articles; the seconds writing them took (None when
    the corpus was already there)."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from wagtail.models import Page

    from blog.models import ArticlePage, ArticleType, SchoolForm, Subject, Theme
    from home.models import HomePage
    from municipalities.models import MunicipalityPage

    call_command("migrate", verbosity=0)
    if written_by_another_generator():
        print("  korpusen skrevs av en äldre generator: databasen skrivs om", flush=True)
        recreate_database()
        call_command("migrate", verbosity=0)
    call_command("setup_site", verbosity=0)
    existing = ArticlePage.objects.count()
    if existing >= count:
        return None
    municipalities = list(
        MunicipalityPage.objects.child_of(HomePage.objects.get()).order_by("path")
    )
    context = {
        "municipalities": municipalities,
        "content_type": ContentType.objects.get_for_model(ArticlePage),
        "types": list(ArticleType.objects.order_by("pk").values_list("pk", flat=True)),
        "forms": list(SchoolForm.objects.order_by("pk").values_list("pk", flat=True)),
        "subjects": list(Subject.objects.order_by("pk").values_list("pk", flat=True)),
        "themes": list(Theme.objects.order_by("pk").values_list("pk", flat=True)),
        "authors": ensure_authors(municipalities),
    }
    parents = {}
    for parent in municipalities:
        last = Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1).order_by(
            "-path"
        )[:1]
        parents[parent.pk] = {
            "last_step": Page._str2int(last[0].path[-Page.steplen :]) if last else 0
        }
    started = time.perf_counter()
    for first in range(existing, count, BATCH):
        create_batch(list(range(first, min(first + BATCH, count))), parents, context)
        done = min(first + BATCH, count)
        if done % 10_000 == 0 or done == count:
            print(f"  {done:,} artiklar ({time.perf_counter() - started:.0f} s)", flush=True)
    words = rebuild_search_words()
    if words is not None:
        print(f"  ordlistan för ”Menade du …?” ({words:.0f} s)", flush=True)
    return time.perf_counter() - started


def check_tree() -> list[str]:
    """What is wrong with the page tree, in Swedish (empty when nothing is): treebeard's checks,
    the parents' child counts, url paths, and one generated article served through Django."""
    from django.test import Client
    from wagtail.models import Page

    from blog.models import ArticlePage

    problems = []
    names = ("ogiltiga tecken", "fel steglängd", "föräldralösa", "fel djup", "fel antal barn")
    for name, ids in zip(names, Page.find_problems(), strict=True):
        if ids:
            problems.append(f"{name}: {len(ids)} sidor (t.ex. {sorted(ids)[:5]})")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT count(*) FROM wagtailcore_page child
               JOIN wagtailcore_page parent
                 ON parent.path = substr(child.path, 1, length(child.path) - %s)
               WHERE child.depth > 1 AND child.url_path <> parent.url_path || child.slug || '/'""",
            [Page.steplen],
        )
        (wrong_urls,) = cursor.fetchone()
    if wrong_urls:
        problems.append(f"fel url_path: {wrong_urls} sidor")
    not_live = ArticlePage.objects.exclude(live=True).count()
    if not_live:
        problems.append(f"ej publicerade: {not_live} artiklar")
    article = ArticlePage.objects.live().order_by("-pk").first()
    if article is None:
        problems.append("inga artiklar")
    else:
        from django.core.management import call_command

        # The bench settings serve hashed static files (as production): the page needs them.
        call_command("collectstatic", interactive=False, verbosity=0)
        response = Client(HTTP_HOST="localhost").get(article.url)
        if response.status_code != 200 or article.title.encode() not in response.content:
            problems.append(f"{article.url} svarade {response.status_code}")
    return problems


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, required=True)
    parser.add_argument("--database", help="the database (default: the one for that size)")
    parser.add_argument("--check", action="store_true", help="check the page tree afterwards")
    parser.add_argument(
        "--fresh", action="store_true", help="drop the database first and write it all again"
    )
    arguments = parser.parse_args(argv)
    setup_django(arguments.database or database_for(arguments.articles))
    if arguments.fresh:
        recreate_database()
    seconds = ensure_corpus(arguments.articles)
    print(
        "Korpusen fanns redan."
        if seconds is None
        else f"Skrev artiklarna på {seconds:.0f} s ({arguments.articles:,} totalt)."
    )
    if arguments.check:
        started = time.perf_counter()
        problems = check_tree()
        print(f"Kontroll av sidträdet ({time.perf_counter() - started:.0f} s):")
        print("\n".join(f"  {problem}" for problem in problems) or "  inga fel")
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
