from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "insights"
    verbose_name = "Statistik och återkoppling"

    def ready(self):
        # The kernel's retention command knows no feature model: this app registers its rules,
        # once the models can be imported.
        from core.retention import register_rule

        from . import readability  # noqa: F401  (records the LIX of each published revision)
        from .retention import blank_old_comments, fold_old_page_views

        register_rule(
            "feedback_comments",
            "Kommentarer i återkopplingen",
            "RETENTION_FEEDBACK_COMMENT_DAYS",
            blank_old_comments,
        )
        register_rule(
            "page_views", "Sidvisningar per dag", "RETENTION_PAGE_VIEW_DAYS", fold_old_page_views
        )
