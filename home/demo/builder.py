"""Builds the demo site from home/demo/content.py. Every step looks for what already exists
first (by slug or title), so running it again creates nothing twice."""

import datetime
import io
import os
import random
import uuid
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.models import Page

from blog.models import ArticlePage, ArticleType, Author, SchoolForm, Subject, Theme
from blog.taxonomy_defaults import create_defaults
from blog.workflow import ensure_publishing_workflow
from home.models import (
    AccessibilityShortcoming,
    AccessibilityStatementPage,
    HomePage,
    HomePageFeaturedArticle,
    StandardPage,
)
from insights.models import ArticleFeedback, PageViewDay
from media_library.models import SiteImage, SiteMedia
from municipalities.models import MunicipalityContact, MunicipalityPage
from municipalities.roles import ensure_all_roles, municipality_collection
from search.models import SearchQueryDay

from . import content, media

DEFAULT_DEMO_PASSWORD = "pedagogsajten-demo"
ACCESSIBILITY_STATEMENT_SLUG = "tillganglighetsredogorelse"
# Demo articles are spread over the last 18 months, newest first in content order.
DAYS_BETWEEN_ARTICLES = 12


@dataclass
class Report:
    created: dict = field(default_factory=dict)

    def count(self, what: str, number: int = 1) -> None:
        self.created[what] = self.created.get(what, 0) + number

    def lines(self) -> list[str]:
        if not self.created:
            return ["Demoinnehållet fanns redan; inget nytt skapades."]
        return [f"{what.capitalize()}: {number} nya." for what, number in self.created.items()]


