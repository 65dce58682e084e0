from django.urls import path
from django.views.generic import TemplateView

from . import feeds, views

app_name = "blog"
urlpatterns = [
    path("artiklar/", views.all_articles, name="all"),
    path("skolform/<slug:slug>/", views.school_form_articles, name="school_form"),
    path("tema/<slug:slug>/", views.theme_articles, name="theme"),
    path("amne/<slug:slug>/", views.subject_articles, name="subject"),
    path("skolformer/", views.term_index, {"kind": "school_forms"}, name="school_forms"),
    path("amnen/", views.term_index, {"kind": "subjects"}, name="subjects"),
    path("teman/", views.term_index, {"kind": "themes"}, name="themes"),
    path("skribent/<int:pk>/", views.author_articles, name="author"),
    # Tag slugs keep Swedish letters (taggit: "flerspråkighet"), which <slug:> would refuse.
    path("nyckelord/<str:slug>/", views.tag_articles, name="tag"),
    # The reader's own list of saved articles lives in their browser only (static/js/site.js).
    path(
        "min-planering/",
        TemplateView.as_view(template_name="blog/planning.html"),
        name="planning",
    ),
    path("flode/", views.feed_list, name="feeds"),
    path("flode/stil.xsl", views.feed_stylesheet, name="feed_stylesheet"),
    path("flode/rss/", feeds.ArticleFeed(), name="feed_rss"),
    path("flode/atom/", feeds.AtomArticleFeed(), name="feed_atom"),
    path("flode/<str:kind>/<slug:slug>/rss/", feeds.ArticleFeed(), name="feed_rss_scoped"),
    path("flode/<str:kind>/<slug:slug>/atom/", feeds.AtomArticleFeed(), name="feed_atom_scoped"),
]
