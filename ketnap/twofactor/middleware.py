"""After the password, a user who must (or chose to) use a second factor is sent to
enrol or to enter a code before any other page."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django_otp import user_has_device

from ketnap.twofactor.policy import required_for

_OPEN_PREFIXES = ("/2fa/", "/login/", "/logout/", "/static/", "/media/", "/api/")


class RequireTwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()  # type: ignore[union-attr,attr-defined]
            and not request.path.startswith(_OPEN_PREFIXES)
            and not request.path.startswith("/" + str(settings.STATIC_URL).lstrip("/"))
        ):
            enrolled = user_has_device(user)
            if enrolled or required_for(user):
                target = "twofactor:verify" if enrolled else "twofactor:setup"
                response = redirect(target)
                response["Location"] += "?" + urlencode({"next": request.get_full_path()})
                return response
        return self.get_response(request)
