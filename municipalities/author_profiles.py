"""A writer's own author profile: the name, photo and words readers see on the writer's articles
and author page. Every writer edits their own (and only their own) here; editors manage every
profile under Skribenter. A writer without a profile gets one for their municipality the first
time they save this form."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.images.widgets import AdminImageChooser

from blog.models import Author

from .roles import writing_municipalities


class OwnAuthorProfileForm(forms.ModelForm):
    class Meta:
        model = Author
        fields = ["name", "role", "school", "photo", "bio"]
        widgets = {"photo": AdminImageChooser, "bio": forms.Textarea(attrs={"rows": 5})}


def profile_of(user) -> Author | None:
    """The user's profile, or a new one for their municipality (not saved); None when the user
    writes for no municipality and has none."""
    profile = Author.objects.filter(user=user).select_related("photo").first()
    if profile is not None:
        return profile
    municipalities = writing_municipalities(user)
    if not municipalities:
        return None
    return Author(
        user=user,
        name=user.get_full_name() or user.get_username(),
        municipality=municipalities[0],
    )


class OwnAuthorProfileView(WagtailAdminTemplateMixin, FormView):
    template_name = "wagtailadmin/generic/form.html"
    form_class = OwnAuthorProfileForm
    page_title = "Min skribentprofil"
    header_icon = "user"

    def dispatch(self, request, *args, **kwargs):
        self.profile = profile_of(request.user)
        if self.profile is None:
            messages.error(
                request,
                "Ditt konto hör inte till någon kommun, så du har ingen skribentprofil. "
                "Kontakta huvudredaktören om du ska skriva på Pedagogsajten.",
            )
            return redirect("wagtailadmin_home")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.profile}

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": "Översikt"},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        context.update(
            {
                "action_url": reverse("own_author_profile"),
                "submit_button_label": "Spara profilen",
                "submit_button_active_label": "Sparar…",
                "media": form.media,
                "page_subtitle": self.profile.name,
            }
        )
        return context

    def form_valid(self, form):
        form.save()
        messages.success(
            self.request,
            "Din skribentprofil är sparad. Den visas på dina artiklar och din skribentsida.",
        )
        return redirect("own_author_profile")
