"""Builds the demo site from the data in demo/data/ on top of the production structure
(municipalities/setup.py), through the same factories the tests use. Every step looks for what
already exists first (by slug or title), so running it again creates nothing twice."""

import datetime
import os
import random
import uuid

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.models import Page

from blog.factories import AuthorFactory
from blog.models import ArticleAuthor, ArticlePage, ArticleType, Author, SchoolForm, Subject, Theme
from calendar_events.models import EventPage
from core.text import ascii_slug
from home.models import HomePage, HomePageFeaturedArticle
from insights.models import ArticleFeedback, PageViewDay, PublishedReadability
from media_library import generate
from media_library.factories import AudioFactory, DocumentFactory, SiteImageFactory, VideoFactory
from media_library.models import SiteImage, SiteMedia
from municipalities.models import MunicipalityContact, MunicipalityPage
from municipalities.roles import municipality_collection
from municipalities.setup import Report, publish_child, set_up_site
from search.models import SearchQueryDay
from subscriptions.models import Subscriber

from . import content

DEFAULT_DEMO_PASSWORD = "pedagogsajten-demo"
ACCESSIBILITY_STATEMENT_SLUG = "tillganglighetsredogorelse"
# Demo articles are spread over the last 18 months, newest first in content order.
DAYS_BETWEEN_ARTICLES = 12


