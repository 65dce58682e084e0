"""WordPress import at the size of the old site (issue 18): a generated export of 5,000 posts
(half Gutenberg, half classic editor, Swedish text, images, links between posts, categories
naming municipalities, school forms and themes) with 2,000 attachments (small generated images
in an uploads folder), imported by `manage.py import_wordpress` in a subprocess into an empty
site: wall time and the subprocess's peak memory (ru_maxrss), then the same command again
(everything unchanged) and the same with a tenth of the posts, to show whether memory grows
with the export. Run by `make bench-import` (part of `make bench`); writes docs/benchmarks.md.

BENCH_IMPORT_POSTS and BENCH_IMPORT_ATTACHMENTS change the size (defaults 5000 and 2000).
"""

import io
import os
import random
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from common import ROOT, git_revision, recreate_database, sentence, setup_django, write_section

POSTS = int(os.environ.get("BENCH_IMPORT_POSTS", 5000))
ATTACHMENTS = int(os.environ.get("BENCH_IMPORT_ATTACHMENTS", 2000))
DATABASE = "pedagogsajten_bench_import"
WORK = ROOT / "var" / "bench" / "wordpress"
SITE = "https://pedagogsajten.se"
MUNICIPALITIES = ["Helsingborg", "Bjuv", "Båstad", "Höganäs", "Klippan", "Landskrona"]
SCHOOL_FORMS = ["Förskola", "Grundskola F–3", "Grundskola 4–6", "Grundskola 7–9", "Fritidshem"]
THEMES = ["Språkutveckling", "Digitalisering", "Läslust", "Utomhuspedagogik", "Närvaro"]
TAGS = ["högläsning", "skogen", "bråk", "programmering", "källkritik", "odling"]


def cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def category(name: str, domain: str = "category") -> str:
    slug = name.lower().replace(" ", "-")
    return f'<category domain="{domain}" nicename="{slug}">{cdata(name)}</category>'


def item(post_id, title, content, post_type, status, date, creator, terms="", extra="", parent=0):
    name = f"{post_type}-{post_id}"
    return (
        f"<item><title>{cdata(title)}</title><link>{SITE}/{date[:4]}/{date[5:7]}/{name}/</link>"
        f'<dc:creator>{cdata(creator)}</dc:creator><guid isPermaLink="false">{SITE}/?p={post_id}</guid>'
        f"<content:encoded>{cdata(content)}</content:encoded><excerpt:encoded>{cdata('')}</excerpt:encoded>"
        f"<wp:post_id>{post_id}</wp:post_id><wp:post_date>{cdata(date)}</wp:post_date>"
        f"<wp:post_date_gmt>{cdata(date)}</wp:post_date_gmt><wp:post_modified_gmt>{cdata(date)}</wp:post_modified_gmt>"
        f"<wp:post_name>{cdata(name)}</wp:post_name><wp:status>{cdata(status)}</wp:status>"
        f"<wp:post_parent>{parent}</wp:post_parent><wp:post_type>{cdata(post_type)}</wp:post_type>"
        f"{terms}{extra}</item>\n"
    )


