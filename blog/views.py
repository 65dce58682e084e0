"""Article listings (all, per school form, theme, author, tag): blog/listing.py with a fixed scope."""

from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_GET
from taggit.models import Tag

from .listing import listing_context
from .models import ArticlePage, Author, SchoolForm, Theme

LISTING_TEMPLATE = "blog/article_listing.html"


def article_listing(
    request, *, heading: str, intro: str = "", scope: dict | None = None, feed_url: str = ""
):
    context = listing_context(request, scope=scope)
    context.update({"heading": heading, "intro": intro, "feed_url": feed_url})
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
def author_articles(request, pk):
    author = get_object_or_404(Author.objects.select_related("municipality"), pk=pk)
    details = ", ".join(
        part
        for part in (author.role, author.school, getattr(author.municipality, "title", ""))
        if part
    )
    return article_listing(
        request, heading=author.name, intro=details, scope={"article_authors__author": author}
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
