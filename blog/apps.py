from django.apps import AppConfig


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = "Artiklar"

    def ready(self):
        # Imports wait for ready(): receivers and listings import models, which Django allows only
        # once the app registry is ready.
        from search.suggest import register_source

        from . import signal_handlers  # noqa: F401
        from .listing import searchable_articles
        from .models import ArticlePage

        # "Did you mean" (search/suggest.py) learns the words of the articles readers may find.
        register_source("articles", ArticlePage, searchable_articles)
