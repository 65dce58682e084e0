"""`manage.py rebuild_search_words`: the PostgreSQL vocabulary of "did you mean" read again from
every findable object (search/suggest.py). Publishing and unpublishing keep it current; run this
after loading content in bulk, after a restore and once after the upgrade that added it."""

import time

from django.core.management.base import BaseCommand, CommandError

from core.text import plural
from search.suggest import rebuild_vocabulary, sources


class Command(BaseCommand):
    help = (
        "Bygger om ordlistan som sökförslagen (”Menade du …?”) använder när PostgreSQL svarar, "
        "från allt som går att hitta. Publicering håller den aktuell; kör kommandot efter en "
        "massinläsning eller en återställning."
    )

    def handle(self, *args, **options):
        if not sources():
            raise CommandError("Ingen app har anmält något innehåll till ordlistan.")
        started = time.monotonic()
        objects, words = rebuild_vocabulary()
        self.stdout.write(
            f"Ordlistan byggdes om: {plural(words, 'ord', 'ord')} från "
            f"{plural(objects, 'objekt', 'objekt')} på {time.monotonic() - started:.1f} s."
        )
