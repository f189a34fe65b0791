"""URL map of Kết Nạp. Domain apps mount their own url modules here."""

from django.contrib import admin
from django.urls import include, path

from ketnap.api.api import api
from ketnap.web import views as web_views

urlpatterns = [
    path("", web_views.home, name="home"),
    path("login/", web_views.LoginView.as_view(), name="login"),
    path("logout/", web_views.LogoutView.as_view(), name="logout"),
    path("nav/badge/", web_views.nav_badge, name="nav_badge"),
    path("organizations/", include("ketnap.orgs.urls")),
    path("audit/", include("ketnap.audit.urls")),
    path("documents/", include("ketnap.documents.urls")),
    path("jobs/", include("ketnap.jobs.urls")),
    path("2fa/", include("ketnap.twofactor.urls")),
    path("notifications/", include("ketnap.notify.urls")),
    path("rules/", include("ketnap.rulebook.urls")),
    path("plans/", include("ketnap.plans.urls")),
    path("candidates/", include("ketnap.pipeline.urls")),
    path("monitoring/", include("ketnap.monitoring.urls")),
    path("account/api/", include("ketnap.api.urls")),
    path("accounts/", include("ketnap.accounts.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

handler403 = "ketnap.web.errors.forbidden"
handler404 = "ketnap.web.errors.not_found"
handler400 = "ketnap.web.errors.bad_request"
handler500 = "ketnap.web.errors.server_error"
