"""Readability (issue 17, part 3): the one LIX function against hand-counted Swedish examples,
the text a page is measured on, the LIX stored with each published revision, and Statistik
showing it per municipality and month to those who may see it."""

import csv
import datetime
import io
from urllib.parse import urlencode

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from blog.factories import ArticlePageFactory, paragraph
from calendar_events.factories import EventPageFactory
from core.readability import RULES, band, html_text, lix, page_text
from insights.models import PublishedReadability
from tests.editorial import build_editorial_site

# Counted by hand, word by word: (text, words, long words (> 6 letters), sentences, LIX, band).
# LIX = words / sentences + 100 × long words / words, one decimal.
HAND_COUNTED = [
    # Vi läser en bok. | Den är rolig.  7 words, none longer than 5 letters, 2 sentences.
    ("Vi läser en bok. Den är rolig.", 7, 0, 2, 3.5, "mycket lätt"),
    # Eleverna(8) diskuterade(11) matematikuppgiften(18) tillsammans(11): all long.
    ("Eleverna diskuterade matematikuppgiften tillsammans.", 4, 4, 1, 104.0, "mycket svår"),
    # Förskolan(9) is long; Barnen(6) is not. 13 words, 3 sentences: 4.333 + 7.692.
    (
        "Förskolan har en ny gård. Barnen leker ute varje dag! Vad gör ni?",
        13,
        1,
        3,
        12.0,
        "mycket lätt",
    ),
    # "t.ex." and "kl." are followed by lower case: no sentence ends there. pennor, papper and
    # börjar have 6 letters: not long.
    ("Ta med t.ex. pennor och papper. Vi börjar kl. nio.", 10, 0, 2, 5.0, "mycket lätt"),
    # A heading without a full stop is a sentence of its own. arbetar(7), planerar(8),
    # tillsammans(11), arbetslaget(11) long: 8 words, 4 long, 2 sentences → 4 + 50.
    ("Så arbetar vi\nVi planerar tillsammans i arbetslaget.", 8, 4, 2, 54.0, "svår"),
    # A colon before a capital and a full stop inside a closing quote end sentences; lyssnade(8).
    ("Hon sa: ”Vi börjar nu.” Alla lyssnade.", 7, 1, 3, 16.6, "mycket lätt"),
    # "7–9" and "2026." are words without letters; Grundskola(10) and gymnasiet(9) long:
    # 6 + 33.33.
    ("Grundskola 7–9 och gymnasiet deltar 2026.", 6, 2, 1, 39.3, "lätt"),
    # e-postmeddelande: 15 letters (the hyphen does not count); skolledningen(13): 5 + 40.
    ("Skicka ett e-postmeddelande till skolledningen.", 5, 2, 1, 45.0, "medelsvår"),
    # Ten words in one sentence, three long (tillsammans, samtalar, bilderna): 10 + 30 = 40.0,
    # on the edge: the harder band.
    (
        "Vi läser boken tillsammans och samtalar sedan om bilderna högt.",
        10,
        3,
        1,
        40.0,
        "medelsvår",
    ),
    # Every word long: Verksamhetsplaneringen(22) förutsätter(11) kontinuerlig(12)
    # kompetensutveckling(19) avseende(8) bedömningsfrågor(16).
    (
        "Verksamhetsplaneringen förutsätter kontinuerlig kompetensutveckling avseende bedömningsfrågor.",
        6,
        6,
        1,
        106.0,
        "mycket svår",
    ),
    # "?!" and "..." end one sentence each, not two.
    ("Vad?! Nej... Jo.", 3, 0, 3, 1.0, "mycket lätt"),
    # Three list items, three sentences; Färgpennor(10), Pappersremsor(13) long; A4-längd has
    # 6 letters: 5 words → 1.667 + 40.
    ("Saxar\nFärgpennor\nPappersremsor i A4-längd", 5, 2, 3, 41.7, "medelsvår"),
]


@pytest.mark.parametrize(("text", "words", "long", "sentences", "value", "band_name"), HAND_COUNTED)
def test_lix_matches_hand_counted_examples(text, words, long, sentences, value, band_name):
    counts = lix(text)
    assert (counts.words, counts.long_words, counts.sentences) == (words, long, sentences)
    assert counts.value == value
    assert counts.band == band_name


def test_no_words_no_lix():
    assert lix("").value is None and lix(" – \n ").band == ""


def test_band_edges_follow_the_lix_scale():
    assert [band(v) for v in (0, 29.9, 30, 39.9, 40, 49.9, 50, 59.9, 60, 95)] == [
        "mycket lätt",
        "mycket lätt",
        "lätt",
        "lätt",
        "medelsvår",
        "medelsvår",
        "svår",
        "svår",
        "mycket svår",
        "mycket svår",
    ]
    # The panel gets the same edges.
    assert [item["below"] for item in RULES["bands"]] == [30, 40, 50, 60, None]


def test_rich_text_becomes_one_paragraph_per_block():
    html = "<p>Först <b>fetstil</b>.</p><ul><li>Saxar</li><li>Färgpennor</li></ul><h3>Rubrik</h3>"
    assert html_text(html) == "Först fetstil.\nSaxar\nFärgpennor\nRubrik"


