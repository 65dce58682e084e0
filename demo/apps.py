from django.apps import AppConfig


class DemoConfig(AppConfig):
    """`manage.py seed_demo`: the Swedish demo site, from the data files in demo/data/."""

    name = "demo"
    verbose_name = "Demoinnehåll"
