from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Sök"

    def ready(self):
        # The kernel's retention command knows no feature model: the search log registers its
        # own rule, once the models can be imported.
        from core.retention import register_rule

        from .retention import delete_old_searches

        register_rule("search_log", "Söklogg", "RETENTION_SEARCH_LOG_DAYS", delete_old_searches)
