"""E-mail subscriptions (/prenumerera/): double opt-in, unsubscribing by the mail program's one-click
header and by the link, changing one's choices, the weekly digest, nothing sent for drafts or
private pages, each e-mail once across a worker killed in the middle (a real `db_worker` process),
retention of unconfirmed addresses, the counts in Statistik, and the feeds readable in a browser."""

import datetime
import email
import io
import os
import re
import signal
import smtplib
import subprocess
import sys
import time
import types
from email import policy
from pathlib import Path
from unittest import mock

import pytest
from django.core import mail, signing
from django.core.cache import cache
from django.core.mail.backends import locmem
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult
from wagtail.models import Page, PageViewRestriction

from blog.factories import ArticlePageFactory, SchoolFormFactory, ThemeFactory
from calendar_events.factories import EventPageFactory
from core import retention
from insights.reports.registry import REPORTS_BY_SLUG
from municipalities.factories import MunicipalityPageFactory
from subscriptions import tasks, tokens
from subscriptions.models import Delivery, Frequency, Subscriber
from tests.editorial import build_editorial_site
from tests.factories import baseline, publish
from tests.servers import database_url

ROOT = Path(__file__).resolve().parent.parent


# Helpers ---------------------------------------------------------------------------------------


def run_worker_in_process(monkeypatch=None):
    """django-tasks-db's worker in this process until no task is left (the test's transaction
    stays open: the worker's check for stale connections would close it)."""
    if monkeypatch is not None:
        monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    db_worker.Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name=tasks.BACKEND,
        startup_delay=False,
        max_tasks=None,
        worker_id="test",
        excluded_queue_names=[],
    ).run()


@pytest.fixture
def work(monkeypatch):
    return lambda: run_worker_in_process(monkeypatch)


def subscriber(email_address="lärare@exempel.se", *, confirmed=True, **choices):
    frequency = choices.pop("frequency", Frequency.IMMEDIATE)
    municipalities = choices.pop("municipalities", [])
    school_forms = choices.pop("school_forms", [])
    themes = choices.pop("themes", [])
    row = Subscriber.objects.create(
        email=email_address,
        frequency=frequency,
        confirmed_at=timezone.now() if confirmed else None,
        **choices,
    )
    row.municipalities.set(municipalities)
    row.school_forms.set(school_forms)
    row.themes.set(themes)
    return row


