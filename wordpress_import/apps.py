from django.apps import AppConfig


class WordpressImportConfig(AppConfig):
    name = "wordpress_import"
    verbose_name = "WordPress-import"
