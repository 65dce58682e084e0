from django.urls import path

from . import feeds, views

app_name = "blog"
urlpatterns = [
    path("artiklar/", views.all_articles, name="all"),
    path("skolform/<slug:slug>/", views.school_form_articles, name="school_form"),
    path("tema/<slug:slug>/", views.theme_articles, name="theme"),
    path("skribent/<int:pk>/", views.author_articles, name="author"),
    # Tag slugs keep Swedish letters (taggit: "flerspråkighet"), which <slug:> would refuse.
    path("nyckelord/<str:slug>/", views.tag_articles, name="tag"),
    path("flode/", views.feed_list, name="feeds"),
    path("flode/stil.xsl", views.feed_stylesheet, name="feed_stylesheet"),
    path("flode/rss/", feeds.ArticleFeed(), name="feed_rss"),
    path("flode/atom/", feeds.AtomArticleFeed(), name="feed_atom"),
    path("flode/<str:kind>/<slug:slug>/rss/", feeds.ArticleFeed(), name="feed_rss_scoped"),
    path("flode/<str:kind>/<slug:slug>/atom/", feeds.AtomArticleFeed(), name="feed_atom_scoped"),
]
