"""Rebuild which files are public from every live page, and move each file to its folder.

For an upgrade from a version that kept every upload public, after a restore, or when files were
copied in by hand. Safe to run again: files already in place are left alone.
"""

from django.core.management.base import BaseCommand
from wagtail.models import Page

from media_library import visibility
from media_library.models import PublishedFileUse


class Command(BaseCommand):
    help = "Gör filer publika eller privata efter de publicerade sidor som visar dem."

    def handle(self, *args, **options):
        PublishedFileUse.objects.all().delete()
        pages = Page.objects.live().filter(depth__gt=1).specific().iterator(chunk_size=500)
        visibility.record_uses(pages)
        moved = visibility.apply_to_all()
        uses = PublishedFileUse.objects.count()
        self.stdout.write(f"{uses} användningar på publika sidor; {moved} filer flyttade.")
