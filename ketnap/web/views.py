"""Home page and the login/logout pages."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from ketnap.orgs import selectors
from ketnap.orgs.models import Membership
from ketnap.web.forms import LoginForm


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


@login_required
def home(request: HttpRequest) -> HttpResponse:
    on = timezone.localdate()
    memberships = Membership.objects.filter(user_id=request.user.pk or 0).select_related(
        "organization", "mass_organization"
    )
    rows = selectors.tree_rows(selectors.visible_roots(request.user), on)
    return render(request, "web/home.html", {"memberships": memberships, "rows": rows, "on": on})
