from django.apps import AppConfig


class SubscriptionsConfig(AppConfig):
    name = "subscriptions"
    verbose_name = "Prenumerationer"

    def ready(self):
        # Models can be imported now: the publication signal, the retention rules the kernel's
        # apply_retention runs, and the report Statistik lists.
        from core.retention import register_rule
        from insights.reports.registry import Report, register_report

        from . import signal_handlers
        from .reports import subscriber_counts
        from .retention import delete_old_mail_log, delete_unconfirmed

        signal_handlers.connect()
        register_rule(
            "unconfirmed_subscribers",
            "Obekräftade prenumerationer",
            "RETENTION_UNCONFIRMED_SUBSCRIBER_DAYS",
            delete_unconfirmed,
        )
        register_rule(
            "subscription_mail_log",
            "Logg över skickade prenumerationsmejl",
            "RETENTION_SUBSCRIPTION_MAIL_LOG_DAYS",
            delete_old_mail_log,
        )
        register_report(
            Report(
                "prenumeranter",
                "Prenumeranter per val",
                "Hur många som får e-post om nya artiklar, per val på /prenumerera/ (bara antal, "
                "aldrig adresser). Antalet just nu; perioden ändrar det inte.",
                subscriber_counts,
            )
        )
