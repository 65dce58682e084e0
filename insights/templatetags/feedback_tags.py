from django import template

from insights.forms import FeedbackForm

register = template.Library()


@register.inclusion_tag("insights/includes/feedback_form.html")
def feedback_form(article):
    """The question "Var det här användbart för din planering?" under an article, with a fresh
    signed token. A tag, so article pages (`blog`) show it without their model knowing this app."""
    return {"form": FeedbackForm(article_id=article.pk)}
