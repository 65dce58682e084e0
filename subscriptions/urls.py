from django.urls import path

from . import views

app_name = "subscriptions"
urlpatterns = [
    path("prenumerera/", views.subscribe, name="subscribe"),
    path("prenumerera/bekrafta/<str:token>/", views.confirm, name="confirm"),
    path("prenumerera/andra/<str:token>/", views.manage, name="manage"),
    path("prenumerera/avsluta/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
