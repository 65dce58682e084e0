from django.core.management.base import BaseCommand

from municipalities.roles import ensure_all_roles
from municipalities.workflow import WORKFLOW_NAME, ensure_publishing_workflow


class Command(BaseCommand):
    help = (
        "Skapar rollerna (Skribent och Kontaktperson per kommun, Redaktör, Huvudredaktör) med sina "
        "behörigheter och arbetsflödet för publicering. Kan köras flera gånger."
    )

    def handle(self, *args, **options):
        ensure_all_roles()
        ensure_publishing_workflow()
        self.stdout.write(
            self.style.SUCCESS(f"Roller och arbetsflödet ”{WORKFLOW_NAME}” är på plats.")
        )
