from django.urls import path

from . import views

app_name = "municipalities"
urlpatterns = [
    path("kommuner/", views.municipality_index, name="index"),
]
