"""The demo content, read from the TOML files in demo/data/: invented people and schools,
realistic topics from the municipalities' priorities (attendance, special support,
multilingualism, digitalisation, equity …)."""

import tomllib
from pathlib import Path

DATA = Path(__file__).with_name("data")


def load(name: str) -> dict:
    with (DATA / f"{name}.toml").open("rb") as file:
        return tomllib.load(file)


_site = load("site")

CONTACTS = load("contacts")["contacts"]
AUTHORS = load("authors")["authors"]
ARTICLES = load("articles")["articles"]
WORKFLOW_ARTICLES = load("workflow_articles")["articles"]
SUBSCRIBERS = load("subscribers")["subscribers"]
EVENTS = load("events")["events"]
EMBEDS = _site["embeds"]
FEATURED_ARTICLE_SLUGS = _site["featured_articles"]
DEMO_USERS = _site["users"]
DEMO_SEARCHES = _site["searches"]
DEMO_FEEDBACK_COMMENTS = _site["feedback_comments"]
ILLUSTRATION_MOTIFS = _site["illustration_motifs"]
