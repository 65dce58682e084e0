"""The reports the Statistik section of the admin offers, in the order it lists them; the slug is
the report's address (and part of its export's file name)."""

from collections.abc import Callable
from dataclasses import dataclass

from .editorial_workflow import workflow
from .feedback import feedback_by_article, feedback_comments
from .publishing import contributors, output_by_classification, output_by_month
from .readability import readability_by_month
from .reading import views_by_article, views_by_article_and_day, views_by_day
from .searches import searches_by_week


@dataclass(frozen=True)
class Report:
    slug: str
    title: str
    description: str
    build: Callable
    per_municipality: bool = True


REPORTS = [
    Report(
        "publicerat",
        "Publicerat per kommun och månad",
        "Publicerade artiklar per kommun och månad; kommuner utan publiceringar listas.",
        output_by_month,
    ),
    Report(
        "klassificering",
        "Publicerat per skolform, ämne, tema och innehållstyp",
        "Hur det publicerade fördelar sig över klassificeringen, också värden utan artiklar.",
        output_by_classification,
    ),
    Report(
        "skribenter",
        "Skribenter",
        "Aktiva och nya skribenter per kommun.",
        contributors,
    ),
    Report(
        "lasbarhet",
        "Läsbarhet (LIX) per kommun och månad",
        "Medelvärdet av LIX för det som publicerats, per kommun och månad, med nivå från mycket lätt till mycket svår.",
        readability_by_month,
    ),
    Report(
        "arbetsflode",
        "Arbetsflödet",
        "Vad som väntar i varje steg och hur länge, tider till publicering och andel som skickas tillbaka.",
        workflow,
    ),
    Report(
        "lasning-per-dag",
        "Läsning per kommun och dag",
        "Sidvisningar per dag i varje kommuns avsnitt, räknade utan kakor och utan IP-adresser.",
        views_by_day,
    ),
    Report(
        "lasning-per-artikel",
        "Läsning per artikel",
        "Sidvisningar och svar på ”Var det här användbart?” per artikel.",
        views_by_article,
    ),
    Report(
        "lasning-per-artikel-och-dag",
        "Läsning per artikel och dag",
        "Sidvisningar per artikel och dag, för den som vill följa en artikel över tid.",
        views_by_article_and_day,
    ),
    Report(
        "sokningar",
        "Vanligaste sökningarna per vecka",
        "Vad läsarna söker efter, vecka för vecka.",
        lambda period, municipalities: searches_by_week(period),
        per_municipality=False,
    ),
    Report(
        "sokningar-utan-traff",
        "Sökningar utan träff per vecka",
        "Vad läsarna söker efter men inte hittar: förslag på vad som behöver skrivas.",
        lambda period, municipalities: searches_by_week(period, zero_hits_only=True),
        per_municipality=False,
    ),
    Report(
        "aterkoppling",
        "Återkoppling per artikel",
        "Svar på ”Var det här användbart för din planering?” per artikel.",
        feedback_by_article,
    ),
    Report(
        "kommentarer",
        "Kommentarer från läsare",
        "De frivilliga kommentarerna till svaren, nyast först.",
        feedback_comments,
    ),
]
REPORTS_BY_SLUG = {report.slug: report for report in REPORTS}


def register_report(report: Report) -> None:
    """A report from an app above this one (subscriptions), listed after the built-in ones;
    registering the same slug again replaces it (ready() may run more than once)."""
    REPORTS[:] = [existing for existing in REPORTS if existing.slug != report.slug] + [report]
    REPORTS_BY_SLUG[report.slug] = report
