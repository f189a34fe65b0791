from django.urls import path

from ketnap.rulebook import views

app_name = "rulebook"
urlpatterns = [path("", views.lookup, name="lookup")]
