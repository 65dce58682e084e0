import re

from django import forms
from django.core import signing

from .models import FEEDBACK_COMMENT_MAX_LENGTH

TOKEN_SALT = "insights.feedback"
# A person reads at least a little before answering; a script posts at once.
MIN_SECONDS_BEFORE_ANSWER = 3
# Pages are cached for minutes and may stay open in a tab for days.
MAX_TOKEN_AGE_SECONDS = 7 * 24 * 60 * 60
LINK_PATTERN = re.compile(r"https?://|www\.|\[url", re.IGNORECASE)


def feedback_token(article_id: int) -> str:
    return signing.TimestampSigner(salt=TOKEN_SALT).sign(str(article_id))


class FeedbackForm(forms.Form):
    """Anonymous: nothing asked about the reader. Spam is kept out without a third-party captcha
    by a signed, timed token, a hidden field only robots fill in, and a ban on links."""

    useful = forms.TypedChoiceField(
        label="Var det här användbart för din planering?",
        choices=[("ja", "Ja"), ("nej", "Nej")],
        coerce=lambda value: value == "ja",
        widget=forms.RadioSelect,
        error_messages={"required": "Välj ja eller nej."},
    )
    comment = forms.CharField(
        label="Kommentar (frivillig)",
        help_text=(
            f"Högst {FEEDBACK_COMMENT_MAX_LENGTH} tecken. Skriv inte namn eller andra "
            "personuppgifter: kommentaren läses av redaktionen."
        ),
        required=False,
        max_length=FEEDBACK_COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": f"Kommentaren får vara högst {FEEDBACK_COMMENT_MAX_LENGTH} tecken."
        },
    )
    token = forms.CharField(widget=forms.HiddenInput, required=False)
    # Hidden from people (and from assistive technology); form-filling robots fill it in.
    website = forms.CharField(required=False, label="Lämna tomt")

    def __init__(self, *args, article_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.article_id = article_id
        if not self.is_bound:
            self.initial["token"] = feedback_token(article_id)

    def clean_comment(self):
        comment = " ".join(self.cleaned_data["comment"].split())
        if LINK_PATTERN.search(comment):
            raise forms.ValidationError("Länkar är inte tillåtna i kommentaren.")
        return comment

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise forms.ValidationError("Svaret kunde inte tas emot.", code="robot")
        signer = signing.TimestampSigner(salt=TOKEN_SALT)
        try:
            value = signer.unsign(cleaned.get("token", ""), max_age=MAX_TOKEN_AGE_SECONDS)
        except signing.SignatureExpired:
            raise forms.ValidationError(
                "Sidan har varit öppen för länge. Ladda om den och svara igen.", code="expired"
            ) from None
        except signing.BadSignature:
            raise forms.ValidationError(
                "Svaret kunde inte tas emot. Ladda om sidan och försök igen.", code="token"
            ) from None
        if value != str(self.article_id):
            raise forms.ValidationError("Svaret hör inte till den här artikeln.", code="token")
        if not self._token_old_enough(cleaned["token"]):
            raise forms.ValidationError(
                "Svaret kom för snabbt. Vänta några sekunder och skicka igen.", code="too_fast"
            )
        return cleaned

    @staticmethod
    def _token_old_enough(token: str) -> bool:
        signer = signing.TimestampSigner(salt=TOKEN_SALT)
        try:
            signer.unsign(token, max_age=MIN_SECONDS_BEFORE_ANSWER)
        except signing.SignatureExpired:
            return True
        return False
