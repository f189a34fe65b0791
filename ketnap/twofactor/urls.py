from django.urls import path

from ketnap.twofactor import views

app_name = "twofactor"
urlpatterns = [
    path("setup/", views.setup, name="setup"),
    path("verify/", views.verify, name="verify"),
    path("reset/", views.reset_list, name="reset_list"),
    path("reset/<int:pk>/", views.reset, name="reset"),
]
