"""URLs of the API app: the API itself and the token page of the account."""

from django.urls import path

from ketnap.api import views

app_name = "api_tokens"

urlpatterns = [
    path("tokens/", views.tokens_page, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.revoke, name="revoke"),
]
