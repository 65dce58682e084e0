"""Swedish relevance: recall@10 and MRR of the public search on both backends (issue 14).

Loads the articles of bench/relevance/documents.toml into their own database
(pedagogsajten_relevance) through the apps' factories, on a site with nothing else in it, indexes
them on PostgreSQL and on OpenSearch (its own index prefix), and asks every query of
bench/relevance/queries.toml through the real search page: a GET of `/sok/?q=…` with Django's
test client, so the view, facets, rendering and any did-you-mean suggestion take part. The
ranking read is what the reader sees: the first page of results (the first ten, fetching a
second page if a page holds fewer).

For each backend: recall@10 (the share of a query's relevant articles, at most ten, among the
first ten hits, averaged over the queries), MRR (1 / rank of the first relevant hit in the first
ten, 0 if none), the queries with no hit at all and those whose relevant articles all stay out
of the first ten, per category; the same again counting the did-you-mean suggestion's results
for a query whose own first ten has nothing relevant (when the page offers one); and the
precision guards (`tema` must not put a mathematics article first).

Run by `make bench-relevance` (which starts PostgreSQL and OpenSearch); writes the section
"Swedish relevance" of docs/benchmarks.md and the per-query details to
var/bench/relevance-results.json.

    python relevance_bench.py [--backend postgres|opensearch|both] [--no-report] [-v]
"""

import argparse
import contextlib
import io
import json
import os
import sys
import time
import tomllib
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from common import (
    ENGINE_URL,
    ROOT,
    backend_description,
    engine_answers,
    engine_searches,
    git_revision,
    rebuild_search_words,
    recreate_database,
    setup_django,
    write_section,
)

DATA = Path(__file__).resolve().parent / "relevance"
DATABASE = "pedagogsajten_relevance"
INDEX_PREFIX = "bench_relevance_"
RESULTS_FILE = ROOT / "var" / "bench" / "relevance-results.json"
TOP = 10
CATEGORIES = (
    "inflection",
    "definite",
    "plural",
    "compound",
    "author",
    "typo",
    "no-aao",
    "multi-word",
)
CATEGORY_NAMES = {
    "inflection": "inflection (`läser`, `bedöma`)",
    "definite": "definite form (`förskolan`)",
    "plural": "plural (`bilderböcker`)",
    "compound": "compound part (`lek` → `utomhuslek`)",
    "author": "author name",
    "typo": "typo (`mattematik`)",
    "no-aao": "without å/ä/ö (`forskola`)",
    "multi-word": "multi-word",
}
MINIMUM = 60  # documents and queries the issue asks for
RECALL_TARGET = 0.95
BACKENDS = {"postgres": "PostgreSQL", "opensearch": "OpenSearch"}


# --- the set ---------------------------------------------------------------------------------


@dataclass
class Query:
    text: str
    category: str
    relevant: list[str]
    not_first: list[str] = field(default_factory=list)
    why: str = ""