def article_in(municipality, title="Utomhuspedagogik i ettan", **kwargs):
    """A published article, published as an editor does (a revision), so the signal fires."""
    page = ArticlePageFactory(
        parent=municipality,
        title=title,
        slug=kwargs.pop("slug", re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")),
        summary=kwargs.pop("summary", f"Sammanfattning av {title}."),
        live=False,
        **kwargs,
    )
    return publish(page)


def mails_to(address):
    return [message for message in mail.outbox if message.to == [address]]


def path_of(url):
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def links_of(message):
    return {
        "confirm": re.search(r"(https?://\S+/prenumerera/bekrafta/\S+/)", message.body),
        "manage": re.search(r"(https?://\S+/prenumerera/andra/\S+/)", message.body),
        "unsubscribe": re.search(r"(https?://\S+/prenumerera/avsluta/\S+/)", message.body),
    }


def form_data(email_address, **choices):
    data = {"email": email_address, "frequency": choices.pop("frequency", Frequency.IMMEDIATE)}
    data.update(choices)
    return data


@pytest.fixture
def landskrona(home):
    return MunicipalityPageFactory(parent=home, title="Landskrona", slug="landskrona")


@pytest.fixture
def bjuv(home):
    return MunicipalityPageFactory(parent=home, title="Bjuv", slug="bjuv")


# Double opt-in ---------------------------------------------------------------------------------


def test_an_address_gets_mail_only_after_confirming_by_the_link(client, landskrona, work):
    response = client.post(
        reverse("subscriptions:subscribe"),
        form_data("Anna.Larsson@Exempel.se", municipalities=[landskrona.pk]),
    )
    assert response.status_code == 200
    assert "Titta i din e-post" in response.content.decode()
    assert not response.cookies  # readers get no cookies, not even a CSRF one

    # The confirmation is sent by the worker, not by the request.
    assert mail.outbox == []
    work()
    [confirmation] = mails_to("anna.larsson@exempel.se")
    assert confirmation.subject == "Bekräfta din prenumeration på Pedagogsajten"
    confirm_url = links_of(confirmation)["confirm"].group(1)

    # Unconfirmed: a publication is not sent to it.
    article_in(landskrona, "Före bekräftelsen")
    work()
    assert len(mails_to("anna.larsson@exempel.se")) == 1

    # The link shows a button (a link scanner's GET confirms nothing); the button confirms.
    page = client.get(path_of(confirm_url))
    assert page.status_code == 200
    assert "Bekräfta prenumerationen" in page.content.decode()
    assert Subscriber.objects.get().confirmed_at is None
    done = client.post(path_of(confirm_url))
    assert "Prenumerationen är bekräftad" in done.content.decode()
    assert Subscriber.objects.get().confirmed_at is not None

    article = article_in(landskrona, "Efter bekräftelsen", slug="efter-bekraftelsen")
    work()
    news = mails_to("anna.larsson@exempel.se")[-1]
    assert news.subject == "Ny artikel på Pedagogsajten: Efter bekräftelsen"
    assert "Sammanfattning av Efter bekräftelsen." in news.body
    assert f"Läs artikeln: {article.full_url}" in news.body
    assert article.full_url.endswith("/landskrona/efter-bekraftelsen/")


def test_a_tampered_or_expired_confirmation_link_says_why_in_swedish(
    client, landskrona, monkeypatch
):
    row = subscriber(confirmed=False, whole_site=True)
    token = tokens.confirmation_token(row)

    tampered = client.get(reverse("subscriptions:confirm", args=[token[:-2] + "xx"]))
    assert tampered.status_code == 400
    assert "Länken fungerar inte" in tampered.content.decode()
    garbage = client.post(reverse("subscriptions:confirm", args=["inte-en-länk"]))
    assert garbage.status_code == 400

    four_days_later = time.time() + 4 * 24 * 3600
    monkeypatch.setattr(signing, "time", types.SimpleNamespace(time=lambda: four_days_later))
    expired = client.post(reverse("subscriptions:confirm", args=[token]))
    assert expired.status_code == 400
    assert "Länken har slutat gälla" in expired.content.decode()
    row.refresh_from_db()
    assert row.confirmed_at is None


def test_the_form_does_not_tell_whether_an_address_already_subscribes(client, landskrona, work):
    existing = subscriber("finns@exempel.se", municipalities=[landskrona])
    new = client.post(
        reverse("subscriptions:subscribe"), form_data("ny@exempel.se", whole_site="on")
    )
    again = client.post(
        reverse("subscriptions:subscribe"), form_data("finns@exempel.se", whole_site="on")
    )
    assert new.status_code == again.status_code == 200
    assert new.content == again.content

    work()
    assert mails_to("ny@exempel.se")[0].subject.startswith("Bekräfta")
    [notice] = mails_to("finns@exempel.se")
    assert notice.subject == "Du prenumererar redan på Pedagogsajten"
    # A stranger who types someone's address changes nothing of theirs.
    existing.refresh_from_db()
    assert not existing.whole_site
    assert list(existing.municipalities.all()) == [landskrona]

    # Sending the form again at once sends no second e-mail: it cannot flood an inbox.
    client.post(reverse("subscriptions:subscribe"), form_data("finns@exempel.se", whole_site="on"))
    work()
    assert len(mails_to("finns@exempel.se")) == 1


def test_the_form_explains_mistakes_and_is_rate_limited(client, settings, landskrona):
    nothing_chosen = client.post(reverse("subscriptions:subscribe"), form_data("a@exempel.se"))
    assert nothing_chosen.status_code == 400
    assert "Välj vad du vill följa" in nothing_chosen.content.decode()
    bad_address = client.post(
        reverse("subscriptions:subscribe"), form_data("inte-en-adress", whole_site="on")
    )
    assert "Skriv en hel e-postadress" in bad_address.content.decode()

    cache.clear()  # the two refused forms above counted too
    settings.SUBSCRIBE_LIMIT_PER_ADDRESS = 3
    statuses = [
        client.post(
            reverse("subscriptions:subscribe"), form_data(f"x{n}@exempel.se", whole_site="on")
        ).status_code
        for n in range(4)
    ]
    assert statuses == [200, 200, 200, 429]
    assert Subscriber.objects.filter(email="x3@exempel.se").count() == 0

    cross_site = client.post(
        reverse("subscriptions:subscribe"),
        form_data("y@exempel.se", whole_site="on"),
        HTTP_ORIGIN="https://annan.example",
    )
    assert cross_site.status_code == 403


# Unsubscribing and changing choices ------------------------------------------------------------


def test_the_mail_programs_one_click_unsubscribes_without_login_or_csrf(landskrona, work):
    subscriber("lasare@exempel.se", whole_site=True)
    article_in(landskrona)
    work()
    [news] = mails_to("lasare@exempel.se")
    assert news.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe_url = news.extra_headers["List-Unsubscribe"].strip("<>")
    assert unsubscribe_url.startswith("http") and "/prenumerera/avsluta/" in unsubscribe_url
    html, mimetype = news.alternatives[0]
    assert mimetype == "text/html" and '<html lang="sv">' in html and unsubscribe_url in html

    # RFC 8058: the mail provider POSTs this body to the address, with no cookie and no token.
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        path_of(unsubscribe_url),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not Subscriber.objects.filter(email="lasare@exempel.se").exists()

    article_in(landskrona, "Efter avslutet")
    work()
    assert len(mails_to("lasare@exempel.se")) == 1


def test_the_link_in_the_mail_asks_first_then_unsubscribes(client, landskrona, work):
    subscriber("lasare@exempel.se", whole_site=True)
    article_in(landskrona)
    work()
    unsubscribe = path_of(links_of(mails_to("lasare@exempel.se")[0])["unsubscribe"].group(1))
    page = client.get(unsubscribe)
    assert "Vill du sluta få e-post" in page.content.decode()
    assert Subscriber.objects.exists()  # a GET (a link scanner) unsubscribes nobody
    done = client.post(unsubscribe)
    assert "Prenumerationen är avslutad" in done.content.decode()
    assert not Subscriber.objects.exists()
    # The same link again: already done, not an error.
    assert client.post(unsubscribe).status_code == 200


def test_the_link_in_the_mail_changes_the_choices(client, landskrona, bjuv, work):
    subscriber("lasare@exempel.se", municipalities=[landskrona])
    article_in(landskrona)
    work()
    manage = path_of(links_of(mails_to("lasare@exempel.se")[0])["manage"].group(1))
    form = client.get(manage).content.decode()
    assert f'value="{landskrona.pk}"' in form and "checked" in form

    saved = client.post(manage, {"municipalities": [bjuv.pk], "frequency": Frequency.IMMEDIATE})
    assert "Dina val är sparade" in saved.content.decode()

    article_in(landskrona, "Landskrona igen")
    article_in(bjuv, "Nytt från Bjuv")
    work()
    subjects = [message.subject for message in mails_to("lasare@exempel.se")]
    assert subjects[1:] == ["Ny artikel på Pedagogsajten: Nytt från Bjuv"]

    assert client.get(reverse("subscriptions:manage", args=["fel"])).status_code == 400


# What is sent ----------------------------------------------------------------------------------


def test_followers_get_a_publication_by_their_choices_and_once(landskrona, bjuv, work):
    forskola = SchoolFormFactory(slug="forskola", name="Förskola")
    digital = ThemeFactory(slug="digitalisering", name="Digitalisering")
    subscriber("hela@exempel.se", whole_site=True)
    subscriber("kommun@exempel.se", municipalities=[landskrona])
    subscriber("skolform@exempel.se", school_forms=[forskola])
    subscriber("tema@exempel.se", themes=[digital])
    subscriber("annan@exempel.se", municipalities=[bjuv])
    subscriber("vecka@exempel.se", whole_site=True, frequency=Frequency.WEEKLY)

    article = article_in(landskrona, "Lärplattor i förskolan", school_forms=[forskola])
    work()
    got = sorted(message.to[0] for message in mail.outbox)
    assert got == ["hela@exempel.se", "kommun@exempel.se", "skolform@exempel.se"]

    # Republishing an edited article announces nothing again.
    article.themes.set([digital])
    publish(article)
    work()
    assert len(mail.outbox) == 3


def test_an_event_reaches_followers_of_its_municipality_and_school_forms(landskrona, bjuv, work):
    forskola = SchoolFormFactory(slug="forskola", name="Förskola")
    subscriber("kommun@exempel.se", municipalities=[landskrona])
    subscriber("skolform@exempel.se", school_forms=[forskola])
    subscriber("annan@exempel.se", municipalities=[bjuv])
    event = EventPageFactory(
        parent=landskrona,
        title="Nätverksträff för förskollärare",
        slug="natverkstraff",
        kind="natverkstraff",
        live=False,
    )
    event.school_forms.set([forskola])
    publish(event)
    work()

    got = sorted(message.to[0] for message in mail.outbox)
    assert got == ["kommun@exempel.se", "skolform@exempel.se"]
    body = mail.outbox[0].body
    assert "Nätverksträff för förskollärare" in body and "Aulan, Testskolan" in body
    assert "Läs mer och anmäl dig:" in body


def test_nothing_is_sent_for_drafts_or_private_pages(landskrona, home, work):
    subscriber("hela@exempel.se", whole_site=True)
    draft = ArticlePageFactory(parent=landskrona, title="Ett utkast", slug="ett-utkast", live=False)
    draft.save_revision()

    private = ArticlePageFactory(parent=landskrona, title="Internt", slug="internt", live=False)
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="hemligt"
    )
    publish(private)

    closed_section = MunicipalityPageFactory(parent=home, title="Stängd", slug="stangd")
    PageViewRestriction.objects.create(
        page=closed_section, restriction_type=PageViewRestriction.LOGIN
    )
    publish(ArticlePageFactory(parent=closed_section, title="Bakom", slug="bakom", live=False))

    # Published, but unpublished again before the worker came to it.
    gone = article_in(landskrona, "Borta igen")
    gone.unpublish()

    work()
    assert mail.outbox == []
    assert not Delivery.objects.exists()


