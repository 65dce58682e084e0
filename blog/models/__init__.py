"""Articles, their authors and the taxonomy that classifies them ("blog" is the articles app)."""

from .articles import (
    AUTHOR_PHOTO_SPEC,
    CARD_IMAGE_SPECS,
    ArticleAuthor,
    ArticlePage,
    ArticlePageQuerySet,
    ArticlePageTag,
)
from .authors import Author
from .taxonomy import ArticleType, SchoolForm, Subject, TaxonomyQuerySet, TaxonomyTerm, Theme

__all__ = [
    "AUTHOR_PHOTO_SPEC",
    "CARD_IMAGE_SPECS",
    "ArticleAuthor",
    "ArticlePage",
    "ArticlePageQuerySet",
    "ArticlePageTag",
    "ArticleType",
    "Author",
    "SchoolForm",
    "Subject",
    "TaxonomyQuerySet",
    "TaxonomyTerm",
    "Theme",
]
