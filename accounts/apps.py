from django.apps import AppConfig
from wagtail.users.apps import WagtailUsersAppConfig


class AccountsConfig(AppConfig):
    """Staff identity: single sign-on, second factor, lockout and who may grant which role."""

    name = "accounts"
    verbose_name = "Inloggning och behörigheter"

    def ready(self):
        # Receivers import models, which Django allows only once the app registry is ready.
        from . import checks, signal_handlers  # noqa: F401


class UsersConfig(WagtailUsersAppConfig):
    """Wagtail's users app with the user forms and views that keep duties separated."""

    user_viewset = "accounts.viewsets.UserViewSet"