class DemoBuilder:
    def __init__(self, *, structure_only: bool = False, log=print):
        self.structure_only = structure_only
        self.report = Report()
        self.log = log

    def build(self) -> Report:
        with transaction.atomic():
            home = HomePage.objects.get()
            create_defaults(apps.get_model)
            self.standard_pages(home)
            municipalities = self.municipalities(home)
            ensure_all_roles()
            ensure_publishing_workflow()
            if not self.structure_only:
                # Demo publications are not news: no notification e-mails while building them.
                with override_settings(
                    EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"
                ):
                    authors = self.authors(municipalities)
                    self.embeds()
                    self.articles(municipalities, authors)
                    self.featured_articles(home)
                    users = self.users()
                    self.workflow_articles(municipalities, authors, users)
                    self.reader_figures()
        if not self.structure_only:
            self.print_logins()
        return self.report

    # Site structure ---------------------------------------------------------------------------

    def standard_pages(self, home: HomePage) -> None:
        for slug, title, intro, blocks in content.STANDARD_PAGES:
            if Page.objects.child_of(home).filter(slug=slug).exists():
                continue
            if slug == ACCESSIBILITY_STATEMENT_SLUG:
                page = AccessibilityStatementPage(title=title, slug=slug, intro=intro)
                page.shortcomings = [
                    AccessibilityShortcoming(
                        title=name,
                        description=description,
                        reason=reason,
                        wcag_criterion=criterion,
                        planned_fix=fix,
                    )
                    for name, description, reason, criterion, fix in content.ACCESSIBILITY_SHORTCOMINGS
                ]
            else:
                page = StandardPage(
                    title=title, slug=slug, intro=intro, body=self._simple_body(blocks)
                )
            self._publish(home, page)
            self.report.count("standardsidor")

    def municipalities(self, home: HomePage) -> dict[str, MunicipalityPage]:
        pages = {}
        for slug, name, intro, contacts in content.MUNICIPALITIES:
            existing = MunicipalityPage.objects.child_of(home).filter(slug=slug).first()
            collection = municipality_collection(name)
            if existing:
                pages[slug] = existing
                continue
            logo = self._image(f"Logotyp {name}", media.logo(name), "png", collection)
            page = MunicipalityPage(title=name, slug=slug, intro=intro, image=logo)
            page.contacts = [
                MunicipalityContact(name=person, role=role, email=email)
                for person, role, email in contacts
            ]
            pages[slug] = self._publish(home, page)
            self.report.count("kommuner")
        return pages

    # Demo content -----------------------------------------------------------------------------

    def authors(self, municipalities) -> dict[str, Author]:
        authors = {}
        for key, (name, role, school, municipality_slug) in content.AUTHORS.items():
            author = Author.objects.filter(name=name).first()
            if author is None:
                initials = "".join(part[0] for part in name.split()[:2])
                municipality = municipalities[municipality_slug]
                photo = self._image(
                    f"Porträtt {name}",
                    media.portrait(key, initials),
                    "png",
                    municipality_collection(municipality.title),
                )
                author = Author.objects.create(
                    name=name, role=role, school=school, municipality=municipality, photo=photo
                )
                self.report.count("skribenter")
            authors[key] = author
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
        hero_bytes, hero_description = media.illustration(spec["t"])
        hero = self._image(f"Illustration: {spec['t']}", hero_bytes, "jpg", collection)
        article = ArticlePage(
            title=spec["t"],
            slug=_slug(spec["t"]),
            summary=spec["s"],
            hero_image=hero,
            hero_image_alt=hero_description,
            publication_date=published,
            article_type=ArticleType.objects.get(slug=spec["k"]),
            body=self._article_body(spec, collection),
            confirm_manager_consent=True,
            confirm_no_advertising=True,
            confirm_media_rights=True,
        )
        article.school_forms = list(SchoolForm.objects.filter(slug__in=spec["f"]))
        article.subjects = list(Subject.objects.filter(slug__in=spec["u"]))
        article.themes = list(Theme.objects.filter(slug__in=spec["th"]))
        article.tags.add(*spec.get("g", []))
        article.article_authors = [
            _article_author(authors[key], position) for position, key in enumerate(spec["a"])
        ]
        return article

    def articles(self, municipalities, authors) -> None:
        today = timezone.localdate()
        for index, spec in enumerate(content.ARTICLES):
            municipality = municipalities[spec["m"]]
            slug = _slug(spec["t"])
            if Page.objects.child_of(municipality).filter(slug=slug).exists():
                continue
            published = today - datetime.timedelta(days=2 + index * DAYS_BETWEEN_ARTICLES)
            article = self._article(spec, municipality, authors, published)
            moment = timezone.make_aware(datetime.datetime.combine(published, datetime.time(9, 0)))
            self._publish(municipality, article, published_at=moment)
            self.report.count("artiklar")

    def _article_body(self, spec, collection) -> list[dict]:
        paragraphs = spec["p"]
        body = [_block("paragraph", f"<p>{paragraphs[0]}</p>")]
        if len(paragraphs) > 2 or spec.get("lesson"):
            picture, description = media.illustration(spec["t"] + " (bild i texten)")
            image = self._image(f"Bild: {spec['t']}", picture, "jpg", collection)
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
        if spec.get("q"):
            quote, who = spec["q"]
            body.append(_block("quote", {"text": quote, "attribution": who}))
        if spec.get("tip"):
            title, text = spec["tip"]
            body.append(_block("fact_box", {"kind": "tips", "title": title, "body": text}))
        if spec.get("lesson"):
            aim, target, duration, materials, steps = spec["lesson"]
            body.append(
                _block(
                    "lesson_plan",
                    {
                        "aim": aim,
                        "target_group": target,
                        "duration": duration,
                        "materials": materials,
                        "steps": steps,
                    },
                )
            )
            pdf_lines = [
                f"Målgrupp: {target}",
                f"Tidsåtgång: {duration}",
                "Material: " + ", ".join(materials),
            ]
            pdf_lines += [f"{number}. {step}" for number, step in enumerate(steps, start=1)]
            document = self._document(
                f"Lektionsupplägg: {spec['t']}",
                media.lesson_plan_pdf(spec["t"], pdf_lines),
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
        if spec.get("audio"):
            audio = self._audio(spec["t"], spec["audio"], collection)
            body.append(_block("audio", {"audio": audio.pk, "caption": "Lyssna på avsnittet."}))
        if spec.get("video"):
            video = self._video(spec["t"], spec["video"], collection)
            body.append(_block("video", {"video": video.pk, "caption": ""}))
        if spec.get("embed"):
            body.append(
                _block(
                    "embed", {"url": content.EMBEDS[spec["embed"]], "title": f"Film: {spec['t']}"}
                )
            )
        return body

    def _simple_body(self, blocks) -> list[dict]:
        body = []
        for kind, value in blocks:
            if kind == "heading":
                body.append(_block("heading", {"text": value, "level": "h2"}))
            elif kind == "paragraph":
                body.append(_block("paragraph", value))
            elif kind == "fact_box":
                body.append(
                    _block("fact_box", {"kind": "fakta", "title": value[0], "body": value[1]})
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
        for username, first_name, last_name, group_names in content.DEMO_USERS:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User.objects.create_user(
                    username,
                    email=f"{username}@pedagogsajten.example",
                    password=demo_password(),
                    first_name=first_name,
                    last_name=last_name,
                )
                user.groups.set(Group.objects.filter(name__in=group_names))
                self.report.count("demokonton")
            accounts[username] = user
        return accounts

    def workflow_articles(self, municipalities, authors, users) -> None:
        """Articles left at each step of the workflow, moved there by the demo users themselves."""
        editor, chief = users["redaktor"], users["huvudredaktor"]
        for spec in content.WORKFLOW_ARTICLES:
            municipality = municipalities[spec["m"]]
            if Page.objects.child_of(municipality).filter(slug=_slug(spec["t"])).exists():
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
                useful, comment = content.DEMO_FEEDBACK_COMMENTS[index]
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
            for query, finds in content.DEMO_SEARCHES
            if rng.random() < 0.35
        ]
        SearchQueryDay.objects.bulk_create(searches, ignore_conflicts=True)
        self.report.count("sökningar per dag", len(searches))

    def print_logins(self) -> None:
        if not getattr(settings, "SHOW_DEMO_PASSWORDS", False):
            return
        self.log("Demokonton för /admin/ (lösenordet sattes när kontot skapades):")
        for username, *_names, group_names in content.DEMO_USERS:
            self.log(f"  {username:<22} {', '.join(group_names)}")
        self.log(f"  lösenord för alla: {demo_password()}")

    # Files --------------------------------------------------------------------------------------

    def _image(self, title: str, data: bytes, extension: str, collection) -> SiteImage:
        existing = SiteImage.objects.filter(title=title).first()
        if existing:
            return existing
        image = SiteImage(
            title=title,
            collection=collection,
            credit="Illustration: Pedagogsajten",
            file=ImageFile(io.BytesIO(data), name=_filename(title, extension)),
        )
        image.save()
        self.report.count("bilder")
        return image

    def _document(self, title: str, data: bytes, collection):
        Document = get_document_model()
        existing = Document.objects.filter(title=title).first()
        if existing:
            return existing
        document = Document(title=title, collection=collection)
        document.file.save(_filename(title, "pdf"), ContentFile(data), save=False)
        document.save()
        self.report.count("dokument")
        return document

    def _audio(self, title: str, transcript_lines: list[str], collection) -> SiteMedia:
        existing = SiteMedia.objects.filter(title=title, type="audio").first()
        if existing:
            return existing
        audio = SiteMedia(
            title=title,
            type="audio",
            collection=collection,
            transcript="\n\n".join(transcript_lines),
        )
        audio.file.save(
            _filename(title, "mp3"),
            ContentFile(media.mp3_from_wav(media.tone_wav(title))),
            save=False,
        )
        audio.full_clean()
        audio.save()
        self.report.count("ljudfiler")
        return audio

    def _video(self, title: str, caption_lines: list[str], collection) -> SiteMedia:
        existing = SiteMedia.objects.filter(title=title, type="video").first()
        if existing:
            return existing
        video = SiteMedia(title=title, type="video", collection=collection, width=480, height=270)
        video.file.save(_filename(title, "mp4"), ContentFile(media.demo_video(title)), save=False)
        video.captions.save(
            _filename(title, "vtt"), ContentFile(media.webvtt(caption_lines, 1.5)), save=False
        )
        video.full_clean()
        video.save()
        self.report.count("videofiler")
        return video

    # Pages ----------------------------------------------------------------------------------------

    def _publish(self, parent: Page, page: Page, published_at=None) -> Page:
        parent.add_child(instance=page)
        page.save_revision().publish()
        if published_at is not None:
            Page.objects.filter(pk=page.pk).update(
                first_published_at=published_at, last_published_at=published_at
            )
        return page


def demo_password() -> str:
    return os.environ.get("DEMO_PASSWORD", DEFAULT_DEMO_PASSWORD)


def _act(workflow_state, user, action: str, **kwargs) -> None:
    task_state = workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, user, action, **kwargs)


def _filename(title: str, extension: str) -> str:
    """Upload names from titles: ASCII slugs, short enough for any storage backend."""
    return f"{_slug(title)[:60]}.{extension}"


def _block(block_type: str, value) -> dict:
    return {"type": block_type, "value": value, "id": str(uuid.uuid4())}


def _article_author(author: Author, position: int):
    from blog.models import ArticleAuthor

    return ArticleAuthor(author=author, sort_order=position)


def _slug(text: str) -> str:
    from django.utils.text import slugify

    return slugify(
        text.replace("å", "a")
        .replace("ä", "a")
        .replace("ö", "o")
        .replace("Å", "A")
        .replace("Ä", "A")
        .replace("Ö", "O")
    )