def load_set() -> tuple[list[dict], list[Query], list[Query]]:
    """The articles, the queries and the precision guards, checked: a mistake in the data
    (an unknown id or taxonomy slug, a summary too long) stops the benchmark with its name."""
    from blog.taxonomy_defaults import ARTICLE_TYPES, SCHOOL_FORMS, SUBJECTS, THEMES

    articles = tomllib.loads((DATA / "documents.toml").read_text())["article"]
    data = tomllib.loads((DATA / "queries.toml").read_text())
    groups = data.get("groups", {})
    ids = [article["id"] for article in articles]
    problems = [
        f"artikel-id {name!r} finns två gånger" for name, n in Counter(ids).items() if n > 1
    ]
    known = set(ids)
    vocabularies = {
        "school_forms": {slug for slug, _ in SCHOOL_FORMS},
        "subjects": {slug for slug, _ in SUBJECTS},
        "themes": {slug for slug, _ in THEMES},
    }
    for article in articles:
        if len(article["summary"]) > 300:
            problems.append(f"{article['id']}: sammanfattningen är över 300 tecken")
        if not 1 <= len(article["body"]) <= 3:
            problems.append(f"{article['id']}: 1–3 stycken brödtext")
        if article["type"] not in {slug for slug, _ in ARTICLE_TYPES}:
            problems.append(f"{article['id']}: okänd innehållstyp {article['type']!r}")
        for name, vocabulary in vocabularies.items():
            problems += [
                f"{article['id']}: okänd {name} {slug!r}"
                for slug in article[name]
                if slug not in vocabulary
            ]
        if not article["school_forms"]:
            problems.append(f"{article['id']}: ingen skolform (krävs för att publicera)")

    def expand(names: list[str], where: str) -> list[str]:
        out = []
        for name in names:
            members = groups.get(name[1:]) if name.startswith("@") else [name]
            if members is None:
                problems.append(f"{where}: okänd grupp {name!r}")
                continue
            out += [member for member in members if member not in out]
        problems.extend(f"{where}: okänt artikel-id {name!r}" for name in out if name not in known)
        return out

    queries = []
    for entry in data["query"]:
        where = f"sökningen {entry['q']!r}"
        if entry["category"] not in CATEGORIES:
            problems.append(f"{where}: okänd kategori {entry['category']!r}")
        relevant = expand(entry["relevant"], where)
        if not relevant:
            problems.append(f"{where}: inga relevanta artiklar")
        queries.append(Query(entry["q"], entry["category"], relevant))
    guards = [
        Query(
            entry["q"],
            "guard",
            expand(entry["relevant"], f"kontrollen {entry['q']!r}"),
            expand(entry["not_first"], f"kontrollen {entry['q']!r}"),
            entry.get("why", ""),
        )
        for entry in data.get("guard", [])
    ]
    if len(articles) < MINIMUM or len(queries) < MINIMUM:
        problems.append(
            f"minst {MINIMUM} artiklar och {MINIMUM} sökningar behövs "
            f"({len(articles)} och {len(queries)})"
        )
    missing = set(CATEGORIES) - {query.category for query in queries}
    if missing:
        problems.append(f"kategorier utan sökningar: {', '.join(sorted(missing))}")
    if problems:
        raise SystemExit("Relevansmängden har fel:\n  " + "\n  ".join(problems))
    return articles, queries, guards


# --- the site --------------------------------------------------------------------------------


def build_site(articles: list[dict]) -> None:
    """Exactly the set's articles (and authors) as live pages, made by the apps' factories, on a
    new empty database (so an edited set, or changed migrations, never meet an earlier run's)."""
    from django.core.management import call_command
    from django.db import transaction
    from django.test.utils import override_settings

    from blog.factories import ArticlePageFactory, AuthorFactory, paragraph
    from blog.models import ArticleType, SchoolForm, Subject, Theme
    from municipalities.models import MunicipalityPage

    recreate_database()
    call_command("migrate", verbosity=0)
    with contextlib.redirect_stdout(io.StringIO()):
        call_command("setup_site", verbosity=0)
    sections = {page.slug: page for page in MunicipalityPage.objects.all()}
    # Indexing is done (and checked) per backend below.
    with override_settings(WAGTAILSEARCH_BACKENDS={}), transaction.atomic():
        authors = {}
        for article in articles:
            person = article["author"]
            if person["name"] not in authors:
                authors[person["name"]] = AuthorFactory(
                    name=person["name"],
                    role=person["role"],
                    school=person.get("school", ""),
                    municipality=sections[article["municipality"]],
                )
            page = ArticlePageFactory(
                parent=sections[article["municipality"]],
                title=article["title"],
                slug=article["id"],
                summary=article["summary"],
                body=[paragraph(text) for text in article["body"]],
                publication_date=article["published"],
                article_type=ArticleType.objects.get(slug=article["type"]),
                school_forms=list(SchoolForm.objects.filter(slug__in=article["school_forms"])),
                subjects=list(Subject.objects.filter(slug__in=article["subjects"])),
                themes=list(Theme.objects.filter(slug__in=article["themes"])),
                authors=[authors[person["name"]]],
            )
            if article.get("tags"):
                page.tags.add(*article["tags"])
                page.save()
    # Saving keeps it current; rebuilt anyway, as after any load (where the code has it).
    rebuild_search_words()