def test_a_page_is_measured_on_its_summary_and_prose_blocks(municipality):
    article = ArticlePageFactory(
        parent=municipality,
        summary="Vi läste sagor.",
        body=[
            {"type": "heading", "value": {"text": "Så gjorde vi", "level": "h2"}},
            paragraph("Barnen lyssnade."),
            {"type": "quote", "value": {"text": "Mer sagor!", "attribution": "Ett barn"}},
            {
                "type": "fact_box",
                "value": {"kind": "tips", "title": "Tips", "body": "<p>Läs varje dag.</p>"},
            },
            {"type": "embed", "value": {"url": "https://www.youtube.com/x", "title": "Filmtitel"}},
        ],
    )
    assert page_text(article) == (
        "Vi läste sagor.\nSå gjorde vi\nBarnen lyssnade.\nMer sagor!\nTips\nLäs varje dag."
    )
    # The attribution, the fact box's kind and the embed's title are not the writer's prose.
    assert "Ett barn" not in page_text(article) and "Filmtitel" not in page_text(article)


# Stored with each published revision --------------------------------------------------------


def test_each_published_revision_stores_its_lix(municipality):
    article = ArticlePageFactory(
        parent=municipality, summary="Vi läser en bok.", body=[paragraph("Den är rolig.")]
    )
    first = article.save_revision()
    first.publish()
    row = PublishedReadability.objects.get(revision=first)
    assert (row.words, row.long_words, row.sentences, row.lix) == (7, 0, 2, 3.5)
    assert row.municipality_id == municipality.pk and row.page_id == article.pk

    article = Page.objects.get(pk=article.pk).specific
    article.body = [paragraph("Eleverna diskuterade matematikuppgiften tillsammans.")]
    second = article.save_revision()
    assert PublishedReadability.objects.filter(page=article).count() == 1  # a draft: nothing
    second.publish()
    assert PublishedReadability.objects.get(revision=second).lix == 54.0  # 8 words, 4 long, 2
    assert PublishedReadability.objects.filter(page=article).count() == 2


def test_events_are_measured_too_and_old_pages_can_be_caught_up(municipality):
    event = EventPageFactory(parent=municipality, summary="Vi ses i aulan.", body=[])
    event.save_revision().publish()
    assert PublishedReadability.objects.get(page=event).lix == 4.0
    # A page published before LIX was stored gets its live revision's figures once.
    PublishedReadability.objects.all().delete()
    call_command("record_readability", stdout=io.StringIO())
    call_command("record_readability", stdout=io.StringIO())
    assert PublishedReadability.objects.filter(page=event).count() == 1


# Statistik --------------------------------------------------------------------------------------


def report_url(**params) -> str:
    return reverse("insights_admin:report", args=["lasbarhet"]) + "?" + urlencode(params)


def published(page, when: datetime.datetime):
    revision = page.save_revision()
    revision.publish()
    PublishedReadability.objects.filter(revision=revision).update(published_at=when)


@pytest.fixture
def site(db):
    site = build_editorial_site()
    september = datetime.datetime(2026, 9, 10, 12, tzinfo=timezone.get_current_timezone())
    october = september + datetime.timedelta(days=30)
    easy = ArticlePageFactory(
        parent=site.helsingborg, summary="Vi läser en bok.", body=[paragraph("Den är rolig.")]
    )
    hard = ArticlePageFactory(
        parent=site.helsingborg,
        summary="Eleverna diskuterade matematikuppgiften tillsammans.",
        body=[],
    )
    bjuv = ArticlePageFactory(
        parent=site.bjuv,
        summary="Vi läser boken tillsammans och samtalar sedan om bilderna högt.",
        body=[],
    )
    published(easy, september)  # 3.5
    published(hard, september)  # 104.0
    published(bjuv, october)  # 40.0
    return site


PERIOD = {"fran": "2026-09-01", "till": "2026-10-31"}


def test_statistics_show_lix_per_municipality_and_month(client, site):
    client.force_login(site.chief)
    response = client.get(report_url(**PERIOD))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Läsbarhet (LIX) per kommun och månad" in html
    rows = list(
        csv.reader(
            io.StringIO(
                b"".join(client.get(report_url(export="csv", **PERIOD)).streaming_content).decode()
            )
        )
    )
    assert rows[0] == ["Kommun", "sep 2026", "okt 2026", "Publiceringar", "Medel-LIX", "Nivå"]
    by_name = {row[0]: row[1:] for row in rows[1:]}
    assert by_name["Helsingborg"] == ["53.8", "", "2", "53.8", "svår"]
    assert by_name["Bjuv"] == ["", "40.0", "1", "40.0", "medelsvår"]


def test_a_contact_person_sees_only_their_municipalitys_readability(client, site):
    client.force_login(site.contact)  # Kontaktperson – Helsingborg
    html = client.get(report_url(**PERIOD)).content.decode()
    assert "Helsingborg" in html and "53.8" in html
    assert "Bjuv" not in html and "40.0" not in html


def test_writers_see_no_readability_statistics(client, site):
    client.force_login(site.contributor)
    response = client.get(report_url(**PERIOD))
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
