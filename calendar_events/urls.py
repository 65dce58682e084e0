from django.urls import path

from . import views

app_name = "events"
urlpatterns = [
    path("kalender/", views.upcoming, name="upcoming"),
    path("kalender/arkiv/", views.archive, name="archive"),
    path("kalender/pedagogsajten.ics", views.feed, name="feed"),
    path("kalender/kommun/<slug:slug>.ics", views.municipality_feed, name="municipality_feed"),
    path("kalender/evenemang/<int:pk>.ics", views.event_file, name="event_file"),
]