def backend_settings(name: str) -> dict:
    from pedagogsajten.settings.base import DATABASE_SEARCH_BACKEND, engine_search_backend

    if name == "postgres":
        return {"default": DATABASE_SEARCH_BACKEND}
    # As production configures it: the engine first, PostgreSQL as its fallback.
    return {
        "default": engine_search_backend(ENGINE_URL, "opensearch", INDEX_PREFIX, TIMEOUT=30),
        "database": DATABASE_SEARCH_BACKEND,
    }


def index(expected: int) -> float:
    """Rebuild the default backend's index; seconds. Refreshed, so every article is searchable."""
    from django.core.management import call_command
    from wagtail.search.backends import get_search_backend

    from blog.models import ArticlePage

    started = time.perf_counter()
    call_command("update_index", backend_name="default", stdout=io.StringIO())
    index = get_search_backend("default").get_index_for_model(ArticlePage)
    if hasattr(index, "refresh"):
        index.refresh()
    seconds = time.perf_counter() - started
    live = ArticlePage.objects.live().public().count()
    if live != expected:
        raise SystemExit(f"{live} publicerade artiklar i databasen, {expected} väntade")
    return seconds


# --- asking the search page ------------------------------------------------------------------


@dataclass
class Answer:
    status: int
    ranking: list[str]  # article slugs of the first TOP hits, in order
    hits: int | None  # what the query's own words found
    suggestion: str | None  # the did-you-mean link, if the page offered one
    corrected: str | None = None  # the correction whose articles the page shows instead


def ask(client, text: str) -> Answer:
    """The search page for `text`, as the reader gets it; its first TOP results.

    A search whose words find nothing shows its correction's articles instead, saying so
    (`corrected_query`): the reader sees them without a click, so they are its ranking, and
    `hits` stays 0, what the words alone found."""
    ranking, page, hits, suggestion, corrected = [], 1, None, None, None
    while True:
        parameters = {"q": text} | ({"sida": page} if page > 1 else {})
        response = client.get(f"/sok/?{urlencode(parameters)}")
        if response.status_code != 200:
            return Answer(response.status_code, ranking, hits, suggestion, corrected)
        context = response.context
        ranking += [article.slug for article in context["results"]]
        if page == 1:
            corrected = context["corrected_query"]
            hits = 0 if corrected else context["total"]
            suggestion = context["did_you_mean"]
        if len(ranking) >= TOP or not context["page_of_ids"].has_next():
            return Answer(200, ranking[:TOP], hits, suggestion, corrected)
        # A corrected page's links search the correction.
        text = corrected or text
        page += 1


# --- measures --------------------------------------------------------------------------------


def recall(ranking: list[str], relevant: list[str]) -> float:
    return len(set(ranking[:TOP]) & set(relevant)) / min(len(relevant), TOP)


def reciprocal_rank(ranking: list[str], relevant: list[str]) -> float:
    return next((1 / rank for rank, slug in enumerate(ranking[:TOP], 1) if slug in relevant), 0.0)


@dataclass
class Outcome:
    query: str
    category: str
    relevant: list[str]
    ranking: list[str]  # what the page shows
    hits: int  # what the words alone found
    recall: float
    rr: float
    corrected: str | None = None
    suggestion: str | None = None
    suggestion_ranking: list[str] = field(default_factory=list)
    recall_with_suggestion: float = 0.0
    rr_with_suggestion: float = 0.0


