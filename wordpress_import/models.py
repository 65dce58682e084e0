"""What the importer remembers: which WordPress object became which object here, so that a
second run updates instead of duplicating."""

from django.db import models
from wagtail.documents import get_document_model_string
from wagtail.models import Page, Revision

from blog.models import Author
from media_library.models import SiteImage, SiteMedia


class ImportedObject(models.Model):
    """One WordPress post, page, attachment or author and what it became.

    The reference is one of the nullable foreign keys; deleting the object here deletes this
    row too, so the next run imports it again instead of pointing at nothing."""

    POST, PAGE, ATTACHMENT, AUTHOR = "post", "page", "attachment", "author"
    KINDS = [
        (POST, "inlägg"),
        (PAGE, "sida"),
        (ATTACHMENT, "bifogad fil"),
        (AUTHOR, "skribent"),
    ]

    kind = models.CharField("slag", max_length=20, choices=KINDS)
    # The post id for posts, pages and attachments; the login for authors.
    wordpress_id = models.CharField("id i WordPress", max_length=255)
    page = models.ForeignKey(
        Page, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    image = models.ForeignKey(
        SiteImage, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    document = models.ForeignKey(
        get_document_model_string(),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    media = models.ForeignKey(
        SiteMedia, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    author = models.ForeignKey(
        Author, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # A hash of what the export said last time: unchanged items are skipped.
    fingerprint = models.CharField(max_length=64, blank=True)
    # The revision the import wrote: a page an editor has changed since is left alone.
    revision = models.ForeignKey(
        Revision, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The page links to posts that had no page yet when it was written (fixed at the end of a run).
    pending_links = models.BooleanField(default=False)
    imported_at = models.DateTimeField("importerad", auto_now_add=True)
    updated_at = models.DateTimeField("senast uppdaterad", auto_now=True)

    class Meta:
        verbose_name = "importerat WordPress-objekt"
        verbose_name_plural = "importerade WordPress-objekt"
        constraints = [
            models.UniqueConstraint(fields=["kind", "wordpress_id"], name="unique_wordpress_object")
        ]
        indexes = [
            models.Index(
                fields=["pending_links"],
                condition=models.Q(pending_links=True),
                name="wordpress_pending_links",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.wordpress_id}"

    @property
    def target(self):
        return self.page or self.image or self.document or self.media or self.author
