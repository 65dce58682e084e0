"""Admin views for people and sign-in lockouts."""

from axes.models import AccessAttempt
from django.core.exceptions import PermissionDenied
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.users.views import users

from .forms import RoleUserCreationForm, RoleUserEditForm


class ProtectSuperusersMixin:
    """Only a superuser may edit or delete a superuser: otherwise a chief editor could take over
    the account by changing its e-mail or password."""

    def dispatch(self, request, *args, **kwargs):
        if self.get_object().is_superuser and not request.user.is_superuser:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class PassRequestUserMixin:
    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "for_user": self.request.user}


class CreateView(PassRequestUserMixin, users.CreateView):
    pass


class EditView(ProtectSuperusersMixin, PassRequestUserMixin, users.EditView):
    pass


class DeleteView(ProtectSuperusersMixin, users.DeleteView):
    pass


class UserViewSet(users.UserViewSet):
    add_view_class = CreateView
    edit_view_class = EditView
    delete_view_class = DeleteView

    def get_form_class(self, for_update=False):
        return RoleUserEditForm if for_update else RoleUserCreationForm


class LockoutViewSet(ModelViewSet):
    """Sign-ins locked after repeated wrong passwords. Deleting a row lifts the lockout."""

    model = AccessAttempt
    icon = "lock"
    menu_label = "Spärrade inloggningar"
    menu_order = 610
    add_to_settings_menu = True
    list_display = ["username", "ip_address", "failures_since_start", "attempt_time"]
    search_fields = ["username"]
    ordering = ["-attempt_time"]
    form_fields = []
    copy_view_enabled = False
    inspect_view_enabled = True