def test_the_weekly_digest_groups_the_weeks_articles_per_subscriber(landskrona, bjuv, work):
    forskola = SchoolFormFactory(slug="forskola", name="Förskola")
    subscriber("hela@exempel.se", whole_site=True, frequency=Frequency.WEEKLY)
    subscriber("landskrona@exempel.se", municipalities=[landskrona], frequency=Frequency.WEEKLY)
    subscriber("forskola@exempel.se", school_forms=[forskola], frequency=Frequency.WEEKLY)
    subscriber("direkt@exempel.se", whole_site=True)

    monday = datetime.date(2026, 4, 6)
    in_week = [
        (article_in(landskrona, "Måndagens artikel"), monday),
        (article_in(bjuv, "Bjuvs artikel"), monday + datetime.timedelta(days=3)),
        (article_in(landskrona, "Söndagens artikel"), monday + datetime.timedelta(days=6)),
    ]
    outside = article_in(landskrona, "Veckan efter")
    for article, day in [*in_week, (outside, monday + datetime.timedelta(days=7))]:
        moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
        Page.objects.filter(pk=article.pk).update(first_published_at=moment)
    work()  # the "direkt" subscriber's four announcements
    mail.outbox.clear()

    call_command("send_weekly_digest", "--week", "2026-15", stdout=io.StringIO())
    work()
    by_address = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_address) == ["hela@exempel.se", "landskrona@exempel.se"]
    everything = by_address["hela@exempel.se"]
    assert everything.subject == "Veckobrev från Pedagogsajten, vecka 15: 3 nya artiklar"
    titles = re.findall(r"^(.+) \((?:Landskrona|Bjuv)\)$", everything.body, re.MULTILINE)
    assert titles == ["Måndagens artikel", "Bjuvs artikel", "Söndagens artikel"]
    local = by_address["landskrona@exempel.se"]
    assert "Bjuvs artikel" not in local.body and "Veckan efter" not in local.body
    assert "2 nya artiklar" in local.subject

    # Queued again (cron ran twice): nobody gets the week twice.
    call_command("send_weekly_digest", "--week", "2026-15", stdout=io.StringIO())
    work()
    assert len(mail.outbox) == 2