def run_queries(client, queries: list[Query]) -> list[Outcome]:
    outcomes = []
    for query in queries:
        answer = ask(client, query.text)
        if answer.status != 200:
            raise SystemExit(f"/sok/?q={query.text} svarade {answer.status}")
        outcome = Outcome(
            query.text,
            query.category,
            query.relevant,
            answer.ranking,
            answer.hits or 0,
            recall(answer.ranking, query.relevant),
            reciprocal_rank(answer.ranking, query.relevant),
            answer.corrected,
            answer.suggestion,
        )
        outcome.recall_with_suggestion, outcome.rr_with_suggestion = outcome.recall, outcome.rr
        # The reader shown nothing useful follows a "Menade du …?" link (counted separately).
        if outcome.rr == 0 and answer.suggestion and answer.suggestion != query.text:
            followed = ask(client, answer.suggestion)
            outcome.suggestion_ranking = followed.ranking
            outcome.recall_with_suggestion = recall(followed.ranking, query.relevant)
            outcome.rr_with_suggestion = reciprocal_rank(followed.ranking, query.relevant)
        outcomes.append(outcome)
    return outcomes


def run_guards(client, guards: list[Query]) -> list[dict]:
    rows = []
    for guard in guards:
        answer = ask(client, guard.text)
        first = answer.ranking[0] if answer.ranking else None
        rows.append(
            {
                "query": guard.text,
                "why": guard.why,
                "first": first,
                "passed": first not in guard.not_first,
                "first_is_relevant": first in guard.relevant,
            }
        )
    return rows


def mean(values) -> float:
    values = list(values)
    return sum(values) / len(values) if values else 0.0


def summarise(outcomes: list[Outcome]) -> dict:
    return {
        "n": len(outcomes),
        "recall": mean(o.recall for o in outcomes),
        "mrr": mean(o.rr for o in outcomes),
        # The query's own words, without the correction the page shows when they find nothing.
        "recall_alone": mean(0.0 if o.corrected else o.recall for o in outcomes),
        "mrr_alone": mean(0.0 if o.corrected else o.rr for o in outcomes),
        "corrected": [o.query for o in outcomes if o.corrected],
        "corrections": [(o.query, o.corrected) for o in outcomes if o.corrected],
        "empty_pages": [o.query for o in outcomes if not o.ranking],
        "recall_dym": mean(o.recall_with_suggestion for o in outcomes),
        "mrr_dym": mean(o.rr_with_suggestion for o in outcomes),
        "no_hits": [o.query for o in outcomes if o.hits == 0],
        "missed": [o.query for o in outcomes if o.rr == 0],
        "missed_dym": [o.query for o in outcomes if o.rr_with_suggestion == 0],
        "suggested": sum(1 for o in outcomes if o.suggestion),
    }


def measure_backend(name: str, articles, queries, guards) -> dict:
    from django.core.cache import caches
    from django.test import Client
    from django.test.utils import override_settings

    from search import breaker as breakers

    with override_settings(WAGTAILSEARCH_BACKENDS=backend_settings(name)):
        print(f"{BACKENDS[name]}: indexerar {len(articles)} artiklar …", flush=True)
        seconds = index(len(articles))
        for alias in caches:  # nothing the other backend's run left behind may answer
            caches[alias].clear()
        breakers.reset()
        client = Client(HTTP_HOST="localhost")
        counted = engine_searches(INDEX_PREFIX) if name != "postgres" else None
        started = time.perf_counter()
        outcomes = run_queries(client, queries)
        guard_rows = run_guards(client, guards)
        elapsed = time.perf_counter() - started
        fallbacks, engine_counted = 0, None
        if name != "postgres":
            breaker = breakers.breaker_for("default")
            fallbacks = getattr(breaker, "failures_seen", 0) + getattr(breaker, "skips", 0)
            after = engine_searches(INDEX_PREFIX)
            if counted is not None and after is not None:
                engine_counted = after - counted
    return {
        "backend": name,
        "description": backend_description(name, ENGINE_URL),
        "index_seconds": seconds,
        "query_seconds": elapsed,
        "fallbacks": fallbacks,
        "engine_searches": engine_counted,
        "summary": summarise(outcomes),
        "by_category": {
            category: summarise([o for o in outcomes if o.category == category])
            for category in CATEGORIES
        },
        "outcomes": [asdict(o) for o in outcomes],
        "guards": guard_rows,
    }


