"""E-mail subscriptions (issue 17): what publishing costs the editor's request with 5,000
subscribers, and how many e-mails a second one worker sends to a local SMTP server.

In its own database (pedagogsajten_bench_subscriptions, written anew each run): one municipality,
5,000 confirmed subscribers of the whole site (each gets every announcement), then
- publishing: N articles published as an editor does (a revision, `publish()`), each timed to its
  return, with the announcement queued (one row and one task) and, for comparison, with
  announcements off; nothing is sent in the request;
- sending: a real `manage.py db_worker --backend background --batch` process runs one article's
  fan-out and sends its 5,000 e-mails over SMTP to an aiosmtpd sink on 127.0.0.1, which counts
  them; e-mails per second = 5,000 / the worker's wall time (from its start to its exit, so
  Django's start-up is included).
Run by `make bench-subscriptions`; writes its section of docs/benchmarks.md.
"""

import os
import socket
import statistics
import subprocess
import sys
import threading
import time

from common import ROOT, git_revision, recreate_database, setup_django, write_section

DATABASE = "pedagogsajten_bench_subscriptions"
SUBSCRIBERS = int(os.environ.get("BENCH_SUBSCRIBERS", 5_000))
PUBLICATIONS = 10


class CountingHandler:
    def __init__(self):
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        with self.lock:
            self.count += 1
        return "250 OK"


def build_site():
    from django.core.management import call_command
    from django.utils import timezone

    from home.factories import home_page
    from municipalities.factories import MunicipalityPageFactory
    from subscriptions.models import Frequency, Subscriber

    call_command("migrate", verbosity=0)
    home = home_page()
    section = MunicipalityPageFactory(parent=home, title="Landskrona", slug="landskrona")
    now = timezone.now()
    Subscriber.objects.bulk_create(
        [
            Subscriber(
                email=f"lasare{number:05d}@exempel.se",
                frequency=Frequency.IMMEDIATE,
                whole_site=True,
                created_at=now,
                confirmed_at=now,
            )
            for number in range(SUBSCRIBERS)
        ],
        batch_size=1000,
    )
    return section


def time_publications(section, *, announce: bool) -> list[float]:
    from django.test.utils import override_settings

    from blog.factories import ArticlePageFactory

    seconds = []
    with override_settings(SUBSCRIPTIONS_ANNOUNCE=announce):
        for number in range(PUBLICATIONS):
            page = ArticlePageFactory(
                parent=section,
                title=f"Artikel {number} {'med' if announce else 'utan'} kungörelse",
                slug=f"artikel-{number}-{'med' if announce else 'utan'}",
                live=False,
            )
            revision = page.save_revision()
            started = time.perf_counter()
            revision.publish()
            seconds.append(time.perf_counter() - started)
    return seconds


def run_workers(count: int, port: int) -> float | None:
    """Seconds from starting `count` worker processes (`--batch`) to the last one's exit."""
    command = [
        sys.executable,
        "manage.py",
        "db_worker",
        "--backend",
        "background",
        "--batch",
        "--no-reload",
        "--no-startup-delay",
        "--verbosity",
        "0",
    ]
    environment = os.environ | {
        "DJANGO_SETTINGS_MODULE": "pedagogsajten.settings.bench",
        "EMBEDDED_PG_DATABASE": DATABASE,
        "BENCH_SMTP_PORT": str(port),
    }
    started = time.perf_counter()
    workers = [
        subprocess.Popen(command, cwd=ROOT, env=environment, stderr=subprocess.PIPE, text=True)
        for _ in range(count)
    ]
    failed = False
    for worker in workers:
        if worker.wait() != 0:
            print(worker.stderr.read())
            failed = True
    elapsed = time.perf_counter() - started
    return None if failed else elapsed


def main() -> int:
    from aiosmtpd.controller import Controller

    setup_django(DATABASE)
    load = os.getloadavg()[0]
    recreate_database()
    from django.db import connections

    connections.close_all()
    section = build_site()
    from django_tasks_db.models import DBTaskResult

    without = time_publications(section, announce=False)
    with_announcement = time_publications(section, announce=True)
    announcements = DBTaskResult.objects.filter(task_path="subscriptions.tasks.announce")
    queued = announcements.count()
    # Send one publication's e-mails: the other announcements are dropped unsent.
    keep = announcements.order_by("-enqueued_at").first()
    announcements.exclude(pk=keep.pk).delete()
    connections.close_all()

    handler = CountingHandler()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        elapsed = run_workers(1, port)
        one_worker = handler.count
        # The same 5,000 e-mails again, now shared by two workers (SKIP LOCKED): each worker
        # queues the pending ones when it starts (subscriptions.tasks.resume).
        from subscriptions.models import Delivery

        Delivery.objects.update(status=Delivery.Status.PENDING, finished_at=None)
        connections.close_all()
        handler.count = 0
        elapsed_two = run_workers(2, port)
        two_workers = handler.count
    finally:
        controller.stop()
    if elapsed is None or elapsed_two is None:
        return 1
    sent = Delivery.objects.filter(status=Delivery.Status.SENT).count()
    if one_worker != SUBSCRIBERS or two_workers != SUBSCRIBERS or sent != SUBSCRIBERS:
        print(f"Expected {SUBSCRIBERS} e-mails, the sink got {one_worker} and {two_workers}.")
        return 1

    def ms(values):
        return f"{statistics.median(values) * 1000:.0f} ms (max {max(values) * 1000:.0f} ms)"

    rate = SUBSCRIBERS / elapsed
    rate_two = SUBSCRIBERS / elapsed_two
    write_section(
        "E-mail subscriptions",
        "\n".join(
            [
                f"Revision `{git_revision()}`. {SUBSCRIBERS:,} confirmed subscribers of the whole "
                f"site; {PUBLICATIONS} articles published each way, timed from `publish()` to its "
                "return (median, max); then one `db_worker --batch` process sends one "
                "publication's e-mails over SMTP to an aiosmtpd sink on 127.0.0.1 (which takes "
                "about 800 e-mails a second from one client), and two such processes the same "
                "e-mails again. Load average when it started: "
                f"{load:.1f} on {os.cpu_count()} cores (other work on the machine slows the "
                "figures down; on a shared machine compare runs with similar load).",
                "",
                "| measure | result |",
                "|---|---|",
                f"| publishing, announcements off | {ms(without)} |",
                f"| publishing, announcement queued for {SUBSCRIBERS:,} subscribers | "
                f"{ms(with_announcement)} |",
                f"| announcement tasks queued by {PUBLICATIONS} publications | {queued} |",
                f"| worker: fan-out and {SUBSCRIBERS:,} e-mails, start to exit | {elapsed:.1f} s |",
                f"| e-mails per second (one worker) | {rate:.0f} |",
                f"| the same {SUBSCRIBERS:,} e-mails by two workers, start to exit | "
                f"{elapsed_two:.1f} s ({rate_two:.0f} per second) |",
                "",
                "Publishing does not depend on the number of subscribers: the request writes one "
                "announcement row and one task row; the fan-out and every e-mail happen in the "
                "worker. Per e-mail the worker renders the text and HTML templates, builds the "
                "MIME message, talks SMTP and runs one transaction (lock the row, send, mark it "
                "sent): CPU work in Python, so a second worker helps only where a core is free; "
                "workers share the rows (`SKIP LOCKED`).",
            ]
        ),
    )
    print(f"publish {ms(with_announcement)}; {rate:.0f} e-mails/s, two workers {rate_two:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