def test_an_unreachable_mail_server_keeps_the_mail_and_tries_again_later(
    landskrona, work, monkeypatch
):
    subscriber("lasare@exempel.se", whole_site=True)
    article_in(landskrona)
    down = smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
    monkeypatch.setattr(locmem.EmailBackend, "send_messages", mock.Mock(side_effect=down))
    work()
    assert mail.outbox == []
    assert Delivery.objects.get().status == Delivery.Status.PENDING
    retry = DBTaskResult.objects.get(task_path="subscriptions.tasks.send_pending", status="READY")
    assert retry.run_after > timezone.now() + datetime.timedelta(minutes=4)

    monkeypatch.undo()
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    work()
    assert [message.to for message in mail.outbox] == [["lasare@exempel.se"]]
    assert Delivery.objects.get().status == Delivery.Status.SENT


# Retention and statistics ----------------------------------------------------------------------


def test_unconfirmed_addresses_are_deleted_after_the_period(db, settings):
    settings.RETENTION_UNCONFIRMED_SUBSCRIBER_DAYS = 3
    long_ago = timezone.now() - datetime.timedelta(days=4)
    old = subscriber("gammal@exempel.se", confirmed=False, whole_site=True)
    Subscriber.objects.filter(pk=old.pk).update(created_at=long_ago)
    confirmed = subscriber("bekraftad@exempel.se", whole_site=True)
    Subscriber.objects.filter(pk=confirmed.pk).update(created_at=long_ago)
    subscriber("ny@exempel.se", confirmed=False, whole_site=True)

    out = io.StringIO()
    call_command("apply_retention", stdout=out)
    assert sorted(Subscriber.objects.values_list("email", flat=True)) == [
        "bekraftad@exempel.se",
        "ny@exempel.se",
    ]
    assert "RETENTION_UNCONFIRMED_SUBSCRIBER_DAYS" in {rule.setting for rule in retention.rules()}