# --- the report ------------------------------------------------------------------------------


def quoted(texts: list[str]) -> str:
    return ", ".join(f"`{text}`" for text in texts) if texts else "none"


def report(results: list[dict], articles, queries, guards) -> str:
    counts = Counter(query.category for query in queries)
    lines = [
        f"{len(articles)} articles written for this set (`bench/relevance/documents.toml`: "
        f"pre-school to upper secondary and adult education, "
        f"{len({article['author']['name'] for article in articles})} invented writers) and "
        f"{len(queries)} queries with the articles a teacher would want for each "
        f"(`bench/relevance/queries.toml`), plus {len(guards)} precision guards. Every query "
        f"is a GET of `/sok/?q=…` through Django's test client (view, facets, template), "
        f"the ranking read from the page: its first {TOP} results. recall@{TOP}: the share of "
        f"the relevant articles (at most {TOP}) among the first {TOP}, averaged over queries; "
        f"MRR: 1/rank of the first relevant result in the first {TOP}. A search whose own words "
        f"find nothing shows the articles of its correction at once and says so (”Inga träffar "
        f"för … Här visas träffarna för …”): those are what the reader sees, so they are its "
        f"ranking; *words alone* leaves them out. *After a link*: a query whose page shows "
        f"nothing relevant is credited with the results of the ”Menade du …?” link it offers, "
        f"if any. Revision `{git_revision()}`; per-query results "
        f"in `var/bench/relevance-results.json`.",
        "",
        "Backends: " + "; ".join(r["description"] for r in results if "description" in r) + ".",
        "",
        f"| backend | recall@{TOP} | MRR | words alone: recall@{TOP} / MRR | words finding "
        f"nothing (page shows the correction) | pages showing no article | nothing relevant in "
        f"the first {TOP} | after a link: recall@{TOP} / nothing relevant | precision guards "
        f"passed | target: recall@{TOP} ≥ {RECALL_TARGET}, every query finds a relevant "
        f"article |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for result in results:
        s = result["summary"]
        if result.get("skipped"):
            lines.append(
                f"| {BACKENDS[result['backend']]} | not measured: {result['skipped']} "
                "| | | | | | | | |"
            )
            continue
        passed = sum(row["passed"] for row in result["guards"])
        direct = s["recall"] >= RECALL_TARGET and not s["missed"]
        helped = s["recall_dym"] >= RECALL_TARGET and not s["missed_dym"]
        verdict = "met" if direct else ("met after a link" if helped else "not met")
        lines.append(
            f"| {BACKENDS[result['backend']]} | {s['recall']:.3f} | {s['mrr']:.3f} | "
            f"{s['recall_alone']:.3f} / {s['mrr_alone']:.3f} | {len(s['corrected'])} | "
            f"{len(s['empty_pages'])} | {len(s['missed'])} | "
            f"{s['recall_dym']:.3f} / {len(s['missed_dym'])} | "
            f"{passed}/{len(result['guards'])} | {verdict} |"
        )
    measured = [result for result in results if not result.get("skipped")]
    lines += [
        "",
        "Per category (recall@10 / MRR as the page shows it; after a link where it differs):",
        "",
        "| category | queries | " + " | ".join(BACKENDS[r["backend"]] for r in measured) + " |",
        "|---|---|" + "---|" * len(measured),
    ]
    for category in CATEGORIES:
        cells = []
        for result in measured:
            c = result["by_category"][category]
            cell = f"{c['recall']:.2f} / {c['mrr']:.2f}"
            if (c["recall_dym"], c["mrr_dym"]) != (c["recall"], c["mrr"]):
                cell += f" ({c['recall_dym']:.2f} / {c['mrr_dym']:.2f})"
            cells.append(cell)
        lines.append(
            f"| {CATEGORY_NAMES[category]} | {counts[category]} | " + " | ".join(cells) + " |"
        )
    for result in measured:
        s = result["summary"]
        name = BACKENDS[result["backend"]]
        failed_guards = [row for row in result["guards"] if not row["passed"]]
        lines += [
            "",
            f"**{name}** (index built in {result['index_seconds']:.1f} s; "
            f"{len(queries) + len(guards)} searches in {result['query_seconds']:.1f} s):",
            "",
            f"- words finding nothing, the page showing the correction instead: "
            f"{quoted([f'{o} → {c}' for o, c in s['corrections']])}",
            f"- pages showing no article: {quoted(s['empty_pages'])}",
            f"- nothing relevant in the first {TOP}: {quoted(s['missed'])}",
            f"- still nothing after a ”Menade du …?” link ({s['suggested']} pages offered one): "
            f"{quoted(s['missed_dym'])}",
            "- precision guards failed: "
            + (
                ", ".join(
                    f"`{row['query']}` → `{row['first']}` first ({row['why']})"
                    for row in failed_guards
                )
                if failed_guards
                else "none"
            ),
        ]
        if result.get("engine_searches") is not None:
            lines.append(
                f"- the OpenSearch node itself counted {result['engine_searches']} searches on "
                "these indexes during the run (a page may ask more than once: did-you-mean, a "
                "second page); 0 would mean PostgreSQL answered everything."
            )
        if result["fallbacks"]:
            lines.append(
                f"- OpenSearch did not answer {result['fallbacks']} searches within the reader "
                f"timeouts; PostgreSQL answered those, and they are in these figures."
            )
    return "\n".join(lines)


def print_details(result: dict) -> None:
    for outcome in result["outcomes"]:
        mark = "ok " if outcome["rr"] else ("dym" if outcome["rr_with_suggestion"] else "-- ")
        print(
            f"  {mark} {outcome['category']:<10} {outcome['query']!r:<38} recall "
            f"{outcome['recall']:.2f} rr {outcome['rr']:.2f} hits {outcome['hits']:>3} "
            f"{('→ ' + repr(outcome['corrected'] or outcome['suggestion'])) if outcome['corrected'] or outcome['suggestion'] else ''}"
        )
        if not outcome["rr"]:
            print(f"        first: {', '.join(outcome['ranking'][:3]) or '–'}")
    for row in result["guards"]:
        print(f"  {'ok ' if row['passed'] else '-- '} guard {row['query']!r}: first {row['first']}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("postgres", "opensearch", "both"), default="both")
    parser.add_argument(
        "--no-report", action="store_true", help="leave docs/benchmarks.md as it is"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="every query's outcome")
    arguments = parser.parse_args(argv)

    os.environ["PAGE_CACHE_SECONDS"] = "0"
    setup_django(DATABASE)
    from django.test.utils import override_settings, setup_test_environment

    articles, queries, guards = load_set()
    setup_test_environment()  # the test client then sees each response's template context
    with override_settings(
        # Plain static file names: the page renders without a collectstatic manifest.
        STORAGES={
            "default": {"BACKEND": "media_library.storage.MediaStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        # Caches of this process only, emptied between backends.
        CACHES={
            "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
            "pages": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": "pages",
            },
        },
    ):
        print(f"Laddar {len(articles)} artiklar i {DATABASE} …", flush=True)
        build_site(articles)
        chosen = ["postgres", "opensearch"] if arguments.backend == "both" else [arguments.backend]
        results = []
        for name in chosen:
            if name == "opensearch" and not engine_answers():
                results.append(
                    {"backend": name, "skipped": f"no engine at {ENGINE_URL}", "summary": {}}
                )
                print(f"OpenSearch: ingen motor svarar på {ENGINE_URL}", file=sys.stderr)
                continue
            result = measure_backend(name, articles, queries, guards)
            results.append(result)
            if arguments.verbose:
                print_details(result)
    text = report(results, articles, queries, guards)
    RESULTS_FILE.parent.mkdir(parents=True, exist_ok=True)
    RESULTS_FILE.write_text(json.dumps(results, ensure_ascii=False, indent=1, default=str))
    if not arguments.no_report:
        write_section("Swedish relevance", text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
