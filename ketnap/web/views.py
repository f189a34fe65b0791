"""Home page, the login/logout pages and the lazily loaded navigation badges."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.html import format_html

from ketnap.orgs import selectors
from ketnap.orgs.models import Membership, Organization
from ketnap.web.forms import LoginForm
from ketnap.web.navigation import NAV_ITEMS


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


@login_required
def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_superuser and not Organization.objects.exists():
        # An empty install: lead the first superuser to create the top organisation(s).
        return redirect("orgs:first_run")
    on = timezone.localdate()
    memberships = Membership.objects.filter(user_id=request.user.pk or 0).select_related(
        "organization", "mass_organization"
    )
    rows = selectors.tree_rows(selectors.visible_roots(request.user), on)
    return render(request, "web/home.html", {"memberships": memberships, "rows": rows, "on": on})


@login_required
def nav_badge(request: HttpRequest) -> HttpResponse:
    """The number on one navigation entry (e.g. overdue steps), fetched after the page
    has loaded; empty when there is nothing to show or the entry is not the user's."""
    name = request.GET.get("item", "")
    item = next((i for i in NAV_ITEMS if i.url_name == name and i.badge is not None), None)
    if item is None or item.badge is None or not item.visible(request.user):
        return HttpResponse("")
    count = item.badge(request.user)
    if not count:
        return HttpResponse("")
    return HttpResponse(format_html('<span class="badge text-bg-warning" data-testid="nav-badge">{}</span>', count))