def generate(folder: Path, posts: int, attachments: int) -> Path:
    """The export and its uploads folder under `folder`; the export's path."""
    from PIL import Image

    rng = random.Random(18)
    uploads = folder / "uploads"
    shutil.rmtree(folder, ignore_errors=True)
    uploads.mkdir(parents=True)
    export = folder / "export.xml"
    first_attachment = posts + 1
    with export.open("w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0" '
            'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">'
            f"<channel><title>Pedagogsajten</title><link>{SITE}</link><wp:wxr_version>1.2</wp:wxr_version>"
            f"<wp:base_site_url>{SITE}</wp:base_site_url><wp:base_blog_url>{SITE}</wp:base_blog_url>\n"
        )
        for number in range(40):
            out.write(
                f"<wp:author><wp:author_id>{number}</wp:author_id><wp:author_login>{cdata(f'skribent{number}')}"
                f"</wp:author_login><wp:author_display_name>{cdata(f'Skribent Åberg {number}')}"
                "</wp:author_display_name></wp:author>\n"
            )
        for number in range(attachments):
            post_id = first_attachment + number
            path = f"{2015 + number % 10}/{1 + number % 12:02d}/bild-{number}.png"
            (uploads / path).parent.mkdir(parents=True, exist_ok=True)
            colour = (number * 37 % 256, number * 91 % 256, number * 53 % 256)
            Image.new("RGB", (120, 80), colour).save(uploads / path)
            meta = (
                f"<wp:attachment_url>{cdata(f'{SITE}/wp-content/uploads/{path}')}</wp:attachment_url>"
                f"<wp:postmeta><wp:meta_key>_wp_attached_file</wp:meta_key><wp:meta_value>{cdata(path)}</wp:meta_value></wp:postmeta>"
                f"<wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key><wp:meta_value>{cdata('Elever i arbete ' + str(number))}</wp:meta_value></wp:postmeta>"
            )
            parent = 1 + number * posts // max(attachments, 1)
            out.write(
                item(
                    post_id,
                    f"Bild {number}",
                    "",
                    "attachment",
                    "inherit",
                    "2019-05-14 07:30:00",
                    "skribent0",
                    extra=meta,
                    parent=parent,
                )
            )
        for post_id in range(1, posts + 1):
            date = f"{2014 + post_id % 11}-{1 + post_id % 12:02d}-{1 + post_id % 28:02d} 08:00:00"
            image = first_attachment + (post_id * attachments // posts) if attachments else None
            other = rng.randint(1, posts)
            paragraphs = [sentence(rng, rng.randint(15, 40)) for _ in range(rng.randint(4, 9))]
            link = f'Läs också <a href="{SITE}/?p={other}">ett annat exempel</a>.'
            if post_id % 2:
                blocks = [
                    f"<!-- wp:paragraph -->\n<p>{text}</p>\n<!-- /wp:paragraph -->"
                    for text in paragraphs
                ]
                blocks.insert(2, "<!-- wp:heading -->\n<h2>Så gjorde vi</h2>\n<!-- /wp:heading -->")
                blocks.append(f"<!-- wp:paragraph -->\n<p>{link}</p>\n<!-- /wp:paragraph -->")
                if image:
                    blocks.insert(
                        1,
                        f'<!-- wp:image {{"id":{image}}} -->\n<figure class="wp-block-image"><img src="{SITE}/wp-content/uploads/x.png" class="wp-image-{image}" alt=""/><figcaption>Bildtext</figcaption></figure>\n<!-- /wp:image -->',
                    )
                content = "\n\n".join(blocks)
            else:
                content = "\n\n".join(
                    paragraphs[:2] + ["<h3>Så gjorde vi</h3>"] + paragraphs[2:] + [link]
                )
                if image:
                    content += f'\n\n[caption id="attachment_{image}" width="300"]<img class="wp-image-{image}" src="x.png" alt="" /> Bildtext[/caption]'
            terms = (
                category(MUNICIPALITIES[post_id % len(MUNICIPALITIES)])
                + category(SCHOOL_FORMS[post_id % len(SCHOOL_FORMS)])
                + category(THEMES[post_id % len(THEMES)])
                + category(TAGS[post_id % len(TAGS)], "post_tag")
            )
            extra = (
                f"<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>{image}</wp:meta_value></wp:postmeta>"
                if image and post_id % 3 == 0
                else ""
            )
            status = "draft" if post_id % 25 == 0 else "publish"
            title = sentence(rng, rng.randint(3, 8)).rstrip(".")
            out.write(
                item(
                    post_id,
                    title,
                    content,
                    "post",
                    status,
                    date,
                    f"skribent{post_id % 40}",
                    terms,
                    extra,
                )
            )
        out.write("</channel></rss>\n")
    return export


def run_import(export: Path, media: Path, *extra: str) -> tuple[float, float, str]:
    """(seconds, peak MiB of the importing process, its output) for one run of the command."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pedagogsajten.settings.bench",
        "EMBEDDED_PG_DATABASE": DATABASE,
        "MEDIA_ROOT": str(media / "public"),
        "PRIVATE_MEDIA_ROOT": str(media / "private"),
    }
    command = [sys.executable, str(ROOT / "manage.py"), "import_wordpress", str(export),
               "--uploads", str(export.parent / "uploads"), *extra]  # fmt: skip
    started = time.perf_counter()
    # A fresh interpreter per run: ru_maxrss of RUSAGE_CHILDREN is the largest child so far, so
    # each run is measured in a child of its own (a grandchild of this process).
    probe = (
        "import resource, subprocess, sys; "
        "code = subprocess.run(sys.argv[1:]).returncode; "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); "
        "sys.exit(code)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, *command], env=env, capture_output=True, text=True, cwd=ROOT
    )
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        print(result.stdout[-3000:], result.stderr[-3000:], file=sys.stderr)
        raise SystemExit(f"import_wordpress avslutades med {result.returncode}")
    peak_kib = int(result.stderr.strip().splitlines()[-1])
    return seconds, peak_kib / 1024, result.stdout


def fresh_site() -> None:
    from django.core.management import call_command
    from django.db import connections

    recreate_database()
    connections.close_all()
    call_command("migrate", verbosity=0)
    call_command("setup_site", verbosity=0)
    connections.close_all()


def summary_line(output: str) -> str:
    """The summary table's rows: imported and failed per kind."""
    rows = re.findall(
        r"^(Inlägg|Sidor|Filer|Skribenter)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*$", output, re.M
    )
    return "; ".join(f"{kind}: {new} nya, {failed} misslyckade" for kind, new, _, _, failed in rows)


def main() -> int:
    os.environ["EMBEDDED_PG_DATABASE"] = DATABASE
    setup_django(DATABASE)
    rows = []
    for posts, attachments in ((POSTS // 10, ATTACHMENTS // 10), (POSTS, ATTACHMENTS)):
        folder = WORK / f"{posts}"
        started = time.perf_counter()
        export = generate(folder, posts, attachments)
        generated = time.perf_counter() - started
        size_mb = export.stat().st_size / 1024 / 1024
        fresh_site()
        media = folder / "media"
        first = run_import(export, media)
        again = run_import(export, media)
        print(f"{posts} posts: {first[0]:.1f} s, {first[1]:.0f} MiB; again {again[0]:.1f} s")
        rows.append((posts, attachments, size_mb, generated, first, again))
    body = io.StringIO()
    body.write(
        f"Revision `{git_revision()}`. `manage.py import_wordpress` in a subprocess of its own into an "
        "empty site (`setup_site`) on the embedded PostgreSQL, database backend for search; the export "
        "generated by `bench/import_bench.py` (posts half Gutenberg, half classic, 4–9 Swedish paragraphs, "
        "a heading, a link to another post, an image in posts that have one, every 25th a draft; "
        "attachments 120×80 PNG files). *Peak* is the importing process's maximum resident memory "
        "(`ru_maxrss`); *again* is the same command a second time, when everything is unchanged.\n\n"
        "| posts | attachments | export | import | posts/s | peak memory | again | result of the first run |\n"
        "|---:|---:|---:|---:|---:|---:|---:|---|\n"
    )
    for posts, attachments, size_mb, _generated, first, again in rows:
        body.write(
            f"| {posts:,} | {attachments:,} | {size_mb:.1f} MB | {first[0]:.1f} s | {posts / first[0]:.0f} "
            f"| {first[1]:.0f} MiB | {again[0]:.1f} s | {summary_line(first[2])} |\n"
        )
    write_section("WordPress import", body.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
