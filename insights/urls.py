from django.urls import path

from . import views

app_name = "insights"
urlpatterns = [
    path("aterkoppling/<int:article_id>/", views.submit_feedback, name="feedback"),
]
