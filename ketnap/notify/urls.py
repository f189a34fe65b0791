from django.urls import path

from ketnap.notify import views

app_name = "notify"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("read/", views.mark_read, name="read"),
    path("preference/", views.preference, name="preference"),
    path("optout/<str:token>/", views.optout, name="optout"),
]
