"""Article listings (all, per school form, theme, author, tag): blog/listing.py with a fixed scope."""

from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_GET
from taggit.models import Tag

from core.fragment_cache import cached

from .listing import listing_context
from .models import ArticlePage, Author, SchoolForm, Subject, Theme

LISTING_TEMPLATE = "blog/article_listing.html"


def article_listing(
    request,
    *,
    heading: str,
    intro: str = "",
    scope: dict | None = None,
    feed_url: str = "",
    author=None,
):
    context = listing_context(request, scope=scope)
    context.update({"heading": heading, "intro": intro, "feed_url": feed_url, "author": author})
    return TemplateResponse(request, LISTING_TEMPLATE, context)


@require_GET
def all_articles(request):
    return article_listing(
        request,
        heading="Alla artiklar",
        intro="Pedagogiska exempel, lektionsidéer och reflektioner från hela Familjen Helsingborg.",
        feed_url=reverse("blog:feed_rss"),
    )


@require_GET
def school_form_articles(request, slug):
    school_form = get_object_or_404(SchoolForm, slug=slug)
    return article_listing(
        request,
        heading=school_form.name,
        intro=school_form.description or f"Artiklar för {school_form.name.lower()}.",
        scope={"school_forms": school_form},
        feed_url=reverse("blog:feed_rss_scoped", args=("skolform", slug)),
    )


@require_GET
def theme_articles(request, slug):
    theme = get_object_or_404(Theme, slug=slug)
    return article_listing(
        request,
        heading=f"Tema: {theme.name}",
        intro=theme.description,
        scope={"themes": theme},
        feed_url=reverse("blog:feed_rss_scoped", args=("tema", slug)),
    )


@require_GET
def subject_articles(request, slug):
    subject = get_object_or_404(Subject, slug=slug)
    return article_listing(
        request,
        heading=f"Ämne: {subject.name}",
        intro=subject.description or f"Artiklar i {subject.name.lower()}.",
        scope={"subjects": subject},
        feed_url=reverse("blog:feed_rss_scoped", args=("amne", slug)),
    )


# The overview pages the header's menu leads to: every term of one kind with its number of
# articles, the way in for a reader who does not yet know what to search for.
TERM_INDEXES = {
    "school_forms": (
        SchoolForm,
        "Skolformer",
        "blog:school_form",
        "Från förskola till vuxenutbildning.",
    ),
    "subjects": (Subject, "Ämnen", "blog:subject", "Idéer och exempel ämne för ämne."),
    "themes": (
        Theme,
        "Teman",
        "blog:theme",
        "Frågor som många skolor och förskolor arbetar med just nu.",
    ),
}


@require_GET
def term_index(request, kind):
    model, heading, url_name, intro = TERM_INDEXES[kind]
    terms = cached("term-index", kind, build=lambda: list(model.objects.with_article_counts()))
    return TemplateResponse(
        request,
        "blog/term_index.html",
        {
            "heading": heading,
            "intro": intro,
            "terms": [(term, reverse(url_name, args=(term.slug,))) for term in terms],
        },
    )


@require_GET
def author_articles(request, pk):
    author = get_object_or_404(Author.objects.select_related("municipality", "photo"), pk=pk)
    details = ", ".join(
        part
        for part in (author.role, author.school, getattr(author.municipality, "title", ""))
        if part
    )
    return article_listing(
        request,
        heading=author.name,
        intro=details,
        scope={"article_authors__author": author},
        author=author,
    )


@require_GET
def tag_articles(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    return article_listing(request, heading=f"Nyckelord: {tag.name}", scope={"tags": tag})


@require_GET
def feed_list(request):
    """/flode/: what a feed is, and every feed the site has (whole site, each municipality,
    school form and theme), for readers who follow "Prenumerera via RSS" or look for one."""
    sections = ArticlePage.municipality.field.related_model.objects.live().order_by("title")
    return TemplateResponse(
        request,
        "blog/feeds.html",
        {
            "municipalities": sections,
            "school_forms": SchoolForm.objects.all(),
            "themes": Theme.objects.all(),
        },
    )


@require_GET
def feed_stylesheet(request):
    """The XSLT stylesheet every feed names: a browser that opens a feed shows it as a Swedish
    page. Same origin, so the public Content-Security-Policy ('self') allows loading it."""
    response = TemplateResponse(
        request, "blog/feed_stylesheet.xsl", {}, content_type="text/xsl; charset=utf-8"
    )
    response["Cache-Control"] = "public, max-age=3600"
    return response