def test_statistics_show_counts_per_choice_and_a_contact_person_only_their_own(client, db):
    site = build_editorial_site()
    forskola = SchoolFormFactory(slug="forskola", name="Förskola")
    subscriber("a@exempel.se", whole_site=True)
    subscriber("b@exempel.se", municipalities=[site.helsingborg], frequency=Frequency.WEEKLY)
    subscriber(
        "c@exempel.se", municipalities=[site.helsingborg, site.bjuv], school_forms=[forskola]
    )
    subscriber("d@exempel.se", confirmed=False, municipalities=[site.helsingborg])
    url = reverse("insights_admin:report", args=["prenumeranter"])

    client.force_login(site.chief)
    html = client.get(url).content.decode()
    rows = REPORTS_BY_SLUG["prenumeranter"].build(None, [site.bjuv, site.helsingborg]).rows
    counts = {row["choice"]: (row["immediate"], row["weekly"]) for row in rows}
    assert counts["Hela sajten"] == (1, 0)
    assert counts["Helsingborg"] == (1, 1)  # the unconfirmed one is not counted
    assert counts["Bjuv"] == (1, 0)
    assert counts["Förskola"] == (1, 0)
    assert "Prenumeranter per val" in html and "@exempel.se" not in html

    client.force_login(site.contact)  # Kontaktperson – Helsingborg
    own = client.get(url).content.decode()
    assert "Helsingborg" in own and "Hela sajten" not in own and "Förskola" not in own
    assert "@exempel.se" not in own
    assert client.get(url + f"?kommun={site.bjuv.pk}").status_code in (302, 403)

    client.force_login(site.contributor)
    assert client.get(url).status_code in (302, 403)


# A real worker killed in the middle ------------------------------------------------------------


def start_worker(mail_dir: Path, *extra: str, **environment: str) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--backend",
            tasks.BACKEND,
            "--no-reload",
            "--no-startup-delay",
            "--interval",
            "0.1",
            *extra,
        ],
        cwd=ROOT,
        env=os.environ
        | {
            "DJANGO_SETTINGS_MODULE": "tests.worker_settings",
            "DATABASE_URL": database_url(),
            "TEST_MAIL_DIR": str(mail_dir),
        }
        | environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def wait_for(path: Path, process: subprocess.Popen, seconds=90):
    deadline = time.monotonic() + seconds
    while not path.exists():
        if process.poll() is not None:
            raise AssertionError(process.stderr.read().decode())
        assert time.monotonic() < deadline, "the worker never got there"
        time.sleep(0.05)