class DemoBuilder:
    def __init__(self, *, structure_only: bool = False, log=print):
        self.structure_only = structure_only
        self.report = Report(nothing_new="Demoinnehållet fanns redan; inget nytt skapades.")
        self.log = log

    def build(self) -> Report:
        with transaction.atomic():
            municipalities = set_up_site(self.report)
            if not self.structure_only:
                # Demo publications are not news: no notification e-mails while building them,
                # and nothing announced to subscribers.
                with override_settings(
                    EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
                    SUBSCRIPTIONS_ANNOUNCE=False,
                ):
                    self.section_logos_and_contacts(municipalities)
                    authors = self.authors(municipalities)
                    self.embeds()
                    self.articles(municipalities, authors)
                    self.events(municipalities)
                    self.featured_articles(HomePage.objects.get())
                    users = self.users()
                    self.link_authors_to_users(authors, users)
                    self.workflow_articles(municipalities, authors, users)
                    self.reader_figures()
                    self.subscribers()
        if not self.structure_only:
            self.print_logins()
        return self.report

    def section_logos_and_contacts(self, municipalities) -> None:
        """Each demo section gets a generated logo and its (invented) contact persons, once."""
        contacts = {}
        for contact in content.CONTACTS:
            contacts.setdefault(contact["municipality"], []).append(contact)
        for slug, section in municipalities.items():
            if section.image_id or section.contacts.exists():
                continue
            section.image = self._image(
                f"Logotyp {section.title}",
                generate.logo(section.title),
                "png",
                municipality_collection(section.title),
            )
            section.contacts = [
                MunicipalityContact(name=person["name"], role=person["role"], email=person["email"])
                for person in contacts.get(slug, [])
            ]
            section.save_revision().publish()

    # Demo content -----------------------------------------------------------------------------

    def authors(self, municipalities) -> dict[str, Author]:
        authors = {}
        for spec in content.AUTHORS:
            author = Author.objects.filter(name=spec["name"]).first()
            if author is None:
                municipality = municipalities[spec["municipality"]]
                initials = "".join(part[0] for part in spec["name"].split()[:2])
                author = AuthorFactory(
                    name=spec["name"],
                    role=spec["role"],
                    school=spec["school"],
                    bio=spec.get("bio", ""),
                    municipality=municipality,
                    photo=self._image(
                        f"Porträtt {spec['name']}",
                        generate.portrait(spec["key"], initials),
                        "png",
                        municipality_collection(municipality.title),
                    ),
                )
                self.report.count("skribenter")
            authors[spec["key"]] = author
        return authors

    def embeds(self) -> None:
        """Cache the demo embeds, so pages render them with no request to another host."""
        for url in content.EMBEDS.values():
            embed_hash = get_embed_hash(url)
            if Embed.objects.filter(hash=embed_hash).exists():
                continue
            provider = "YouTube" if "youtube" in url else "Vimeo"
            video_id = url.rsplit("=", 1)[-1] if "youtube" in url else url.rsplit("/", 1)[-1]
            src = (
                f"https://www.youtube-nocookie.com/embed/{video_id}"
                if provider == "YouTube"
                else f"https://player.vimeo.com/video/{video_id}?dnt=1"
            )
            Embed.objects.create(
                hash=embed_hash,
                url=url,
                type="video",
                provider_name=provider,
                title=f"Demofilm från {provider}",
                width=640,
                height=360,
                html=(
                    f'<iframe src="{src}" width="640" height="360" title="Demofilm från {provider}" '
                    'allow="fullscreen; picture-in-picture" loading="lazy"></iframe>'
                ),
            )
            self.report.count("inbäddningar i cache")

    def _article(self, spec, municipality, authors, published: datetime.date) -> ArticlePage:
        """An unsaved article from a content spec, with its images and files created."""
        collection = municipality_collection(municipality.title)
        hero_bytes, hero_description = generate.illustration(
            spec["title"], motif=illustration_motif(spec)
        )
        hero = self._image(f"Illustration: {spec['title']}", hero_bytes, "jpg", collection)
        article = ArticlePage(
            title=spec["title"],
            slug=ascii_slug(spec["title"]),
            summary=spec["summary"],
            hero_image=hero,
            hero_image_alt=hero_description,
            publication_date=published,
            article_type=ArticleType.objects.get(slug=spec["article_type"]),
            body=self._article_body(spec, collection),
            confirm_manager_consent=True,
            confirm_no_advertising=True,
            confirm_media_rights=True,
        )
        article.school_forms = list(SchoolForm.objects.filter(slug__in=spec["school_forms"]))
        article.subjects = list(Subject.objects.filter(slug__in=spec["subjects"]))
        article.themes = list(Theme.objects.filter(slug__in=spec["themes"]))
        article.tags.add(*spec.get("tags", []))
        article.article_authors = [
            _article_author(authors[key], position) for position, key in enumerate(spec["authors"])
        ]
        return article

    def articles(self, municipalities, authors) -> None:
        today = timezone.localdate()
        for index, spec in enumerate(content.ARTICLES):
            municipality = municipalities[spec["municipality"]]
            slug = ascii_slug(spec["title"])
            if Page.objects.child_of(municipality).filter(slug=slug).exists():
                continue
            published = today - datetime.timedelta(days=2 + index * DAYS_BETWEEN_ARTICLES)
            article = self._article(spec, municipality, authors, published)
            moment = timezone.make_aware(datetime.datetime.combine(published, datetime.time(9, 0)))
            publish_child(municipality, article, published_at=moment)
            # Its readability is counted in the month it was (as the demo says) published.
            PublishedReadability.objects.filter(page_id=article.pk).update(published_at=moment)
            self.report.count("artiklar")

    def events(self, municipalities) -> None:
        """Upcoming and past events in several sections (demo/data/events.toml), published as
        writers' events are once the chief editor approves them."""
        today = timezone.localdate()
        for spec in content.EVENTS:
            section = municipalities[spec["municipality"]]
            slug = ascii_slug(spec["title"])
            if Page.objects.child_of(section).filter(slug=slug).exists():
                continue
            day = today + datetime.timedelta(days=spec["day"])
            last_day = day + datetime.timedelta(days=spec.get("days", 1) - 1)
            event = EventPage(
                title=spec["title"],
                slug=slug,
                kind=spec["kind"],
                start=_local_moment(day, spec["start"]),
                end=_local_moment(last_day, spec["end"]),
                place=spec.get("place", ""),
                online_url=spec.get("online_url", ""),
                organiser=spec["organiser"],
                registration_url=spec.get("registration_url", ""),
                contact=spec.get("contact", ""),
                summary=spec["summary"],
                body=[_block("paragraph", f"<p>{text}</p>") for text in spec["paragraphs"]],
            )
            event.school_forms = list(SchoolForm.objects.filter(slug__in=spec["school_forms"]))
            publish_child(section, event)
            self.report.count("evenemang")

    def _article_body(self, spec, collection) -> list[dict]:
        paragraphs = spec["paragraphs"]
        body = [_block("paragraph", f"<p>{paragraphs[0]}</p>")]
        if len(paragraphs) > 2 or spec.get("lesson_plan"):
            picture, description = generate.illustration(spec["title"] + " (bild i texten)")
            image = self._image(f"Bild: {spec['title']}", picture, "jpg", collection)
            body.append(
                _block(
                    "image",
                    {
                        "image": {"image": image.pk, "decorative": False, "alt_text": description},
                        "caption": "Illustration till artikeln.",
                        "credit": "Illustration: Pedagogsajten",
                    },
                )
            )
        body.append(_block("heading", {"text": "Så gjorde vi", "level": "h2"}))
        body += [_block("paragraph", f"<p>{text}</p>") for text in paragraphs[1:]]
        if spec.get("quote"):
            body.append(_block("quote", spec["quote"]))
        if spec.get("tip"):
            tip = spec["tip"]
            body.append(
                _block("fact_box", {"kind": "tips", "title": tip["title"], "body": tip["html"]})
            )
        if spec.get("lesson_plan"):
            plan = spec["lesson_plan"]
            body.append(_block("lesson_plan", plan))
            pdf_lines = [
                f"Målgrupp: {plan['target_group']}",
                f"Tidsåtgång: {plan['duration']}",
                "Material: " + ", ".join(plan["materials"]),
            ]
            pdf_lines += [f"{number}. {step}" for number, step in enumerate(plan["steps"], start=1)]
            document = self._document(
                f"Lektionsupplägg: {spec['title']}",
                generate.lesson_plan_pdf(spec["title"], pdf_lines),
                collection,
            )
            body.append(
                _block(
                    "document",
                    {
                        "document": document.pk,
                        "title": "Lektionsupplägget att skriva ut (PDF)",
                        "description": "Hela upplägget på en sida.",
                    },
                )
            )
        if spec.get("audio_transcript"):
            audio = self._audio(spec["title"], spec["audio_transcript"], collection)
            body.append(_block("audio", {"audio": audio.pk, "caption": "Lyssna på avsnittet."}))
        if spec.get("video_captions"):
            video = self._video(spec["title"], spec["video_captions"], collection)
            body.append(_block("video", {"video": video.pk, "caption": ""}))
        if spec.get("embed"):
            body.append(
                _block(
                    "embed",
                    {"url": content.EMBEDS[spec["embed"]], "title": f"Film: {spec['title']}"},
                )
            )
        return body

    def featured_articles(self, home: HomePage) -> None:
        if home.featured_articles.exists():
            return
        articles = {
            page.slug: page
            for page in ArticlePage.objects.filter(slug__in=content.FEATURED_ARTICLE_SLUGS)
        }
        home.featured_articles = [
            HomePageFeaturedArticle(article=articles[slug], sort_order=position)
            for position, slug in enumerate(content.FEATURED_ARTICLE_SLUGS)
        ]
        home.save_revision().publish()
        self.report.count("utvalda artiklar", len(content.FEATURED_ARTICLE_SLUGS))

    def users(self) -> dict:
        """One demo account per role. Passwords are set when an account is created, never changed."""
        User = get_user_model()
        accounts = {}
        for spec in content.DEMO_USERS:
            username = spec["username"]
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User.objects.create_user(
                    username,
                    email=f"{username}@pedagogsajten.example",
                    password=demo_password(),
                    first_name=spec["first_name"],
                    last_name=spec["last_name"],
                )
                user.groups.set(Group.objects.filter(name__in=spec["groups"]))
                self.report.count("demokonton")
            accounts[username] = user
        return accounts

    def link_authors_to_users(self, authors, users) -> None:
        """The demo writers' accounts own their author profiles (once; an editor may change it)."""
        for spec in content.AUTHORS:
            author, user = authors[spec["key"]], users.get(spec.get("user", ""))
            if user is None or author.user_id is not None:
                continue
            if hasattr(user, "author_profile"):
                continue
            author.user = user
            author.save(update_fields=["user"])
            self.report.count("skribentprofiler kopplade till konton")

    def workflow_articles(self, municipalities, authors, users) -> None:
        """Articles left at each step of the workflow, moved there by the demo users themselves."""
        editor, chief = users["redaktor"], users["huvudredaktor"]
        for spec in content.WORKFLOW_ARTICLES:
            municipality = municipalities[spec["municipality"]]
            if Page.objects.child_of(municipality).filter(slug=ascii_slug(spec["title"])).exists():
                continue
            writer = users[spec["writer"]]
            article = self._article(spec, municipality, authors, timezone.localdate())
            article.owner = writer
            article.live = False
            municipality.add_child(instance=article)
            article.save_revision(user=writer)
            self.report.count("artiklar i arbetsflödet")
            if spec["state"] == "draft":
                continue
            workflow_state = article.get_workflow().start(article, writer)
            if spec["state"] == "in_review":
                continue
            if spec["state"] == "changes_requested":
                _act(workflow_state, editor, "reject", comment=spec["comment"])
                continue
            _act(
                workflow_state, editor, "approve", comment="Bra skrivet, redo för huvudredaktören."
            )
            if spec["state"] == "published":
                workflow_state.refresh_from_db()
                _act(workflow_state, chief, "approve")

    def subscribers(self) -> None:
        """Confirmed e-mail subscribers with invented addresses, so Statistik shows counts per
        choice and a publication in `make run` prints its e-mails on the worker's console."""
        for spec in content.SUBSCRIBERS:
            if Subscriber.objects.filter(email=spec["email"]).exists():
                continue
            now = timezone.now()
            subscriber = Subscriber.objects.create(
                email=spec["email"],
                frequency=spec["frequency"],
                whole_site=spec.get("whole_site", False),
                created_at=now,
                confirmed_at=now,
            )
            subscriber.municipalities.set(
                MunicipalityPage.objects.filter(slug__in=spec.get("municipalities", []))
            )
            subscriber.school_forms.set(
                SchoolForm.objects.filter(slug__in=spec.get("school_forms", []))
            )
            subscriber.themes.set(Theme.objects.filter(slug__in=spec.get("themes", [])))
            self.report.count("prenumeranter")

    def reader_figures(self) -> None:
        """Page views, feedback and searches for the last 60 days, so the statistics have figures.

        Generated once: a database that already has reader figures (demo or real) keeps them."""
        if PageViewDay.objects.exists() or ArticleFeedback.objects.exists():
            return
        rng = random.Random(2026)
        today = timezone.localdate()
        days = [today - datetime.timedelta(days=offset) for offset in range(60)]
        views = []
        for article in ArticlePage.objects.live().select_related("municipality"):
            popularity = rng.choice([1, 2, 4, 8])
            for day in days:
                if day >= article.publication_date and rng.random() < 0.6:
                    count = rng.randint(1, 3) * popularity
                    views.append(
                        PageViewDay(
                            day=day, page=article, municipality=article.municipality, views=count
                        )
                    )
        for municipality in MunicipalityPage.objects.live():
            for day in days:
                views.append(
                    PageViewDay(
                        day=day,
                        page=municipality,
                        municipality=municipality,
                        views=rng.randint(0, 6),
                    )
                )
        views = [row for row in views if row.views]
        PageViewDay.objects.bulk_create(views, ignore_conflicts=True)
        self.report.count("sidvisningar", sum(row.views for row in views))

        articles = list(ArticlePage.objects.live().order_by("pk"))
        feedback = []
        for index, article in enumerate(articles[:20]):
            for _ in range(rng.randint(0, 6)):
                useful = rng.random() < 0.8
                feedback.append(
                    ArticleFeedback(article=article, day=rng.choice(days), useful=useful)
                )
            if index < len(content.DEMO_FEEDBACK_COMMENTS):
                answer = content.DEMO_FEEDBACK_COMMENTS[index]
                useful, comment = answer["useful"], answer["comment"]
                feedback.append(
                    ArticleFeedback(
                        article=article, day=rng.choice(days[:30]), useful=useful, comment=comment
                    )
                )
        ArticleFeedback.objects.bulk_create(feedback)
        self.report.count("svar på återkopplingsfrågan", len(feedback))

        searches = [
            SearchQueryDay(
                day=day,
                query=query,
                searches=rng.randint(1, 9),
                hits=rng.randint(1, 30) if finds else 0,
            )
            for day in days
            for query, finds in (
                (search["query"], search["finds"]) for search in content.DEMO_SEARCHES
            )
            if rng.random() < 0.35
        ]
        SearchQueryDay.objects.bulk_create(searches, ignore_conflicts=True)
        self.report.count("sökningar per dag", len(searches))

    def print_logins(self) -> None:
        if not getattr(settings, "SHOW_DEMO_PASSWORDS", False):
            return
        self.log("Demokonton för /admin/ (lösenordet sattes när kontot skapades):")
        for spec in content.DEMO_USERS:
            self.log(f"  {spec['username']:<22} {', '.join(spec['groups'])}")
        self.log(f"  lösenord för alla: {demo_password()}")

    # Files --------------------------------------------------------------------------------------

    def _image(self, title: str, data: bytes, extension: str, collection) -> SiteImage:
        existing = SiteImage.objects.filter(title=title).first()
        if existing:
            return existing
        self.report.count("bilder")
        return SiteImageFactory(
            title=title,
            collection=collection,
            credit="Illustration: Pedagogsajten",
            data=data,
            extension=extension,
            file_stem=_file_stem(title),
        )

    def _document(self, title: str, data: bytes, collection):
        existing = get_document_model().objects.filter(title=title).first()
        if existing:
            return existing
        self.report.count("dokument")
        return DocumentFactory(
            title=title, collection=collection, data=data, file_stem=_file_stem(title)
        )

    def _audio(self, title: str, transcript_lines: list[str], collection) -> SiteMedia:
        existing = SiteMedia.objects.filter(title=title, type="audio").first()
        if existing:
            return existing
        self.report.count("ljudfiler")
        return AudioFactory(
            title=title,
            collection=collection,
            transcript="\n\n".join(transcript_lines),
            seconds=8,
            mp3=True,
            file_stem=_file_stem(title),
        )

    def _video(self, title: str, caption_lines: list[str], collection) -> SiteMedia:
        existing = SiteMedia.objects.filter(title=title, type="video").first()
        if existing:
            return existing
        self.report.count("videofiler")
        return VideoFactory(
            title=title,
            collection=collection,
            width=480,
            height=270,
            seconds=6,
            caption_lines=caption_lines,
            seconds_per_cue=1.5,
            file_stem=_file_stem(title),
        )


def demo_password() -> str:
    return os.environ.get("DEMO_PASSWORD", DEFAULT_DEMO_PASSWORD)


def _act(workflow_state, user, action: str, **kwargs) -> None:
    task_state = workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, user, action, **kwargs)


def _local_moment(day: datetime.date, clock: str) -> datetime.datetime:
    """A day and a "HH:MM" in Swedish time."""
    hour, minute = (int(part) for part in clock.split(":"))
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _file_stem(title: str) -> str:
    """Upload names from titles: ASCII slugs, short enough for any storage backend."""
    return ascii_slug(title)[:60]


def _block(block_type: str, value) -> dict:
    return {"type": block_type, "value": value, "id": str(uuid.uuid4())}


def illustration_motif(spec) -> str | None:
    """The motif of the article's first subject or theme that has one (demo/data/site.toml)."""
    for term in [*spec.get("subjects", []), *spec.get("themes", [])]:
        if term in content.ILLUSTRATION_MOTIFS:
            return content.ILLUSTRATION_MOTIFS[term]
    return None


def _article_author(author: Author, position: int) -> ArticleAuthor:
    return ArticleAuthor(author=author, sort_order=position)
