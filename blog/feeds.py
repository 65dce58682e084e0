"""RSS and Atom feeds: the whole site, a municipality, a school form, a subject or a theme.

Every feed names an XSLT stylesheet (`<?xml-stylesheet?>`, Django's Feed.stylesheets) from our own
origin, so a reader who opens a feed in a browser gets a Swedish page that says what a feed is,
how to use it and what is in it, instead of raw XML; feed readers ignore the instruction.
"""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, Stylesheet
from django.utils.xmlutils import SimplerXMLGenerator
from wagtail.models import Site

from .models import ArticlePage, SchoolForm, Subject, Theme

FEED_ITEMS = 30
SCOPES = {
    "kommun": (
        # The section an article belongs to, whatever app defines it.
        lambda slug: ArticlePage.municipality.field.related_model.objects.live().get(slug=slug),
        "municipality",
        "Artiklar från {}",
    ),
    "skolform": (lambda slug: SchoolForm.objects.get(slug=slug), "school_forms", "Artiklar för {}"),
    "tema": (lambda slug: Theme.objects.get(slug=slug), "themes", "Tema: {}"),
    "amne": (lambda slug: Subject.objects.get(slug=slug), "subjects", "Ämne: {}"),
}
# Served by a view (views.feed_stylesheet), not as a static file: the page it makes links the
# site's stylesheet, whose name carries a hash in production that only a template can know.
STYLESHEET = Stylesheet(reverse_lazy("blog:feed_stylesheet"), mimetype="text/xsl")


class BrowserReadableRssFeed(Rss201rev2Feed):
    """Served as application/xml: browsers show application/rss+xml as plain text and never apply
    the stylesheet (Chromium), while feed readers go by the content, not this header (the pages'
    autodiscovery links keep saying application/rss+xml)."""

    content_type = "application/xml; charset=utf-8"


class Atom1FeedWithStylesheet(Atom1Feed):
    """Django 5.2 writes `<?xml-stylesheet?>` into RSS only; Atom gets it the same way here, and
    is served as application/xml for the same reason as RSS."""

    content_type = "application/xml; charset=utf-8"

    def write(self, outfile, encoding):
        handler = SimplerXMLGenerator(outfile, encoding, short_empty_elements=True)
        handler.startDocument()
        for stylesheet in self.feed["stylesheets"] or []:
            handler.processingInstruction("xml-stylesheet", stylesheet)
        handler.startElement("feed", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        handler.endElement("feed")


class ArticleFeed(Feed):
    feed_type = BrowserReadableRssFeed
    language = "sv"
    description = "Pedagogiska exempel, lektionsidéer och reflektioner från Familjen Helsingborg."
    stylesheets = [STYLESHEET]

    def get_object(self, request, kind=None, slug=None):
        self.request = request
        if kind is None:
            return None
        if kind not in SCOPES:
            raise Http404
        lookup, _field, _title = SCOPES[kind]
        try:
            return (kind, lookup(slug))
        except Exception as error:  # noqa: BLE001 - any unknown slug is simply not found
            raise Http404 from error

    def title(self, scoped):
        if scoped is None:
            return "Pedagogsajten"
        kind, term = scoped
        return "Pedagogsajten – " + SCOPES[kind][2].format(
            getattr(term, "name", None) or term.title
        )

    def link(self, scoped):
        # The public address from the Wagtail Site (BASE_URL), not the host the request came by.
        return Site.find_for_request(self.request).root_url + "/"

    def items(self, scoped):
        articles = ArticlePage.objects.live().public().select_related("municipality")
        if scoped is not None:
            kind, term = scoped
            articles = articles.filter(**{SCOPES[kind][1]: term})
        return articles.order_by("-first_published_at", "-pk")[:FEED_ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_full_url(request=self.request)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [form.name for form in item.school_forms.all()]


class AtomArticleFeed(ArticleFeed):
    feed_type = Atom1FeedWithStylesheet
    subtitle = ArticleFeed.description
