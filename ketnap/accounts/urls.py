from django.contrib.auth.decorators import login_required
from django.urls import path

from ketnap.accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.user_list, name="list"),
    path("add/", views.add, name="add"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/roles/<int:membership_pk>/end/", views.end_role, name="end_role"),
    path("<int:pk>/link/", views.issue_link, name="issue_link"),
    path("<int:pk>/unlock/", views.unlock, name="unlock"),
    path("password/", login_required(views.PasswordChangeView.as_view()), name="password_change"),
    path("set-password/<uidb64>/<token>/", views.SetPasswordView.as_view(), name="set_password"),
    path("set-password/done/", views.password_set, name="password_set"),
]