def received(mail_dir: Path) -> dict[str, list]:
    """{recipient: [message, …]} of what the sink holds."""
    by_recipient: dict[str, list] = {}
    for path in sorted(mail_dir.glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        by_recipient.setdefault(message["To"], []).append(message)
    return by_recipient


@pytest.fixture
def committed_site(transactional_db):
    home = baseline()
    landskrona = MunicipalityPageFactory(parent=home, title="Landskrona", slug="landskrona")
    addresses = [f"larare{n:02d}@exempel.se" for n in range(40)]
    for address in addresses:
        subscriber(address, whole_site=True)
    return landskrona, addresses


@pytest.mark.parametrize("where", ["before_send", "after_send"])
def test_each_mail_is_sent_once_across_a_killed_worker(committed_site, tmp_path, where):
    """A worker is killed (SIGKILL: no clean shutdown) while sending the 15th of 40 e-mails;
    another is started. Killed before the mail left, every reader gets exactly one. Killed in
    the window after the SMTP server took the mail and before it was recorded, that one reader
    gets it twice, with the same Message-ID (the at-least-once choice, tasks.py) and nobody
    gets none."""
    landskrona, addresses = committed_site
    # Small tasks, so the first worker has queued several when it dies.
    tasks_env = {"TEST_SUBSCRIPTION_BATCH_SIZE": "10"}
    article_in(landskrona, "Nytt från Landskrona")
    assert DBTaskResult.objects.filter(task_path="subscriptions.tasks.announce").count() == 1

    paused = tmp_path / "paused"
    first = start_worker(tmp_path, TEST_MAIL_PAUSE_AT="15", TEST_MAIL_PAUSE=where, **tasks_env)
    try:
        wait_for(paused, first)
        first.send_signal(signal.SIGKILL)
        first.wait(30)
    finally:
        if first.poll() is None:
            first.kill()
    sent_before = sum(len(messages) for messages in received(tmp_path).values())
    assert sent_before == (14 if where == "before_send" else 15)
    assert Delivery.objects.filter(status=Delivery.Status.PENDING).count() == 40 - 14

    second = start_worker(tmp_path, "--batch", **tasks_env)
    assert second.wait(120) == 0, second.stderr.read().decode()

    got = received(tmp_path)
    assert sorted(got) == sorted(addresses)
    counts = {address: len(messages) for address, messages in got.items()}
    if where == "before_send":
        assert set(counts.values()) == {1}
    else:
        twice = [address for address, count in counts.items() if count == 2]
        assert len(twice) == 1 and set(counts.values()) == {1, 2}
        first_copy, second_copy = got[twice[0]]
        assert first_copy["Message-ID"] == second_copy["Message-ID"]
    assert Delivery.objects.filter(status=Delivery.Status.SENT).count() == 40


# Feeds in a browser ----------------------------------------------------------------------------


def test_every_feed_names_the_swedish_stylesheet_from_our_own_origin(client, landskrona):
    article_in(landskrona)
    for url in ["/flode/rss/", "/flode/atom/", "/flode/kommun/landskrona/rss/"]:
        feed = client.get(url)
        # Browsers show application/rss+xml as text and would never apply the stylesheet.
        assert feed["Content-Type"] == "application/xml; charset=utf-8"
        first_lines = feed.content.decode().split("\n")[:2]
        assert first_lines[0] == '<?xml version="1.0" encoding="utf-8"?>'
        assert first_lines[1].startswith(
            '<?xml-stylesheet href="/flode/stil.xsl" media="screen" type="text/xsl"?>'
        )
    stylesheet = client.get("/flode/stil.xsl")
    assert stylesheet.status_code == 200
    assert stylesheet["Content-Type"].startswith("text/xsl")
    text = stylesheet.content.decode()
    assert text.startswith("<?xml") and "Vad är det här?" in text and "/static/css/site.css" in text
    # The public policy lets a browser load it ('self') and the page it makes link our stylesheet.
    assert "script-src 'self'" in client.get("/flode/rss/")["Content-Security-Policy"]


def test_the_feed_list_names_every_feed(client, landskrona):
    SchoolFormFactory(slug="forskola", name="Förskola")
    html = client.get(reverse("blog:feeds")).content.decode()
    assert "Följ Pedagogsajten med RSS" in html
    assert "/flode/kommun/landskrona/rss/" in html and "/flode/skolform/forskola/rss/" in html
    assert reverse("subscriptions:subscribe") in html
