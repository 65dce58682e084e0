from django.apps import AppConfig


class BackupsConfig(AppConfig):
    """`manage.py backup` and `manage.py restore`: one archive with the database and the media."""

    name = "backups"
    verbose_name = "Säkerhetskopior"
