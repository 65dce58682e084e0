"""schema.org metadata for articles, for search engines and link previews."""

from django.utils import timezone

from core.structured_data import json_ld, municipality_organisation


def article_json_ld(article, authors, tags) -> str:
    """schema.org Article as JSON-LD, safe inside a <script> element."""
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": article.title,
        "description": article.summary,
        "inLanguage": "sv",
        "datePublished": article.publication_date.isoformat(),
        "dateModified": (
            article.last_published_at or article.latest_revision_created_at or timezone.now()
        ).isoformat(),
        "mainEntityOfPage": article.full_url,
        "author": [
            {"@type": "Person", "name": author.name, "jobTitle": author.role} for author in authors
        ],
        "publisher": {"@type": "Organization", "name": "Pedagogsajten"},
        "keywords": [tag.name for tag in tags],
    }
    if article.municipality_id:
        data["sourceOrganization"] = municipality_organisation(article.municipality)
    return json_ld(data)
