"""The reader's choices: what to follow and how often."""

from django import forms

from blog.models import SchoolForm, Theme
from municipalities.models import MunicipalityPage

from .models import Frequency, Subscriber


class ChoicesForm(forms.ModelForm):
    whole_site = forms.BooleanField(
        label="Allt som publiceras på Pedagogsajten",
        required=False,
    )
    municipalities = forms.ModelMultipleChoiceField(
        label="Kommuner",
        queryset=MunicipalityPage.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    school_forms = forms.ModelMultipleChoiceField(
        label="Skolformer",
        queryset=SchoolForm.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    themes = forms.ModelMultipleChoiceField(
        label="Teman",
        queryset=Theme.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    frequency = forms.ChoiceField(
        label="Hur ofta vill du få e-post?",
        choices=Frequency.choices,
        widget=forms.RadioSelect,
        initial=Frequency.WEEKLY,
        error_messages={"required": "Välj hur ofta du vill få e-post."},
    )

    class Meta:
        model = Subscriber
        fields = ["whole_site", "municipalities", "school_forms", "themes", "frequency"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipalities"].queryset = MunicipalityPage.objects.live().order_by("title")
        self.fields["school_forms"].queryset = SchoolForm.objects.all()
        self.fields["themes"].queryset = Theme.objects.all()

    def clean(self):
        cleaned = super().clean()
        chosen = cleaned.get("whole_site") or any(
            cleaned.get(name) for name in ("municipalities", "school_forms", "themes")
        )
        if not chosen and not self.errors:
            raise forms.ValidationError(
                "Välj vad du vill följa: hela sajten, eller minst en kommun, skolform eller tema.",
                code="nothing_chosen",
            )
        return cleaned


class SubscribeForm(ChoicesForm):
    email = forms.EmailField(
        label="Din e-postadress",
        max_length=254,
        error_messages={
            "required": "Skriv din e-postadress.",
            "invalid": "Skriv en hel e-postadress, till exempel namn@skola.se.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    # Left empty by people (it is hidden); robots fill in every field.
    webbplats = forms.CharField(required=False, label="Lämna tomt")

    class Meta(ChoicesForm.Meta):
        fields = ["email", *ChoicesForm.Meta.fields]

    def validate_unique(self):
        """An address already there is not an error the reader sees (views.py handles it):
        the page must not tell anyone whether an address subscribes."""

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()
